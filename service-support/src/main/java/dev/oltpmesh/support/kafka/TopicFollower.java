package dev.oltpmesh.support.kafka;

import dev.oltpmesh.model.event.PartDeadLettered;
import dev.oltpmesh.model.json.MeshJson;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.RecordDeserializationException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.SmartLifecycle;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Reads a whole topic from its beginning, then follows it, handing every committed record to a
 * handler. It uses no consumer group: every instance needs every record to rebuild its view. It
 * is caught up once it has read what was on the topic when it started; until then the service
 * that owns it is not ready.
 */
public class TopicFollower<T> implements SmartLifecycle {

    /** Receives each polled batch; {@code caughtUp} tells whether the replay of history is over. */
    public interface Handler<T> {
        void handle(List<ConsumerRecord<String, T>> records, boolean caughtUp);
    }

    private static final Logger log = LoggerFactory.getLogger(TopicFollower.class);

    private final Map<String, Object> consumerProperties;
    private final String topic;
    private final Deserializer<T> deserializer;
    private final Handler<T> handler;
    private final Duration replayWindow;
    private final String deadLetterTopic;
    private final Map<String, Object> producerProperties;
    private final CountDownLatch caughtUp = new CountDownLatch(1);
    private volatile KafkaConsumer<String, T> consumer;
    private volatile Thread thread;
    private volatile boolean running;
    /** Used by the follower's own thread only. */
    private KafkaProducer<String, byte[]> deadLetters;

    /** Connects as the service's own consumers do (servers, security), but with no group. */
    public TopicFollower(KafkaProperties kafka, String topic, String deadLetterTopic, Deserializer<T> deserializer,
                         Handler<T> handler) {
        this(kafka, topic, deadLetterTopic, deserializer, handler, null);
    }

    /**
     * @param replayWindow how far back to start reading: records older than this are not replayed
     *                     (null: the whole topic)
     */
    public TopicFollower(KafkaProperties kafka, String topic, String deadLetterTopic, Deserializer<T> deserializer,
                         Handler<T> handler, Duration replayWindow) {
        Map<String, Object> properties = new HashMap<>(kafka.buildConsumerProperties());
        properties.remove(ConsumerConfig.GROUP_ID_CONFIG);
        properties.remove(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG);
        properties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        properties.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
        properties.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2000);
        this.consumerProperties = properties;
        this.topic = topic;
        this.deserializer = deserializer;
        this.handler = handler;
        this.replayWindow = replayWindow;
        this.deadLetterTopic = deadLetterTopic;
        Map<String, Object> producer = new HashMap<>(kafka.buildProducerProperties());
        // Plain sends: a follower's dead letter belongs to no transaction of its service.
        producer.remove(ProducerConfig.TRANSACTIONAL_ID_CONFIG);
        producer.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 5000);
        this.producerProperties = producer;
    }

    public boolean isCaughtUp() {
        return caughtUp.getCount() == 0;
    }

    public boolean awaitCaughtUp(Duration timeout) throws InterruptedException {
        return caughtUp.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void start() {
        consumer = new KafkaConsumer<>(consumerProperties, new StringDeserializer(), deserializer);
        running = true;
        thread = new Thread(this::follow, "follower-" + topic);
        thread.setDaemon(true);
        thread.start();
    }

    private void follow() {
        try {
            while (running) {
                try {
                    followFromTheStart();
                } catch (AuthenticationException | AuthorizationException e) {
                    // The broker refuses this service's user or its ACLs for now (being created by Kafka's
                    // start script, or just changed): try again rather than leave the service without
                    // its view for good. The topic is read again from its start, which its handler takes.
                    log.warn("{} refused by Kafka ({}); trying again in 5 s", topic, e.getMessage());
                    pause(Duration.ofSeconds(5));
                }
            }
        } catch (WakeupException e) {
            if (running) {
                log.error("follower of {} woken unexpectedly", topic, e);
            }
        } catch (RuntimeException e) {
            log.error("follower of {} stopped", topic, e);
        } finally {
            consumer.close(Duration.ofSeconds(2));
            if (deadLetters != null) {
                deadLetters.close(Duration.ofSeconds(2));
            }
        }
    }

    private void pause(Duration duration) {
        long until = System.nanoTime() + duration.toNanos();
        while (running && System.nanoTime() < until) {
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private void followFromTheStart() {
        List<TopicPartition> partitions = awaitPartitions();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        if (replayWindow != null) {
            long since = System.currentTimeMillis() - replayWindow.toMillis();
            Map<TopicPartition, Long> times = new HashMap<>();
            partitions.forEach(p -> times.put(p, since));
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            consumer.offsetsForTimes(times).forEach((p, found) ->
                    consumer.seek(p, found == null ? ends.get(p) : found.offset()));
        }
        Map<TopicPartition, Long> endAtStart = consumer.endOffsets(partitions);
        while (running) {
            ConsumerRecords<String, T> polled;
            try {
                polled = consumer.poll(Duration.ofMillis(200));
            } catch (RecordDeserializationException e) {
                // Only the mesh's own services write these topics, so an unreadable record is a bug or
                // an intruder: it is named in the log and stepped over, and the follower goes on.
                String reason = e.getCause() != null ? e.getCause().getMessage() : e.getMessage();
                log.error("skipping unreadable record {}@{} of {}: {}", e.topicPartition(), e.offset(), topic, reason);
                deadLetter(e, reason);
                consumer.seek(e.topicPartition(), e.offset() + 1);
                continue;
            }
            List<ConsumerRecord<String, T>> records = new ArrayList<>(polled.count());
            polled.forEach(records::add);
            boolean done = isCaughtUp() || endAtStart.entrySet().stream()
                    .allMatch(e -> consumer.position(e.getKey()) >= e.getValue());
            try {
                handler.handle(records, done);
            } catch (RuntimeException batchFailed) {
                // One record the handler cannot take must not cost the others of its batch: each is taken
                // alone, and only the one that fails again is stepped over, named in the log.
                for (ConsumerRecord<String, T> record : records) {
                    try {
                        handler.handle(List.of(record), done);
                    } catch (RuntimeException e) {
                        log.error("handler of {} failed on record {}-{}@{}; stepped over", topic, record.topic(),
                                record.partition(), record.offset(), e);
                    }
                }
            }
            if (done && !isCaughtUp()) {
                log.info("{} caught up", topic);
                caughtUp.countDown();
            }
        }
    }

    /** Kept whole on the dead-letter topic for a person; a failure to send is logged, never fatal. */
    private void deadLetter(RecordDeserializationException e, String reason) {
        ByteBuffer value = e.valueBuffer();
        byte[] bytes = null;
        if (value != null) {
            bytes = new byte[value.remaining()];
            value.duplicate().get(bytes);
        }
        PartDeadLettered letter = PartDeadLettered.of(null, null, "unreadable: " + reason, e.topicPartition().topic(),
                e.topicPartition().partition(), e.offset(), bytes);
        try {
            if (deadLetters == null) {
                // Made at the first dead letter (most followers never write one), then kept: a run of bad
                // records is not a run of connections.
                deadLetters = new KafkaProducer<>(producerProperties, new StringSerializer(), new ByteArraySerializer());
            }
            deadLetters.send(new ProducerRecord<>(deadLetterTopic, topic, MeshJson.toBytes(letter))).get(10, TimeUnit.SECONDS);
        } catch (Exception failed) {
            log.warn("the unreadable record {}@{} could not be dead-lettered: {}", e.topicPartition(), e.offset(),
                    failed.getMessage());
        }
    }

    private List<TopicPartition> awaitPartitions() {
        while (running) {
            var infos = consumer.partitionsFor(topic, Duration.ofSeconds(5));
            if (infos != null && !infos.isEmpty()) {
                return infos.stream().map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            }
            log.info("waiting for topic {} to exist", topic);
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
        // Started before the listener containers, so that no event is handled against an empty view.
        return Integer.MAX_VALUE - 1000;
    }
}
