package dev.oltpmesh.router.tracking;

import dev.oltpmesh.model.event.PartApplied;
import dev.oltpmesh.model.event.PartRefused;
import dev.oltpmesh.model.event.TransactionCommitted;
import dev.oltpmesh.model.event.TransactionFailed;
import dev.oltpmesh.model.event.TransactionRouted;
import dev.oltpmesh.model.event.TxEvent;
import dev.oltpmesh.support.outcome.TransactionTracker;
import dev.oltpmesh.router.RouterProperties;
import dev.oltpmesh.support.kafka.MeshDeserializer;
import dev.oltpmesh.support.kafka.TopicFollower;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Consumes {@code mesh.tx.events} and publishes each transaction's outcome there once every peer
 * has answered. It replays the topic at start and decides nothing until it has caught up, so an
 * outcome written before a restart is not written again.
 */
@Component
class TxEventsEventHandler {

    private final TransactionTracker tracker = new TransactionTracker();
    private final KafkaTemplate<String, Object> kafka;
    private final String eventsTopic;
    private final TopicFollower<TxEvent> follower;
    private final Counter committed;
    private final Counter failed;
    private final Timer commitLatency;

    TxEventsEventHandler(KafkaTemplate<String, Object> kafka, RouterProperties properties, KafkaProperties kafkaProps,
                         MeterRegistry meters) {
        this.kafka = kafka;
        this.eventsTopic = properties.topics().events();
        this.follower = new TopicFollower<>(kafkaProps, eventsTopic,
                new MeshDeserializer<>(TxEvent.class), this::on);
        this.committed = Counter.builder("mesh.transactions").tag("outcome", "committed").register(meters);
        this.failed = Counter.builder("mesh.transactions").tag("outcome", "failed").register(meters);
        this.commitLatency = Timer.builder("mesh.transactions.commit.latency")
                .description("from acceptance by the gateway to the outcome").publishPercentileHistogram()
                .register(meters);
        Gauge.builder("mesh.transactions.pending", this, h -> h.pendingCount()).register(meters);
    }

    TopicFollower<TxEvent> follower() {
        return follower;
    }

    private synchronized int pendingCount() {
        return tracker.pendingCount();
    }

    private synchronized void on(List<ConsumerRecord<String, TxEvent>> records, boolean caughtUp) {
        for (ConsumerRecord<String, TxEvent> record : records) {
            if (record.value() != null) {
                tracker.apply(record.value());
            }
        }
        if (!caughtUp) {
            return;
        }
        List<TxEvent> outcomes = tracker.decide(Instant.now());
        if (outcomes.isEmpty()) {
            return;
        }
        kafka.executeInTransaction(t -> {
            outcomes.forEach(o -> t.send(eventsTopic, o.txId(), o));
            return null;
        });
        tracker.written(outcomes);
        for (TxEvent outcome : outcomes) {
            switch (outcome) {
                case TransactionCommitted c -> {
                    committed.increment();
                    commitLatency.record(Duration.between(c.submittedAt(), c.committedAt()));
                }
                case TransactionFailed _ -> failed.increment();
                case TransactionRouted _, PartApplied _, PartRefused _ -> throw new IllegalStateException(
                        "the tracker decided " + outcome + ", which is not an outcome");
            }
        }
    }
}
