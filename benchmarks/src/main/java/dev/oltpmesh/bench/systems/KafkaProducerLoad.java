package dev.oltpmesh.bench.systems;

import dev.oltpmesh.bench.Parallel;
import dev.oltpmesh.bench.Payment;
import dev.oltpmesh.bench.Plan;
import dev.oltpmesh.model.event.TableRows;
import dev.oltpmesh.model.event.TransactionSubmitted;
import dev.oltpmesh.model.json.MeshJson;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Future;

/**
 * The ceiling of the backbone: the mesh's own submitted-transaction events, serialized beforehand,
 * produced to the same broker with acks=all and idempotence, each producer thread keeping as many
 * sends in flight as Kafka allows.
 */
public final class KafkaProducerLoad implements AutoCloseable {

    private static final String TOPIC = "bench.kafka-producer";

    private final KafkaProducer<String, byte[]> producer;

    /** {@code client}: how to reach the cluster's Kafka as its operator (bootstrap servers and credentials). */
    public KafkaProducerLoad(Map<String, Object> client) throws Exception {
        try (Admin admin = Admin.create(client)) {
            admin.createTopics(List.of(new NewTopic(TOPIC, 3, (short) 1))).all().get();
        }
        Map<String, Object> config = new java.util.HashMap<>(client);
        config.putAll(Map.of(ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.LINGER_MS_CONFIG, 1, ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 16_777_216));
        producer = new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer());
    }

    public void warmUp(Plan plan, List<List<Payment>> batches) throws Exception {
        send(plan, producer, events(batches));
    }

    /** The events are serialized before the clock starts: this is the broker's ceiling, not Jackson's. */
    public double rowsPerSecond(Plan plan, List<List<Payment>> batches) throws Exception {
        List<byte[]> events = events(batches);
        long nanos = send(plan, producer, events);
        return Parallel.perSecond(batches.stream().mapToLong(List::size).sum(), nanos);
    }

    @Override
    public void close() {
        producer.close();
    }

    private static long send(Plan plan, KafkaProducer<String, byte[]> producer, List<byte[]> events) throws Exception {
        return Parallel.run(plan.clients(), chunks(events, 50), chunk -> {
            List<Future<?>> acks = new ArrayList<>();
            for (byte[] event : chunk) {
                acks.add(producer.send(new ProducerRecord<>(TOPIC, UUID.randomUUID().toString(), event)));
            }
            for (Future<?> ack : acks) {
                ack.get();
            }
        });
    }

    private static List<byte[]> events(List<List<Payment>> batches) {
        List<byte[]> events = new ArrayList<>(batches.size());
        for (List<Payment> batch : batches) {
            List<Map<String, Object>> rows = new ArrayList<>(batch.size());
            for (Payment p : batch) {
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("account", p.account());
                row.put("id", p.id().toString());
                row.put("qty", p.qty());
                row.put("price", p.price().toPlainString());
                row.put("ts", p.ts().toString());
                rows.add(row);
            }
            events.add(MeshJson.toBytes(TransactionSubmitted.sealed(UUID.randomUUID().toString(), Instant.now(), null,
                    null, List.of(new TableRows("bench_payment", 1, rows)), "bench")));
        }
        return events;
    }

    private static <T> List<List<T>> chunks(List<T> items, int size) {
        List<List<T>> chunks = new ArrayList<>();
        for (int i = 0; i < items.size(); i += size) {
            chunks.add(items.subList(i, Math.min(items.size(), i + size)));
        }
        return chunks;
    }
}
