package dev.oltpmesh.bench.systems;

import dev.oltpmesh.bench.Latencies;
import dev.oltpmesh.model.event.PartAborted;
import dev.oltpmesh.model.event.PartApplied;
import dev.oltpmesh.model.event.PartCommitted;
import dev.oltpmesh.model.event.PartPrepared;
import dev.oltpmesh.model.event.PartRefused;
import dev.oltpmesh.model.event.SubmittedEvent;
import dev.oltpmesh.model.event.TransactionCommitted;
import dev.oltpmesh.model.event.TransactionDecided;
import dev.oltpmesh.model.event.TransactionFailed;
import dev.oltpmesh.model.event.TransactionRouted;
import dev.oltpmesh.model.event.TxEvent;
import dev.oltpmesh.model.json.MeshJson;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Where the time of committed transactions goes, hop by hop: between the client's clock and the
 * times the transaction's events were written to Kafka (each record's CreateTime, set by the service
 * that sent it), read back from {@code mesh.tx.submitted} and {@code mesh.tx.events} after the run.
 * A hop ending at a part's event ends at the last peer's.
 */
public final class MeshHops {

    /** The steps of a transaction in order; a hop is the time from one to the next. */
    private enum Step {
        SENT("client sends"), SUBMITTED("gateway: TransactionSubmitted written"),
        ROUTED("router: parts and TransactionRouted written"), APPLIED("peer: PartApplied written"),
        PREPARED("peers: last PartPrepared written"), DECIDED("router: TransactionDecided written"),
        FINISHED("peers: last PartCommitted written"), COMMITTED("router: TransactionCommitted written"),
        ANSWERED("client has the answer");

        final String label;

        Step(String label) {
            this.label = label;
        }
    }

    private static final String SUBMITTED_TOPIC = "mesh.tx.submitted";
    private static final String EVENTS_TOPIC = "mesh.tx.events";

    private MeshHops() {
    }

    /**
     * p50/p99 of each hop (in ms, record times having millisecond resolution) of those of the given
     * transactions that took one path, two-phase or one-phase, keyed "from → to", and how many they were.
     * A record's time is when its service sent it, before a Kafka transaction that carries it commits.
     */
    public static Map<String, Object> of(Map<String, Object> kafkaClient, Map<String, MeshLoad.ClientTimes> transactions,
                                         boolean twoPhase) {
        Map<String, Map<Step, Long>> steps = new HashMap<>();
        transactions.forEach((txId, times) -> {
            Map<Step, Long> at = new HashMap<>();
            at.put(Step.SENT, times.sentMillis());
            at.put(Step.ANSWERED, times.answeredMillis());
            steps.put(txId, at);
        });
        read(kafkaClient, SUBMITTED_TOPIC, steps.keySet(), record -> {
            SubmittedEvent event = MeshJson.fromBytes(record.value(), SubmittedEvent.class);
            steps.get(event.txId()).put(Step.SUBMITTED, record.timestamp());
        });
        read(kafkaClient, EVENTS_TOPIC, steps.keySet(), record -> {
            TxEvent event = MeshJson.fromBytes(record.value(), TxEvent.class);
            Map<Step, Long> at = steps.get(event.txId());
            Step step = switch (event) {
                case TransactionRouted _ -> Step.ROUTED;
                case PartApplied _ -> Step.APPLIED;
                case PartPrepared _ -> Step.PREPARED;
                case TransactionDecided _ -> Step.DECIDED;
                case PartCommitted _ -> Step.FINISHED;
                case TransactionCommitted _ -> Step.COMMITTED;
                case PartRefused _, PartAborted _, TransactionFailed _ -> null;
            };
            if (step != null) {
                at.merge(step, record.timestamp(), Math::max);
            }
        });
        Map<String, Latencies> hops = new LinkedHashMap<>();
        int count = 0;
        for (Map<Step, Long> at : steps.values()) {
            if (!at.containsKey(twoPhase ? Step.PREPARED : Step.APPLIED)) {
                continue;
            }
            count++;
            Step previous = null;
            for (Step step : Step.values()) {
                if (!at.containsKey(step)) {
                    continue;
                }
                if (previous != null) {
                    hops.computeIfAbsent(previous.label + " → " + step.label, h -> new Latencies())
                            .record(Math.max(0, at.get(step) - at.get(previous)) * 1_000_000L);
                }
                previous = step;
            }
        }
        Map<String, Object> figures = new LinkedHashMap<>();
        hops.forEach((hop, latencies) -> figures.put(hop, Map.of("p50Ms", latencies.percentileMs(50),
                "p99Ms", latencies.percentileMs(99), "count", latencies.count())));
        return Map.of("transactions", count, "hops", figures);
    }

    private interface RecordHandler {
        void on(ConsumerRecord<String, byte[]> record);
    }

    /** Every record of the topic up to its end now whose key is one of the transactions. */
    private static void read(Map<String, Object> kafkaClient, String topic, Set<String> txIds, RecordHandler handler) {
        Map<String, Object> config = new HashMap<>(kafkaClient);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(config, new StringDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            consumer.partitionsFor(topic).forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            while (partitions.stream().anyMatch(p -> consumer.position(p) < ends.get(p))) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    if (record.key() != null && txIds.contains(record.key())) {
                        handler.on(record);
                    }
                }
            }
        }
    }
}
