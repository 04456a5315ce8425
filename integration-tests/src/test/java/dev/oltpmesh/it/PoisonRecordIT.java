package dev.oltpmesh.it;

import dev.oltpmesh.cluster.MeshCluster;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Records nobody can read, on every topic the mesh reads: each is dead-lettered and stepped over,
 * no thread dies, the mesh stays ready, and transactions over every peer go on committing.
 */
class PoisonRecordIT {

    private static final List<String> TOPICS = List.of("mesh.config", "mesh.tx.events", "mesh.router.state",
            "mesh.tx.submitted", "mesh.peer.peer-1", "mesh.peer.peer-2.decisions");

    @Test
    void shouldDeadLetterAndStepOverAnUnreadableRecordOnEveryTopic() throws Exception {
        MeshCluster cluster = SharedCluster.get();
        MeshClient mesh = new MeshClient(cluster);
        assertThat(mesh.put("/v1/admin/tables/poison_check", """
                {"columns":[{"name":"k","type":"text","nullable":false}],"primaryKey":["k"],
                 "placement":{"strategy":"HASH","column":"k","shards":6}}""").status()).isIn(200, 201);
        String marker = "poison-" + UUID.randomUUID();
        List<byte[]> poisons = List.of(("{not json " + marker).getBytes(StandardCharsets.UTF_8),
                ("{\"type\":\"NoSuchEvent\",\"m\":\"" + marker + "\"}").getBytes(StandardCharsets.UTF_8),
                new byte[]{(byte) 0xff, (byte) 0xfe, 0, 1});
        try (var producer = new KafkaProducer<String, byte[]>(KafkaClients.operator(cluster), new StringSerializer(), new ByteArraySerializer())) {
            for (String topic : TOPICS) {
                for (byte[] poison : poisons) {
                    producer.send(new ProducerRecord<>(topic, marker, poison)).get();
                }
            }
        }
        // Enough rows that, whatever the random marker hashes to, peer-1 and peer-2 (whose inbox and
        // decisions were poisoned) take part: each misses all of them with a chance below 1e-7.
        StringBuilder rows = new StringBuilder("[");
        for (int i = 0; i < 96; i++) {
            rows.append(i == 0 ? "" : ",").append("{\"k\":\"").append(marker).append(i).append("\"}");
        }
        var answer = mesh.post("/v1/tx?wait=committed", "{\"inserts\":[{\"table\":\"poison_check\",\"rows\":" + rows + "]}]}");
        assertThat(answer.body().get("status").asString()).isEqualTo("COMMITTED");
        List<String> peers = new ArrayList<>();
        answer.body().get("parts").forEach(part -> peers.add(part.get("peer").asString()));
        assertThat(peers).contains("peer-1", "peer-2");
        assertThat(mesh.send(mesh.request("/actuator/health/readiness").GET()).status()).isEqualTo(200);

        try (var consumer = new KafkaConsumer<String, String>(KafkaClients.operator(cluster,
                ConsumerConfig.GROUP_ID_CONFIG, "it-poison-" + marker,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of("mesh.dlq"));
            List<String> letters = new ArrayList<>();
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                consumer.poll(Duration.ofMillis(500)).forEach(r -> letters.add(r.value()));
                for (String topic : TOPICS) {
                    assertThat(letters).as("dead letters from " + topic)
                            .anyMatch(l -> l.contains("\"topic\":\"" + topic + "\"") && l.contains(marker));
                }
            });
        }
    }
}
