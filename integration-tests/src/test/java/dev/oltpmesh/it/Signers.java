package dev.oltpmesh.it;

import dev.oltpmesh.cluster.MeshCluster;
import dev.oltpmesh.model.security.ServiceRole;
import dev.oltpmesh.support.identity.IdentityProperties;
import dev.oltpmesh.support.identity.KeyFiles;
import dev.oltpmesh.support.kafka.MeshSerializer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringSerializer;

import java.util.Map;

/** Producers that sign as one of the cluster's services, with its key from the cluster's key folder. */
final class Signers {

    private Signers() {
    }

    static KafkaProducer<String, Object> producerAs(MeshCluster cluster, String service, ServiceRole role) {
        var identity = KeyFiles.load(new IdentityProperties(service, role, cluster.dataDir().resolve("keys"), null,
                false));
        return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers()),
                new StringSerializer(), new MeshSerializer<>(identity));
    }
}
