package dev.oltpmesh.router.tracking;

import dev.oltpmesh.support.identity.EventSignatures;
import dev.oltpmesh.support.identity.ServiceIdentity;
import dev.oltpmesh.support.kafka.SignedTogether;
import dev.oltpmesh.model.event.PartAborted;
import dev.oltpmesh.model.event.PartApplied;
import dev.oltpmesh.model.event.PartCommitted;
import dev.oltpmesh.model.event.PartPrepared;
import dev.oltpmesh.model.event.PartRefused;
import dev.oltpmesh.model.event.TransactionCommitted;
import dev.oltpmesh.model.event.TransactionDecided;
import dev.oltpmesh.model.event.TransactionFailed;
import dev.oltpmesh.model.event.TransactionRouted;
import dev.oltpmesh.model.event.TxEvent;
import dev.oltpmesh.router.RouterProperties;
import dev.oltpmesh.support.kafka.KafkaTracing;
import dev.oltpmesh.support.kafka.MeshDeserializer;
import dev.oltpmesh.support.kafka.MeshTopics;
import dev.oltpmesh.support.kafka.TopicFollower;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.List;

/**
 * Follows {@code mesh.tx.events} and writes the coordinator's decisions and outcomes: to the events
 * topic, and each two-phase decision also to the inbox of every participant, in one Kafka
 * transaction. It replays the topic at start and decides nothing until it has caught up, so a
 * decision written before a restart is kept, never made again differently.
 */
@Component
class TxEventsEventHandler {

    private final TransactionCoordinator coordinator;
    private final KafkaTemplate<String, Object> kafka;
    private final RecentlyRouted recentlyRouted;
    private final MeshTopics topics;
    private final TopicFollower<TxEvent> follower;
    private final Counter committed;
    private final Counter aborted;
    private final Counter failed;
    private final ServiceIdentity identity;
    private final KafkaTracing tracing;

    TxEventsEventHandler(KafkaTemplate<String, Object> kafka, RouterProperties properties, KafkaProperties kafkaProps,
                         RecentlyRouted recentlyRouted, MeterRegistry meters, EventSignatures signatures,
                         ServiceIdentity identity, KafkaTracing tracing) {
        this.identity = identity;
        this.tracing = tracing;
        this.kafka = kafka;
        this.recentlyRouted = recentlyRouted;
        this.topics = properties.topics();
        this.coordinator = new TransactionCoordinator(properties.prepareTimeout());
        this.follower = new TopicFollower<>(kafkaProps, topics.events(), topics.dlq(),
                new MeshDeserializer<>(TxEvent.class, signatures), this::on);
        this.committed = Counter.builder("mesh.router.decisions").tag("decision", "committed").register(meters);
        this.aborted = Counter.builder("mesh.router.decisions").tag("decision", "aborted").register(meters);
        this.failed = Counter.builder("mesh.router.decisions").tag("decision", "failed").register(meters);
        Gauge.builder("mesh.transactions.pending", this, TxEventsEventHandler::pendingCount)
                .description("transactions routed and not yet committed or failed").register(meters);
    }

    TopicFollower<TxEvent> follower() {
        return follower;
    }

    private synchronized int pendingCount() {
        return coordinator.pendingCount();
    }

    /** A transaction with an Idempotency-Key may be submitted again under its txId: it is routed once. */
    private void rememberKeyed(TxEvent event, Instant at) {
        switch (event) {
            case TransactionRouted routed -> {
                if (routed.idempotencyKey() != null) {
                    recentlyRouted.add(routed.txId(), at);
                }
            }
            case TransactionDecided _, TransactionCommitted _, TransactionFailed _, PartApplied _, PartPrepared _,
                 PartRefused _, PartCommitted _, PartAborted _ -> {
            }
        }
    }

    private synchronized void on(List<ConsumerRecord<String, TxEvent>> records, boolean caughtUp) {
        for (ConsumerRecord<String, TxEvent> record : records) {
            if (record.value() != null) {
                Instant at = Instant.ofEpochMilli(record.timestamp());
                coordinator.apply(record.value(), at);
                rememberKeyed(record.value(), at);
                coordinator.traced(record.value().txId(), tracing.contextIn(record.headers()));
            }
        }
        if (!caughtUp) {
            return;
        }
        List<TxEvent> decided = coordinator.decide(Instant.now());
        if (decided.isEmpty()) {
            return;
        }
        SignedTogether sends = new SignedTogether(identity, tracing);
        for (TxEvent event : decided) {
            try (KafkaTracing.Hop _ = tracing.resumed("decide", coordinator.traceContextOf(event.txId()),
                    event.txId())) {
                sends.add(topics.events(), event.txId(), event);
                switch (event) {
                    case TransactionDecided decision -> decision.participants()
                            .forEach(peer -> sends.add(topics.decisionsOf(peer), event.txId(), event));
                    case TransactionCommitted _, TransactionFailed _, TransactionRouted _, PartApplied _,
                         PartPrepared _, PartRefused _, PartCommitted _, PartAborted _ -> {
                    }
                }
            }
        }
        kafka.executeInTransaction(t -> {
            sends.sendAll(t);
            return null;
        });
        coordinator.written(decided);
        for (TxEvent event : decided) {
            switch (event) {
                case TransactionCommitted _ -> committed.increment();
                case TransactionDecided d when !d.commit() -> aborted.increment();
                case TransactionFailed _ -> failed.increment();
                case TransactionDecided _, TransactionRouted _, PartApplied _, PartPrepared _, PartRefused _,
                     PartCommitted _, PartAborted _ -> {
                }
            }
        }
    }
}
