package dev.oltpmesh.router.submit;

import dev.oltpmesh.model.event.Checksums;
import dev.oltpmesh.model.event.PartDeadLettered;
import dev.oltpmesh.model.event.PartRouted;
import dev.oltpmesh.model.event.PartSummary;
import dev.oltpmesh.model.event.RoutingAdopted;
import dev.oltpmesh.model.event.SubmittedEvent;
import dev.oltpmesh.model.event.TransactionFailed;
import dev.oltpmesh.model.event.TransactionSubmitted;
import dev.oltpmesh.router.RouterProperties;
import dev.oltpmesh.router.placement.RoutingAnnouncements;
import dev.oltpmesh.router.placement.RoutingRefusedException;
import dev.oltpmesh.router.placement.TransactionSplitter;
import dev.oltpmesh.router.tracking.RecentlyRouted;
import dev.oltpmesh.support.config.ConfigSnapshot;
import dev.oltpmesh.support.config.ConfigUnavailableException;
import dev.oltpmesh.support.identity.EventSignatures;
import dev.oltpmesh.support.identity.ServiceIdentity;
import dev.oltpmesh.support.kafka.KafkaTracing;
import dev.oltpmesh.support.kafka.MeshTopics;
import dev.oltpmesh.support.kafka.SignedTogether;
import dev.oltpmesh.support.kafka.TopicFollower;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.KafkaException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.context.event.EventListener;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.event.ListenerContainerIdleEvent;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Consumes {@code mesh.tx.submitted}. Runs inside the listener container's Kafka transaction: the
 * parts for every peer, the TransactionRouted event, the moved insert pointers and the consumed
 * offsets commit together or not at all, so a crash never loses or duplicates a part.
 */
@Component
class TxSubmittedEventHandler {

    private static final Logger log = LoggerFactory.getLogger(TxSubmittedEventHandler.class);

    private final TransactionSplitter splitter;
    private final RecentlyRouted recentlyRouted;
    private final KafkaTemplate<String, Object> kafka;
    private final MeshTopics topics;
    private final List<TopicFollower<?>> followers;
    private final Counter routed;
    private final Counter refused;

    private final EventSignatures signatures;
    private final ConfigSnapshot snapshot;
    private final RoutingAnnouncements announcements;
    private final ServiceIdentity identity;
    private final KafkaTracing tracing;

    TxSubmittedEventHandler(TransactionSplitter splitter, KafkaTemplate<String, Object> kafka,
                            RouterProperties properties, List<TopicFollower<?>> followers, RecentlyRouted recentlyRouted,
                            MeterRegistry meters, EventSignatures signatures, ConfigSnapshot snapshot,
                            RoutingAnnouncements announcements, ServiceIdentity identity, KafkaTracing tracing) {
        this.identity = identity;
        this.tracing = tracing;
        this.announcements = announcements;
        this.signatures = signatures;
        this.snapshot = snapshot;
        this.splitter = splitter;
        this.recentlyRouted = recentlyRouted;
        this.kafka = kafka;
        this.topics = properties.topics();
        this.followers = followers;
        this.routed = Counter.builder("mesh.router.transactions").tag("outcome", "routed").register(meters);
        this.refused = Counter.builder("mesh.router.transactions").tag("outcome", "refused").register(meters);
    }

    @KafkaListener(id = "tx-submitted", topics = "${mesh.router.topics.submitted:mesh.tx.submitted}", batch = "true")
    void on(List<ConsumerRecord<String, byte[]>> records) throws InterruptedException {
        awaitFollowers();
        // Before this batch is routed: a move waiting for the version need not wait for the batch too.
        announceVersion();
        // Keyed txIds routed in this batch: known to RecentlyRouted only once their TransactionRouted is
        // committed and read back, so that a batch whose Kafka transaction rolls back is routed again.
        Set<String> routedNow = new HashSet<>();
        // The batch's parts and events signed together: one signature for the batch, not one per record.
        SignedTogether sends = new SignedTogether(identity, tracing);
        for (ConsumerRecord<String, byte[]> record : records) {
            SubmittedEvent event;
            try {
                event = signatures.open(record.topic(), record.headers(), record.value(), SubmittedEvent.class);
            } catch (RuntimeException e) {
                deadLetter(record, "not an acceptable SubmittedEvent: " + e.getMessage());
                continue;
            }
            MDC.put("txId", event.txId());
            try (KafkaTracing.Hop _ = tracing.consumed("route", record.headers(), event.txId())) {
                switch (event) {
                    case TransactionSubmitted tx -> route(record, tx, routedNow, sends);
                }
            } finally {
                MDC.remove("txId");
            }
        }
        sends.sendAll(kafka);
    }

    private void route(ConsumerRecord<String, byte[]> record, TransactionSubmitted tx, Set<String> routedNow,
                       SignedTogether sends) {
        if (!Checksums.of(tx).equals(tx.checksum())) {
            fail(tx, "the transaction's checksum does not match its content");
            deadLetter(record, "checksum mismatch");
            return;
        }
        if (tx.idempotencyKey() != null && (recentlyRouted.contains(tx.txId()) || routedNow.contains(tx.txId()))) {
            log.info("transaction submitted again under the same txId; routed once already, ignored");
            return;
        }
        try {
            TransactionSplitter.Routing routing = splitter.split(tx);
            for (PartRouted part : routing.parts()) {
                sends.add(topics.inboxOf(part.peer()), tx.txId(), part);
            }
            sends.add(topics.events(), tx.txId(), routing.routed());
            routing.pointers().forEach(p -> sends.add(topics.routerState(), p.key(), p));
            routed.increment();
            if (tx.idempotencyKey() != null) {
                routedNow.add(tx.txId());
            }
            log.debug("routed {} rows in {} parts", tx.rowCount(), routing.parts().size());
        } catch (RoutingRefusedException e) {
            fail(tx, e.getMessage());
        } catch (ConfigUnavailableException | KafkaException e) {
            // Transient: the batch's Kafka transaction rolls back and the batch is read again later.
            throw e;
        } catch (RuntimeException e) {
            // Anything else this one transaction caused is its refusal, never a batch retried forever.
            log.error("transaction could not be routed", e);
            fail(tx, "the router could not route this transaction: " + e);
            deadLetter(record, "not routable: " + e);
        }
    }

    /**
     * With no submission to route, a new placement version is announced on its own: whoever waits for
     * the router to have left an older version (a peer's backfill) need not wait for traffic. Idle
     * events come on the listener's own consumer thread, so no batch is being routed meanwhile.
     */
    @EventListener(condition = "event.listenerId.startsWith('tx-submitted')")
    void onIdle(ListenerContainerIdleEvent event) {
        announceVersion();
    }

    /**
     * When the version is new, in a Kafka transaction of its own committed at once, on the listener's
     * thread between batches: every part routed by an older version was committed with an earlier
     * batch, and every part from here on is routed by this version or a newer one (see RoutingAdopted).
     */
    private void announceVersion() {
        long version = snapshot.view().placementVersion();
        if (announcements.needed(version)) {
            RoutingAdopted adopted = new RoutingAdopted(version);
            kafka.executeInTransaction(template -> template.send(topics.routerState(), adopted.key(), adopted));
        }
    }

    private void fail(TransactionSubmitted tx, String reason) {
        refused.increment();
        log.warn("transaction refused by the router: {}", reason);
        kafka.send(topics.events(), tx.txId(), new TransactionFailed(tx.txId(), tx.submittedAt(), Instant.now(),
                tx.rowCount(), reason, List.<PartSummary>of(), tx.client()));
    }

    private void deadLetter(ConsumerRecord<String, byte[]> record, String reason) {
        log.error("dead-lettering record {}-{}@{}: {}", record.topic(), record.partition(), record.offset(), reason);
        kafka.send(topics.dlq(), record.key(), PartDeadLettered.of(record.key(), null, reason, record.topic(), record.partition(),
                record.offset(), record.value()));
    }

    private void awaitFollowers() throws InterruptedException {
        for (TopicFollower<?> follower : followers) {
            while (!follower.awaitCaughtUp(Duration.ofSeconds(5))) {
                log.info("waiting for the mesh topics to be read before routing");
            }
        }
    }
}
