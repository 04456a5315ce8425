package dev.oltpmesh.it;

import dev.oltpmesh.cluster.MeshCluster;
import dev.oltpmesh.model.security.ServiceRole;
import dev.oltpmesh.support.identity.IdentityProperties;
import dev.oltpmesh.support.identity.KeyFiles;
import dev.oltpmesh.support.identity.ServiceIdentity;
import dev.oltpmesh.support.kafka.MeshSerializer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringSerializer;

import java.time.Duration;
import java.util.Map;

/** The cluster's services' identities, from its key folder, and producers that sign as one of them. */
final class Signers {

    private Signers() {
    }

    static ServiceIdentity identity(MeshCluster cluster, String service, ServiceRole role) {
        return KeyFiles.load(new IdentityProperties(service, role, cluster.dataDir().resolve("keys"), null, false,
                Duration.ofSeconds(10)));
    }

    static KafkaProducer<String, Object> producerAs(MeshCluster cluster, String service, ServiceRole role) {
        return new KafkaProducer<>(KafkaClients.operator(cluster),
                new StringSerializer(), new MeshSerializer<>(identity(cluster, service, role)));
    }

    /** Events as the router produces them, signed with its key. */
    static KafkaProducer<String, Object> router(MeshCluster cluster) {
        return producerAs(cluster, "router", ServiceRole.ROUTER);
    }
}
