package dev.oltpmesh.it;

import dev.oltpmesh.cluster.MeshCluster;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.awaitility.Awaitility.await;

/** What the mesh put aside on {@code mesh.dlq}, read as an operator would. */
final class DeadLetters {

    private DeadLetters() {
    }

    /** For each text, the dead letters (JSON) that mention it, once every text has at least one. */
    static Map<String, List<String>> mentioning(MeshCluster cluster, List<String> texts) {
        Map<String, List<String>> found = new java.util.LinkedHashMap<>();
        texts.forEach(t -> found.put(t, new ArrayList<>()));
        try (var consumer = new KafkaConsumer<String, String>(KafkaClients.operator(cluster,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.GROUP_ID_CONFIG, "it-dead-letters-" + UUID.randomUUID()),
                new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of("mesh.dlq"));
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                for (var record : consumer.poll(Duration.ofMillis(500))) {
                    found.forEach((text, letters) -> {
                        if (record.value().contains(text)) {
                            letters.add(record.value());
                        }
                    });
                }
                return found.values().stream().noneMatch(List::isEmpty);
            });
        }
        return found;
    }
}
