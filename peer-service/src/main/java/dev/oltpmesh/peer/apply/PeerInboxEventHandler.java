package dev.oltpmesh.peer.apply;

import dev.oltpmesh.model.event.Checksums;
import dev.oltpmesh.model.event.PartApplied;
import dev.oltpmesh.model.event.PartDeadLettered;
import dev.oltpmesh.model.event.PartPrepared;
import dev.oltpmesh.model.event.PartRefused;
import dev.oltpmesh.model.event.PartRouted;
import dev.oltpmesh.model.event.PeerEvent;
import dev.oltpmesh.model.event.TableRows;
import dev.oltpmesh.model.event.TransactionDecided;
import dev.oltpmesh.model.schema.TableDefinition;
import dev.oltpmesh.peer.PeerProperties;
import dev.oltpmesh.peer.schema.TableMaterializer;
import dev.oltpmesh.support.config.TableLookup;
import dev.oltpmesh.support.identity.EventSignatures;
import dev.oltpmesh.support.kafka.KafkaTracing;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.dao.DataAccessException;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.listener.ConsumerSeekAware;
import org.springframework.stereotype.Component;
import org.springframework.transaction.TransactionStatus;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Consumes this peer's inbox. A polled batch of parts is applied in one database transaction (one
 * fsync: group commit) together with the inbox offsets and the acknowledgements to send; at start
 * the consumer seeks to the offsets stored with the rows, so every part is applied exactly once.
 * A part that cannot be applied is refused alone, the rest of the batch goes on.
 */
@Component
class PeerInboxEventHandler implements ConsumerSeekAware {

    private static final Logger log = LoggerFactory.getLogger(PeerInboxEventHandler.class);

    private final PeerProperties properties;
    private final TransactionTemplate transactions;
    private final TableLookup catalog;
    private final TableMaterializer materializer;
    private final RowWriter writer;
    private final AppliedLog appliedLog;
    private final OffsetStore offsets;
    private final Outbox outbox;
    private static final int MAX_VOTES_AT_ONCE = 64;

    private final PreparedParts preparedParts;
    private final TwoPhaseDecisions decisions;
    private final Counter applied;
    private final Counter prepared;
    private final Counter refused;
    private final Counter duplicates;
    private final DistributionSummary batchSize;
    private final Timer batchTime;

    private final EventSignatures signatures;
    private final IncomingMoves incomingMoves;
    private final KafkaTracing tracing;

    PeerInboxEventHandler(PeerProperties properties, TransactionTemplate transactions, TableLookup catalog,
                          TableMaterializer materializer, RowWriter writer, AppliedLog appliedLog, OffsetStore offsets,
                          Outbox outbox, PreparedParts preparedParts, TwoPhaseDecisions decisions,
                          MeterRegistry meters, EventSignatures signatures, IncomingMoves incomingMoves,
                          KafkaTracing tracing) {
        this.tracing = tracing;
        this.signatures = signatures;
        this.incomingMoves = incomingMoves;
        this.properties = properties;
        this.transactions = transactions;
        this.catalog = catalog;
        this.materializer = materializer;
        this.writer = writer;
        this.appliedLog = appliedLog;
        this.offsets = offsets;
        this.outbox = outbox;
        this.preparedParts = preparedParts;
        this.decisions = decisions;
        this.prepared = Counter.builder("mesh.peer.parts").tag("outcome", "prepared").register(meters);
        this.applied = Counter.builder("mesh.peer.parts").tag("outcome", "applied").register(meters);
        this.refused = Counter.builder("mesh.peer.parts").tag("outcome", "refused").register(meters);
        this.duplicates = Counter.builder("mesh.peer.parts").tag("outcome", "duplicate").register(meters);
        this.batchSize = DistributionSummary.builder("mesh.peer.apply.batch.size").baseUnit("parts").register(meters);
        this.batchTime = Timer.builder("mesh.peer.apply.batch.time").publishPercentileHistogram().register(meters);
    }

    @Override
    public void onPartitionsAssigned(Map<TopicPartition, Long> assignments, ConsumerSeekCallback callback) {
        offsets.seekToStored(assignments, callback);
    }

    @KafkaListener(id = InboxStart.INBOX_PREFIX + "${mesh.peer.id}", groupId = "mesh-peer-${mesh.peer.id}",
            autoStartup = "false",
            topics = "${mesh.peer.topics.peer-prefix:mesh.peer.}${mesh.peer.id}", batch = "true")
    void on(List<ConsumerRecord<String, byte[]>> records, Consumer<?, ?> consumer) {
        // Where to resume after the batch is the consumer's position, not the last offset + 1: the position
        // is past the markers of the router's Kafka transactions, so a caught-up peer has no lag.
        Map<TopicPartition, Long> positions = new HashMap<>();
        records.forEach(r -> positions.computeIfAbsent(new TopicPartition(r.topic(), r.partition()),
                consumer::position));
        List<Received> received = records.stream().map(r -> Received.read(r, signatures)).toList();
        batchTime.record(() -> {
            // A part with rows of a region moving here waits until its source has settled; everything
            // before it is applied first, so the source of another move never waits on this one.
            int start = 0;
            for (int i = 0; i < received.size(); i++) {
                PartRouted part = received.get(i).part();
                if (part != null && incomingMoves.mustWait(part)) {
                    ConsumerRecord<String, byte[]> held = received.get(i).record();
                    // The inbox resumes at the held part itself, not right after the part before it: the router's
                    // transaction markers lie between the two, and a source's move tells that this inbox waits (so
                    // holds nothing older) only when the offset applied is the held part's own.
                    Map<TopicPartition, Long> atHeld = Map.of(new TopicPartition(held.topic(), held.partition()),
                            held.offset());
                    apply(received.subList(start, i), atHeld);
                    incomingMoves.awaitSettled(part, held.offset());
                    start = i;
                }
            }
            apply(received.subList(start, received.size()), positions);
        });
        batchSize.record(records.size());
        try {
            outbox.flush();
        } catch (RuntimeException e) {
            log.warn("acknowledgements will be sent on the next flush: {}", e.getMessage());
        }
    }

    /**
     * Applies records in order: one-phase parts are group-committed in runs; two-phase parts need
     * transactions of their own, so consecutive ones end the run before them and are prepared, then
     * voted for together. {@code next} are the offsets to resume from after the last run, stored even
     * when there are no records.
     */
    private void apply(List<Received> received, Map<TopicPartition, Long> next) {
        if (received.isEmpty()) {
            transactions.executeWithoutResult(status -> offsets.storeAll(next));
            return;
        }
        int runStart = 0;
        for (int i = 0; i < received.size(); i++) {
            if (!received.get(i).twoPhase()) {
                continue;
            }
            if (i > runStart) {
                List<Received> run = received.subList(runStart, i);
                applyRun(run, OffsetStore.after(run.stream().map(Received::record).toList()));
            }
            int last = i;
            while (last + 1 < received.size() && received.get(last + 1).twoPhase()) {
                last++;
            }
            prepareAll(received.subList(i, last + 1));
            i = last;
            runStart = i + 1;
        }
        applyRun(received.subList(runStart, received.size()), next);
    }

    /** A record of the inbox, read as a part, or with the reason it cannot be one. */
    private record Received(ConsumerRecord<String, byte[]> record, PartRouted part, String unreadable) {

        static Received read(ConsumerRecord<String, byte[]> record, EventSignatures signatures) {
            try {
                return switch (signatures.open(record.topic(), record.headers(), record.value(), PeerEvent.class)) {
                    case PartRouted part -> new Received(record, part, null);
                    case TransactionDecided _ -> new Received(record, null,
                            "a decision in the inbox; decisions travel on the peer's decisions topic");
                };
            } catch (RuntimeException e) {
                return new Received(record, null, "not an acceptable PeerEvent: " + e.getMessage());
            }
        }

        boolean twoPhase() {
            return part != null && part.twoPhase();
        }
    }

    /** One-phase parts in one database transaction (group commit) with the offsets to resume from. */
    private void applyRun(List<Received> run, Map<TopicPartition, Long> next) {
        transactions.executeWithoutResult(status -> {
            writer.waitBrieflyForLocks();
            Set<String> answered = new HashSet<>(appliedLog.alreadyAnswered(run.stream()
                    .filter(r -> r.part() != null && OffsetStore.isTxId(r.part().txId())).map(r -> r.part().txId()).toList()));
            String head = appliedLog.chainHead();
            for (Received r : run) {
                ConsumerRecord<String, byte[]> record = r.record();
                if (r.part() == null) {
                    // Not a part the router signed: whatever txId its key claims, it decides nothing about that
                    // transaction, so the refusal is not filed under it.
                    refuse(record, null, r.unreadable() + " (record key '" + record.key() + "')");
                    continue;
                }
                MDC.put("txId", r.part().txId());
                try (KafkaTracing.Hop _ = tracing.consumed("apply", record.headers(), r.part().txId())) {
                    if (!answered.add(r.part().txId())) {
                        duplicates.increment();
                        log.info("part already applied; ignored");
                        continue;
                    }
                    head = apply(record, r.part(), head, status);
                } finally {
                    MDC.remove("txId");
                }
            }
            offsets.storeAll(next);
        });
    }

    /** The part's rows in canonical form per table, with their ordinals, or null once the part has been refused. */
    private record Checked(List<TableDefinition> tables, List<List<Map<String, Object>>> rows,
                           List<TableRows> sent) {
    }

    private Checked check(ConsumerRecord<String, byte[]> record, PartRouted part) {
        if (!OffsetStore.isTxId(part.txId())) {
            refuse(record, part.txId(), "the part's txId is not a UUID");
            return null;
        }
        if (!properties.id().equals(part.peer())) {
            refuse(record, part.txId(), "the part is addressed to peer '" + part.peer() + "', not to this peer");
            return null;
        }
        if (!Checksums.verifies(part)) {
            refuse(record, part.txId(), "checksum mismatch: the part's SHA-256 does not match its content");
            return null;
        }
        List<TableDefinition> tables = new ArrayList<>();
        List<List<Map<String, Object>>> rows = new ArrayList<>();
        List<TableRows> sent = new ArrayList<>();
        for (TableRows tableRows : part.tables()) {
            var table = catalog.atLeast(tableRows.table(), tableRows.schemaVersion());
            if (table.isEmpty()) {
                refuse(record, part.txId(), "schema version " + tableRows.schemaVersion() + " of table '"
                        + tableRows.table() + "' is not known to this peer");
                return null;
            }
            if (tableRows.ordinals() != null && tableRows.ordinals().size() != tableRows.rows().size()) {
                refuse(record, part.txId(), "table '" + tableRows.table() + "' has " + tableRows.rows().size()
                        + " rows but " + tableRows.ordinals().size() + " ordinals");
                return null;
            }
            // The rows are the gateway's canonical ones, validated at the door and unchanged since: the
            // router's signature covers the bytes they came in. They are not checked a second time.
            List<Map<String, Object>> canonical = tableRows.rows();
            Optional<String> misplaced = incomingMoves.misplaced(table.get(), canonical, part.placementVersion());
            if (misplaced.isPresent()) {
                refuse(record, part.txId(), "misplaced: " + misplaced.get());
                return null;
            }
            List<IncomingMoves.KeyAtSource> atSource;
            try {
                atSource = incomingMoves.keysAtSource(table.get(), canonical, part.placementVersion());
            } catch (IncomingMoves.KeyCheckRefusedException e) {
                refuse(record, part.txId(), "table '" + tableRows.table() + "': " + e.getMessage());
                return null;
            }
            if (!atSource.isEmpty() && !tableRows.skipsDuplicates()) {
                refuse(record, part.txId(), "table '" + tableRows.table() + "': " + atSource.get(0).duplicateReason());
                return null;
            }
            if (!atSource.isEmpty()) {
                tableRows = IncomingMoves.withoutKeys(table.get(), tableRows, atSource);
                canonical = tableRows.rows();
            }
            sent.add(tableRows);
            tables.add(table.get());
            rows.add(canonical);
        }
        return new Checked(tables, rows, sent);
    }


    /** Applies one part under a savepoint; returns the new chain head. */
    private String apply(ConsumerRecord<String, byte[]> record, PartRouted part, String head, TransactionStatus status) {
        Checked checked = check(record, part);
        if (checked == null) {
            return head;
        }
        Object savepoint = status.createSavepoint();
        try {
            checked.tables().forEach(materializer::ensure);
            long seq = appliedLog.nextSeq();
            int stored = store(part, checked, seq);
            String newHead = appliedLog.recordApplied(part.txId(), seq, stored, part.checksum(), head,
                    part.placementVersion());
            status.releaseSavepoint(savepoint);
            outbox.add(properties.topics().events(), part.txId(),
                    new PartApplied(part.txId(), properties.id(), stored, seq, newHead, Instant.now()));
            applied.increment();
            return newHead;
        } catch (RuntimeException e) {
            if (FailureKind.isTransient(e)) {
                // The database is away, not the part at fault: the whole batch is applied again later.
                throw e;
            }
            status.rollbackToSavepoint(savepoint);
            refuse(record, part.txId(), reasonOf(e));
            return head;
        }
    }

    /**
     * Phase one: the part's rows go into a PostgreSQL prepared transaction, then the vote (PartPrepared)
     * is written with the inbox offset. After a crash in between, the part is read again and, being
     * prepared already, only voted for.
     */
    /**
     * Prepares each part, then writes the yes votes of all that were prepared, with the inbox offsets,
     * in one transaction (one fsync for the group).
     */
    private void prepareAll(List<Received> group) {
        List<Vote> toVote = new ArrayList<>();
        int voted = 0;
        // Counted once, then by this loop: decisions only ever lower the count meanwhile, so it is asked
        // again only when the count kept here says the room is full.
        long held = preparedParts.inDoubtCount();
        for (int i = 0; i < group.size(); i++) {
            if (held >= preparedParts.room()) {
                held = preparedParts.inDoubtCount();
            }
            boolean room = held < preparedParts.room();
            if (!room || toVote.size() >= MAX_VOTES_AT_ONCE) {
                // Votes owed are written before waiting for room: the decisions that make room can only
                // come once the router has them.
                vote(toVote, group.subList(voted, i));
                toVote.clear();
                voted = i;
                if (!room) {
                    preparedParts.awaitRoom();
                    held = preparedParts.inDoubtCount();
                }
            }
            Received r = group.get(i);
            MDC.put("txId", r.part().txId());
            try (KafkaTracing.Hop _ = tracing.consumed("prepare", r.record().headers(), r.part().txId())) {
                if (prepare(r.record(), r.part())) {
                    toVote.add(new Vote(r.part(), tracing.currentContext()));
                    held++;
                }
            } finally {
                MDC.remove("txId");
            }
        }
        vote(toVote, group.subList(voted, group.size()));
    }

    /** A part prepared, to be voted for, and the trace context of its preparing. */
    private record Vote(PartRouted part, String traceContext) {
    }

    /** The yes votes of {@code parts}, with the inbox offsets past {@code handled}, in one transaction. */
    private void vote(List<Vote> toVote, List<Received> handled) {
        if (handled.isEmpty()) {
            return;
        }
        Map<TopicPartition, Long> next = OffsetStore.after(handled.stream().map(Received::record).toList());
        transactions.executeWithoutResult(status -> {
            // The rows are durable in their prepared transactions already. Should a crash lose this commit, the
            // offsets go with it: the parts are read again, found prepared, and voted for again.
            offsets.commitWithoutWaitingForTheDisk();
            Map<String, Long> versions = new LinkedHashMap<>();
            toVote.forEach(vote -> versions.put(vote.part().txId(), vote.part().placementVersion()));
            preparedParts.rememberAll(versions);
            for (Vote vote : toVote) {
                PartRouted part = vote.part();
                outbox.add(properties.topics().events(), part.txId(),
                        new PartPrepared(part.txId(), properties.id(), part.rowCount(), Instant.now()),
                        vote.traceContext());
            }
            offsets.storeAll(next);
        });
        prepared.increment(toVote.size());
        // Sent now, not after the batch: the router decides on these while the next parts are prepared.
        outbox.flushQuietly();
    }

    /** Whether the part is (now, or already) prepared and wants a yes vote; a refusal is written here. */
    private boolean prepare(ConsumerRecord<String, byte[]> record, PartRouted part) {
        if (!OffsetStore.isTxId(part.txId())) {
            transactions.executeWithoutResult(status -> {
                refuse(record, part.txId(), "the part's txId is not a UUID");
                offsets.storeAfter(record);
            });
            return false;
        }
        while (true) {
            Preparing preparing;
            synchronized (decisions.lockFor(part.txId())) {
                preparing = prepareLocked(record, part);
            }
            if (preparing.tablesFirst() == null) {
                return preparing.prepared();
            }
            // Created or altered in a transaction of its own (a table must not exist only inside an undecided
            // one), outside the part's lock: the change waits for every transaction holding rows of the table,
            // prepared ones too, and the decision that ends one of those takes a lock of the same stripes.
            transactions.executeWithoutResult(status -> preparing.tablesFirst().tables().forEach(materializer::ensure));
        }
    }

    private Preparing prepareLocked(ConsumerRecord<String, byte[]> record, PartRouted part) {
        switch (preparedParts.stateOf(part.txId())) {
            case IN_DOUBT -> {
                return Preparing.PREPARED;
            }
            case COMMITTED -> {
                // Decided and committed already: its vote was made, and the decision's outcome is recorded apart.
                return Preparing.NO_VOTE;
            }
            case NONE -> {
            }
        }
        try {
            // Checked, stored and prepared in one transaction when its tables exist; a refusal or a part
            // answered before ends that transaction as a plain commit of the refusal and the offsets.
            return transactions.execute(status -> {
                writer.waitBrieflyForLocks();
                if (!appliedLog.alreadyAnswered(List.of(part.txId())).isEmpty()) {
                    duplicates.increment();
                    offsets.storeAfter(record);
                    return Preparing.NO_VOTE;
                }
                Checked valid = check(record, part);
                if (valid == null) {
                    offsets.storeAfter(record);
                    return Preparing.NO_VOTE;
                }
                if (!valid.tables().stream().allMatch(materializer::isMaterialized)) {
                    // Nothing stored yet: the tables come first, then the part is checked and prepared again.
                    return new Preparing(false, valid);
                }
                storeAndPrepare(part, valid);
                return Preparing.PREPARED;
            });
        } catch (StoreFailed failed) {
            RuntimeException e = failed.getCause();
            if (FailureKind.isTransient(e)) {
                throw e;
            }
            transactions.executeWithoutResult(status -> {
                refuse(record, part.txId(), reasonOf(e));
                offsets.storeAfter(record);
            });
            return Preparing.NO_VOTE;
        }
    }

    /** What the first transaction of a two-phase part came to; {@code tablesFirst}: checked, tables to create. */
    private record Preparing(boolean prepared, Checked tablesFirst) {
        static final Preparing PREPARED = new Preparing(true, null);
        static final Preparing NO_VOTE = new Preparing(false, null);
    }

    /** The rows and the marker, then {@code PREPARE TRANSACTION}; a failure the part caused is refused by the caller. */
    private void storeAndPrepare(PartRouted part, Checked checked) {
        try {
            long seq = appliedLog.nextSeq();
            int stored = store(part, checked, seq);
            preparedParts.mark(part.txId(), new PreparedParts.Marker(seq, stored, part.checksum(),
                    part.placementVersion()));
            preparedParts.prepare(part.txId());
        } catch (RuntimeException e) {
            throw new StoreFailed(e);
        }
    }

    /**
     * The part's rows, table by table; how many were stored, which ignoring duplicates may make fewer
     * than were sent. That number is what the peer records and reports as applied.
     */
    private int store(PartRouted part, Checked checked, long seq) {
        int stored = 0;
        for (int i = 0; i < checked.tables().size(); i++) {
            stored += writer.insert(checked.tables().get(i), checked.rows().get(i), checked.sent().get(i)::ordinal,
                    part.txId(), seq, checked.sent().get(i).skipsDuplicates());
        }
        return stored;
    }

    /** Storing a checked part failed: its transaction is rolled back, then the part refused or retried. */
    private static final class StoreFailed extends RuntimeException {
        StoreFailed(RuntimeException cause) {
            super(cause);
        }

        @Override
        public synchronized RuntimeException getCause() {
            return (RuntimeException) super.getCause();
        }
    }

    private void refuse(ConsumerRecord<String, byte[]> record, String txId, String reason) {
        refused.increment();
        log.warn("part refused: {}", reason);
        String key = txId == null ? "unknown" : txId;
        if (txId != null && OffsetStore.isTxId(txId)) {
            appliedLog.recordRefused(txId, reason);
        }
        outbox.add(properties.topics().events(), key, new PartRefused(key, properties.id(), reason, Instant.now()));
        outbox.add(properties.topics().dlq(), key, PartDeadLettered.of(key, properties.id(), reason, record.topic(),
                record.partition(), record.offset(), record.value()));
    }

    /** The database's own words for a constraint the rows broke (duplicate key, ...), never a stack. */
    private static String reasonOf(RuntimeException e) {
        Throwable cause = e instanceof DataAccessException d ? d.getMostSpecificCause() : e;
        if (cause instanceof java.sql.SQLException sql && FailureKind.LOCK_NOT_AVAILABLE.equals(sql.getSQLState())) {
            return "a row with the same key belongs to a transaction not yet decided on this peer ("
                    + FailureKind.lockWaitedFor(sql) + "); retry once it is";
        }
        String message = cause.getMessage() == null ? e.getClass().getSimpleName() : cause.getMessage();
        return message.replaceAll("\\s+", " ").trim();
    }
}
