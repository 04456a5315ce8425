package dev.oltpmesh.support.config;

import dev.oltpmesh.model.event.ConfigEvent;
import dev.oltpmesh.support.kafka.MeshDeserializer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Reads the compacted {@code mesh.config} topic from its beginning, then follows it, into a
 * {@link ConfigSnapshot}. It uses no consumer group: every instance needs every record. The
 * service is ready only once it has caught up with what was on the topic when it started.
 */
public class ConfigFollower implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(ConfigFollower.class);

    private final ConfigSnapshot snapshot;
    private final String bootstrapServers;
    private final String topic;
    private final CountDownLatch caughtUp = new CountDownLatch(1);
    private volatile KafkaConsumer<String, ConfigEvent> consumer;
    private volatile Thread thread;
    private volatile boolean running;

    public ConfigFollower(ConfigSnapshot snapshot, String bootstrapServers, String topic) {
        this.snapshot = snapshot;
        this.bootstrapServers = bootstrapServers;
        this.topic = topic;
    }

    public boolean isCaughtUp() {
        return caughtUp.getCount() == 0;
    }

    public boolean awaitCaughtUp(Duration timeout) throws InterruptedException {
        return caughtUp.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void start() {
        consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false),
                new StringDeserializer(), new MeshDeserializer<>(ConfigEvent.class));
        running = true;
        thread = new Thread(this::follow, "config-follower-" + topic);
        thread.setDaemon(true);
        thread.start();
    }

    private void follow() {
        try {
            List<TopicPartition> partitions = awaitPartitions();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> startEnd = consumer.endOffsets(partitions);
            while (running) {
                for (ConsumerRecord<String, ConfigEvent> record : consumer.poll(Duration.ofMillis(500))) {
                    if (record.value() != null) {
                        snapshot.apply(record.value());
                    }
                }
                if (!isCaughtUp() && startEnd.entrySet().stream()
                        .allMatch(e -> consumer.position(e.getKey()) >= e.getValue())) {
                    log.info("configuration caught up: {} tables, {} active peers, placement version {}",
                            snapshot.tables().size(), snapshot.activePeers().size(), snapshot.placementVersion());
                    caughtUp.countDown();
                }
            }
        } catch (WakeupException e) {
            if (running) {
                throw e;
            }
        } catch (RuntimeException e) {
            log.error("configuration follower stopped", e);
        } finally {
            consumer.close(Duration.ofSeconds(2));
        }
    }

    private List<TopicPartition> awaitPartitions() {
        while (running) {
            var infos = consumer.partitionsFor(topic, Duration.ofSeconds(10));
            if (infos != null && !infos.isEmpty()) {
                return infos.stream().map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            }
        }
        throw new WakeupException();
    }

    @Override
    public void stop() {
        running = false;
        if (consumer != null) {
            consumer.wakeup();
        }
        if (thread != null) {
            try {
                thread.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        // Before the listener containers, so that no event is handled against an empty snapshot.
        return Integer.MAX_VALUE - 1000;
    }
}
