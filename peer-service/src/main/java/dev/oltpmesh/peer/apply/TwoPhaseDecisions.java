package dev.oltpmesh.peer.apply;

import dev.oltpmesh.support.identity.EventSignatures;
import dev.oltpmesh.model.event.PartAborted;
import dev.oltpmesh.model.event.PartCommitted;
import dev.oltpmesh.model.event.PartDeadLettered;
import dev.oltpmesh.model.event.PartRouted;
import dev.oltpmesh.model.event.PeerEvent;
import dev.oltpmesh.model.event.TransactionDecided;
import dev.oltpmesh.model.json.MeshJson;
import dev.oltpmesh.peer.PeerProperties;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.listener.ConsumerSeekAware;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Phase two on this peer: reads the router's decisions from a topic of their own, beside the inbox,
 * and commits or rolls back the prepared parts. Because decisions never queue behind parts, the inbox
 * may wait for room to prepare (PostgreSQL holds a bounded number of prepared transactions) while
 * decisions free it. Idempotent: a decision read again after a crash finds its prepared transaction
 * already finished and writes only what was not written.
 */
@Component
class TwoPhaseDecisions implements ConsumerSeekAware {

    private static final Logger log = LoggerFactory.getLogger(TwoPhaseDecisions.class);

    private final PeerProperties properties;
    private final TransactionTemplate transactions;
    private final PreparedParts preparedParts;
    private final AppliedLog appliedLog;
    private final OffsetStore offsets;
    private final Outbox outbox;
    private final Counter committed;
    /** A part and its decision are handled one at a time: the two listeners meet on the same txId. */
    private final Object[] stripes = new Object[64];

    private final EventSignatures signatures;

    TwoPhaseDecisions(PeerProperties properties, TransactionTemplate transactions, PreparedParts preparedParts,
                      AppliedLog appliedLog, OffsetStore offsets, Outbox outbox, MeterRegistry meters,
                      EventSignatures signatures) {
        this.signatures = signatures;
        this.properties = properties;
        this.transactions = transactions;
        this.preparedParts = preparedParts;
        this.appliedLog = appliedLog;
        this.offsets = offsets;
        this.outbox = outbox;
        this.committed = Counter.builder("mesh.peer.parts").tag("outcome", "committed").register(meters);
        for (int i = 0; i < stripes.length; i++) {
            stripes[i] = new Object();
        }
    }

    Object lockFor(String txId) {
        return stripes[Math.floorMod(txId.hashCode(), stripes.length)];
    }

    @Override
    public void onPartitionsAssigned(Map<TopicPartition, Long> assignments, ConsumerSeekCallback callback) {
        offsets.seekToStored(assignments, callback);
    }

    @KafkaListener(id = "peer-decisions-${mesh.peer.id}", groupId = "mesh-peer-${mesh.peer.id}-decisions",
            topics = "${mesh.peer.topics.peer-prefix:mesh.peer.}${mesh.peer.id}.decisions", batch = "true",
            properties = "group.instance.id=${mesh.peer.id}-decisions")
    void on(List<ConsumerRecord<String, byte[]>> records) {
        List<Finished> finished = new ArrayList<>();
        for (ConsumerRecord<String, byte[]> record : records) {
            PeerEvent event;
            try {
                event = signatures.open(record.topic(), record.headers(), record.value(), PeerEvent.class);
            } catch (RuntimeException e) {
                deadLetter(record, "not an acceptable PeerEvent: " + e.getMessage());
                continue;
            }
            switch (event) {
                case TransactionDecided decision -> end(record, decision).ifPresent(finished::add);
                case PartRouted part -> deadLetter(record, "a part on the decisions topic; parts go to the inbox");
            }
        }
        record(finished);
        outbox.flushQuietly();
    }

    /** A prepared transaction committed or rolled back, whose outcome is still to be recorded. */
    private record Finished(ConsumerRecord<String, byte[]> record, TransactionDecided decision) {
    }

    /**
     * Commits or rolls back the prepared transaction (each is its own statement, outside any
     * transaction); what is left to record is returned, to be recorded with the others of the batch.
     */
    private Optional<Finished> end(ConsumerRecord<String, byte[]> record, TransactionDecided decision) {
        String txId = decision.txId();
        if (!OffsetStore.isTxId(txId)) {
            deadLetter(record, "the decision's txId is not a UUID");
            return Optional.empty();
        }
        MDC.put("txId", txId);
        try {
            synchronized (lockFor(txId)) {
                boolean wasInDoubt = preparedParts.inDoubt(txId);
                if (wasInDoubt && decision.commit()) {
                    preparedParts.commit(txId);
                } else if (wasInDoubt) {
                    preparedParts.rollback(txId);
                } else if (!decision.commit()) {
                    // Decided before this peer read its part (it was away, or far behind): recorded under the
                    // lock, so that the part, when it comes, finds the transaction answered and is not prepared.
                    transactions.executeWithoutResult(status -> {
                        if (appliedLog.alreadyAnswered(List.of(txId)).isEmpty()) {
                            appliedLog.recordRefused(txId, "aborted by the router before this peer prepared its part: "
                                    + decision.reason());
                        }
                    });
                }
            }
            return Optional.of(new Finished(record, decision));
        } finally {
            MDC.remove("txId");
        }
    }

    /** The outcomes of a batch, their acknowledgements and the offsets, in one transaction. */
    private void record(List<Finished> finished) {
        if (finished.isEmpty()) {
            return;
        }
        transactions.executeWithoutResult(status -> {
            for (Finished done : finished) {
                String txId = done.decision().txId();
                if (done.decision().commit() && !appliedLog.isApplied(txId)) {
                    preparedParts.committed(txId).ifPresentOrElse(marker -> {
                        String head = appliedLog.recordApplied(txId, marker.seq(), marker.rows(), marker.checksum(),
                                appliedLog.chainHead(), marker.placementVersion());
                        outbox.add(properties.topics().events(), txId, new PartCommitted(txId, properties.id(),
                                marker.rows(), marker.seq(), head, Instant.now()));
                        committed.increment();
                    }, () -> log.warn("decision COMMIT for part {} which this peer never prepared; nothing to finish",
                            txId));
                } else if (!done.decision().commit()) {
                    outbox.add(properties.topics().events(), txId, new PartAborted(txId, properties.id(), Instant.now()));
                }
            }
            offsets.storeAll(OffsetStore.after(finished.stream().map(Finished::record).toList()));
        });
    }

    private void deadLetter(ConsumerRecord<String, byte[]> record, String reason) {
        log.error("dead-lettering record {}-{}@{}: {}", record.topic(), record.partition(), record.offset(), reason);
        transactions.executeWithoutResult(status -> {
            outbox.add(properties.topics().dlq(), record.key() == null ? "unknown" : record.key(),
                    PartDeadLettered.of(record.key(), properties.id(), reason, record.topic(), record.partition(),
                            record.offset(), record.value()));
            offsets.storeAfter(record);
        });
    }
}
