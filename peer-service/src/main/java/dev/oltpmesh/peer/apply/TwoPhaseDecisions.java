package dev.oltpmesh.peer.apply;

import dev.oltpmesh.model.event.PartAborted;
import dev.oltpmesh.model.event.PartCommitted;
import dev.oltpmesh.model.event.PartDeadLettered;
import dev.oltpmesh.model.event.PartRouted;
import dev.oltpmesh.model.event.PeerEvent;
import dev.oltpmesh.model.event.TransactionDecided;
import dev.oltpmesh.peer.PeerProperties;
import dev.oltpmesh.support.identity.EventSignatures;
import dev.oltpmesh.support.kafka.KafkaTracing;
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
import java.util.Set;

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

    private final KafkaTracing tracing;

    TwoPhaseDecisions(PeerProperties properties, TransactionTemplate transactions, PreparedParts preparedParts,
                      AppliedLog appliedLog, OffsetStore offsets, Outbox outbox, MeterRegistry meters,
                      EventSignatures signatures, KafkaTracing tracing) {
        this.tracing = tracing;
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

    @KafkaListener(id = InboxStart.DECISIONS_PREFIX + "${mesh.peer.id}",
            groupId = "mesh-peer-${mesh.peer.id}-decisions", autoStartup = "false",
            topics = "${mesh.peer.topics.peer-prefix:mesh.peer.}${mesh.peer.id}.decisions", batch = "true",
            properties = "group.instance.id=${mesh.peer.id}-decisions")
    void on(List<ConsumerRecord<String, byte[]>> records) {
        List<Finished> finished = new ArrayList<>();
        List<Refused> refused = new ArrayList<>();
        for (ConsumerRecord<String, byte[]> record : records) {
            PeerEvent event;
            try {
                event = signatures.open(record.topic(), record.headers(), record.value(), PeerEvent.class);
            } catch (RuntimeException e) {
                refused.add(new Refused(record, "not an acceptable PeerEvent: " + e.getMessage()));
                continue;
            }
            switch (event) {
                case TransactionDecided decision -> end(record, decision, refused).ifPresent(finished::add);
                case PartRouted _ -> refused.add(new Refused(record, "a part on the decisions topic; parts go to the inbox"));
            }
        }
        record(records, finished, refused);
        outbox.flushQuietly();
    }

    /** A prepared transaction committed or rolled back, whose outcome is still to be recorded; how it was traced. */
    private record Finished(ConsumerRecord<String, byte[]> record, TransactionDecided decision, String traceContext) {
    }

    /** A record that is no decision this peer may act on, to be dead-lettered with the batch. */
    private record Refused(ConsumerRecord<String, byte[]> record, String reason) {
    }

    /**
     * Commits or rolls back the prepared transaction (each is its own statement, outside any
     * transaction); what is left to record is returned, to be recorded with the others of the batch.
     */
    private Optional<Finished> end(ConsumerRecord<String, byte[]> record, TransactionDecided decision,
                                   List<Refused> refused) {
        String txId = decision.txId();
        if (!OffsetStore.isTxId(txId)) {
            refused.add(new Refused(record, "the decision's txId is not a UUID"));
            return Optional.empty();
        }
        MDC.put("txId", txId);
        try (KafkaTracing.Hop _ = tracing.consumed("finish", record.headers(), txId)) {
            synchronized (lockFor(txId)) {
                boolean wasInDoubt = preparedParts.inDoubt(txId);
                if (decision.commit()) {
                    if (wasInDoubt) {
                        preparedParts.commit(txId);
                    }
                } else {
                    if (wasInDoubt) {
                        preparedParts.rollback(txId);
                    }
                    // Recorded under the lock, whether the part was prepared or not read yet (this peer was away
                    // or far behind): the part, read now or again, finds the transaction answered and is not
                    // prepared a second time, for a decision that has already been made.
                    transactions.executeWithoutResult(status -> {
                        if (appliedLog.alreadyAnswered(List.of(txId)).isEmpty()) {
                            appliedLog.recordRefused(txId, "aborted by the router: " + decision.reason());
                        }
                    });
                }
            }
            return Optional.of(new Finished(record, decision, tracing.currentContext()));
        } finally {
            MDC.remove("txId");
        }
    }

    /**
     * The outcomes of a batch, their acknowledgements, its dead letters and the offsets, in one
     * transaction: no offset moves past a decision whose outcome is not recorded.
     */
    private void record(List<ConsumerRecord<String, byte[]>> records, List<Finished> finished, List<Refused> refused) {
        transactions.executeWithoutResult(status -> {
            // The commits and rollbacks are durable already; should a crash lose this record of them, the
            // decisions are read again and find them done, and record the same again.
            offsets.commitWithoutWaitingForTheDisk();
            // Asked once for the batch, not per part: what is recorded already, and the committed parts' markers.
            preparedParts.forgetAll(finished.stream().map(f -> f.decision().txId()).toList());
            List<String> commits = finished.stream().filter(f -> f.decision().commit()).map(f -> f.decision().txId())
                    .toList();
            Set<String> recorded = appliedLog.appliedAmong(commits);
            Map<String, PreparedParts.Marker> markers = preparedParts.committedAmong(commits);
            // The chain head is read (and its lock taken) once; the batch's parts extend it one after another.
            String head = null;
            for (Finished done : finished) {
                String txId = done.decision().txId();
                if (done.decision().commit() && recorded.add(txId)) {
                    PreparedParts.Marker marker = markers.get(txId);
                    if (marker == null) {
                        log.warn("decision COMMIT for part {} which this peer never prepared; nothing to finish", txId);
                        continue;
                    }
                    head = appliedLog.recordApplied(txId, marker.seq(), marker.rows(), marker.checksum(),
                            head == null ? appliedLog.chainHead() : head, marker.placementVersion());
                    outbox.add(properties.topics().events(), txId, new PartCommitted(txId, properties.id(),
                            marker.rows(), marker.seq(), head, Instant.now()), done.traceContext());
                    committed.increment();
                } else if (!done.decision().commit()) {
                    outbox.add(properties.topics().events(), txId, new PartAborted(txId, properties.id(), Instant.now()),
                            done.traceContext());
                }
            }
            for (Refused r : refused) {
                ConsumerRecord<String, byte[]> record = r.record();
                log.error("dead-lettering record {}-{}@{}: {}", record.topic(), record.partition(), record.offset(),
                        r.reason());
                outbox.add(properties.topics().dlq(), record.key() == null ? "unknown" : record.key(),
                        PartDeadLettered.of(record.key(), properties.id(), r.reason(), record.topic(),
                                record.partition(), record.offset(), record.value()));
            }
            offsets.storeAll(OffsetStore.after(records));
        });
    }
}
