package dev.oltpmesh.it;

import dev.oltpmesh.cluster.MeshCluster;

import java.util.HashMap;
import java.util.Map;

/** Kafka client settings for tests: the cluster's operator user (a super user), plus a test's own. */
final class KafkaClients {

    private KafkaClients() {
    }

    static Map<String, Object> operator(MeshCluster cluster, Object... keysAndValues) {
        return as(cluster, "operator", keysAndValues);
    }

    static Map<String, Object> as(MeshCluster cluster, String user, Object... keysAndValues) {
        Map<String, Object> settings = new HashMap<>(cluster.kafkaClient(user));
        for (int i = 0; i < keysAndValues.length; i += 2) {
            settings.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return settings;
    }
}
