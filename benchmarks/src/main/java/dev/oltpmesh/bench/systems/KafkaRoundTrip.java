package dev.oltpmesh.bench.systems;

import dev.oltpmesh.bench.OpenLoop;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The floor of one hop of the mesh: a record produced to the run's broker (acks=all, idempotent) and
 * consumed by a consumer that waits for it, at a fixed offered rate. Transactional: each record in a
 * Kafka transaction of its own, read with {@code read_committed}, as every hop of the mesh's commit
 * path is (one transaction at a time: at the offered rate they do not queue).
 */
public final class KafkaRoundTrip {

    private final Map<String, Object> client;

    /** {@code client}: how to reach the cluster's Kafka as its operator (bootstrap servers and credentials). */
    public KafkaRoundTrip(Map<String, Object> client) {
        this.client = client;
    }

    public OpenLoop.Result measure(int ratePerSecond, int seconds, boolean transactional) throws Exception {
        String topic = "bench.round-trip." + (transactional ? "transactional" : "plain");
        try (Admin admin = Admin.create(client)) {
            if (!admin.listTopics().names().get().contains(topic)) {
                admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get();
            }
        }
        Map<String, Object> producerConfig = new HashMap<>(client);
        producerConfig.putAll(Map.of(ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.LINGER_MS_CONFIG, 0));
        if (transactional) {
            producerConfig.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "bench-round-trip-" + UUID.randomUUID());
        }
        Map<String, Object> consumerConfig = new HashMap<>(client);
        consumerConfig.putAll(Map.of(ConsumerConfig.GROUP_ID_CONFIG, "bench-round-trip-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, transactional ? "read_committed" : "read_uncommitted"));
        Map<String, CompletableFuture<Void>> waiting = new ConcurrentHashMap<>();
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(producerConfig, new StringSerializer(),
                new ByteArraySerializer());
             KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(consumerConfig, new StringDeserializer(),
                     new ByteArrayDeserializer())) {
            if (transactional) {
                producer.initTransactions();
            }
            consumer.subscribe(List.of(topic));
            while (consumer.assignment().isEmpty()) {
                consumer.poll(Duration.ofMillis(100));
            }
            // Where it starts reading is settled now, before the first record is sent.
            consumer.assignment().forEach(consumer::position);
            AtomicBoolean running = new AtomicBoolean(true);
            Thread reader = Thread.ofPlatform().daemon().name("bench-round-trip-consumer").start(() -> {
                try {
                    while (running.get()) {
                        for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(100))) {
                            CompletableFuture<Void> done = waiting.remove(record.key());
                            if (done != null) {
                                done.complete(null);
                            }
                        }
                    }
                } catch (WakeupException e) {
                    // asked to stop
                }
            });
            byte[] payload = new byte[200];
            try {
                return OpenLoop.run(ratePerSecond, seconds, i -> {
                    String key = Integer.toString(i);
                    CompletableFuture<Void> done = new CompletableFuture<>();
                    waiting.put(key, done);
                    synchronized (producer) {
                        if (transactional) {
                            producer.beginTransaction();
                            try {
                                producer.send(new ProducerRecord<>(topic, key, payload));
                                producer.commitTransaction();
                            } catch (RuntimeException e) {
                                producer.abortTransaction();
                                throw e;
                            }
                        } else {
                            producer.send(new ProducerRecord<>(topic, key, payload));
                        }
                    }
                    done.get(30, TimeUnit.SECONDS);
                });
            } finally {
                running.set(false);
                consumer.wakeup();
                // Until it has left poll: the consumer is closed next, and only one thread may use it.
                reader.join();
            }
        }
    }
}
