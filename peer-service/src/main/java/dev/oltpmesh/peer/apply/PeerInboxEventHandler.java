package dev.oltpmesh.peer.apply;

import dev.oltpmesh.model.event.Checksums;
import dev.oltpmesh.model.event.PartApplied;
import dev.oltpmesh.model.event.PartDeadLettered;
import dev.oltpmesh.model.event.PartRefused;
import dev.oltpmesh.model.event.PartRouted;
import dev.oltpmesh.model.event.PeerEvent;
import dev.oltpmesh.model.event.TableRows;
import dev.oltpmesh.model.json.MeshJson;
import dev.oltpmesh.model.schema.InvalidValueException;
import dev.oltpmesh.model.schema.RowValidator;
import dev.oltpmesh.model.schema.TableDefinition;
import dev.oltpmesh.peer.PeerProperties;
import dev.oltpmesh.support.config.TableLookup;
import dev.oltpmesh.peer.schema.TableMaterializer;
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

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
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
    private final Counter applied;
    private final Counter refused;
    private final Counter duplicates;
    private final DistributionSummary batchSize;
    private final Timer batchTime;

    PeerInboxEventHandler(PeerProperties properties, TransactionTemplate transactions, TableLookup catalog,
                          TableMaterializer materializer, RowWriter writer, AppliedLog appliedLog, OffsetStore offsets,
                          Outbox outbox, MeterRegistry meters) {
        this.properties = properties;
        this.transactions = transactions;
        this.catalog = catalog;
        this.materializer = materializer;
        this.writer = writer;
        this.appliedLog = appliedLog;
        this.offsets = offsets;
        this.outbox = outbox;
        this.applied = Counter.builder("mesh.peer.parts").tag("outcome", "applied").register(meters);
        this.refused = Counter.builder("mesh.peer.parts").tag("outcome", "refused").register(meters);
        this.duplicates = Counter.builder("mesh.peer.parts").tag("outcome", "duplicate").register(meters);
        this.batchSize = DistributionSummary.builder("mesh.peer.apply.batch.size").baseUnit("parts").register(meters);
        this.batchTime = Timer.builder("mesh.peer.apply.batch.time").publishPercentileHistogram().register(meters);
    }

    @Override
    public void onPartitionsAssigned(Map<TopicPartition, Long> assignments, ConsumerSeekCallback callback) {
        assignments.keySet().forEach(tp -> {
            var stored = offsets.nextOffset(tp.topic(), tp.partition());
            if (stored.isPresent()) {
                callback.seek(tp.topic(), tp.partition(), stored.get());
            } else {
                callback.seekToBeginning(List.of(tp));
            }
        });
    }

    @KafkaListener(id = "peer-inbox-${mesh.peer.id}", groupId = "mesh-peer-${mesh.peer.id}",
            topics = "${mesh.peer.topics.peer-prefix:mesh.peer.}${mesh.peer.id}", batch = "true")
    void on(List<ConsumerRecord<String, byte[]>> records, Consumer<?, ?> consumer) {
        // Where to resume is the consumer's position, not the last offset + 1: the position is
        // past the markers of the router's Kafka transactions, so a caught-up peer has no lag.
        Map<TopicPartition, Long> positions = new HashMap<>();
        records.forEach(r -> positions.computeIfAbsent(new TopicPartition(r.topic(), r.partition()),
                consumer::position));
        batchTime.record(() -> transactions.executeWithoutResult(status -> applyBatch(records, positions, status)));
        batchSize.record(records.size());
        try {
            outbox.flush();
        } catch (RuntimeException e) {
            log.warn("acknowledgements will be sent on the next flush: {}", e.getMessage());
        }
    }

    /** A record of the inbox, read as a part or with the reason it could not be read. */
    private record Received(ConsumerRecord<String, byte[]> record, PartRouted part, String unreadable) {

        static Received read(ConsumerRecord<String, byte[]> record) {
            try {
                return switch (MeshJson.fromBytes(record.value(), PeerEvent.class)) {
                    case PartRouted part -> new Received(record, part, null);
                };
            } catch (RuntimeException e) {
                return new Received(record, null, "not a readable PeerEvent: " + e.getMessage());
            }
        }
    }

    private void applyBatch(List<ConsumerRecord<String, byte[]>> records, Map<TopicPartition, Long> positions,
                            TransactionStatus status) {
        List<Received> received = records.stream().map(Received::read).toList();
        Set<String> answered = new HashSet<>(appliedLog.alreadyAnswered(received.stream()
                .filter(r -> r.part() != null).map(r -> r.part().txId()).toList()));
        String head = appliedLog.chainHead();
        for (Received r : received) {
            ConsumerRecord<String, byte[]> record = r.record();
            if (r.part() == null) {
                refuse(record, record.key(), r.unreadable());
                continue;
            }
            MDC.put("txId", r.part().txId());
            try {
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
        positions.forEach((tp, next) -> offsets.store(tp.topic(), tp.partition(), next));
    }

    /** Applies one part under a savepoint; returns the new chain head. */
    private String apply(ConsumerRecord<String, byte[]> record, PartRouted part, String head, TransactionStatus status) {
        if (!properties.id().equals(part.peer())) {
            refuse(record, part.txId(), "the part is addressed to peer '" + part.peer() + "', not to this peer");
            return head;
        }
        if (!Checksums.verifies(part)) {
            refuse(record, part.txId(), "checksum mismatch: the part's SHA-256 does not match its content");
            return head;
        }
        List<TableDefinition> tables = new ArrayList<>();
        List<List<Map<String, Object>>> rows = new ArrayList<>();
        for (TableRows tableRows : part.tables()) {
            var table = catalog.atLeast(tableRows.table(), tableRows.schemaVersion());
            if (table.isEmpty()) {
                refuse(record, part.txId(), "schema version " + tableRows.schemaVersion() + " of table '"
                        + tableRows.table() + "' is not known to this peer");
                return head;
            }
            List<Map<String, Object>> canonical = new ArrayList<>(tableRows.rows().size());
            int index = 0;
            try {
                for (Map<String, Object> row : tableRows.rows()) {
                    canonical.add(RowValidator.canonicalRow(table.get(), row));
                    index++;
                }
            } catch (InvalidValueException e) {
                refuse(record, part.txId(), "table '" + tableRows.table() + "' row " + index
                        + " does not match the schema: " + e.getMessage());
                return head;
            }
            tables.add(table.get());
            rows.add(canonical);
        }
        Object savepoint = status.createSavepoint();
        try {
            tables.forEach(materializer::ensure);
            long seq = appliedLog.nextSeq();
            for (int i = 0; i < tables.size(); i++) {
                writer.insert(tables.get(i), rows.get(i), part.txId(), seq);
            }
            String newHead = appliedLog.recordApplied(part.txId(), seq, part.rowCount(), part.checksum(), head,
                    part.placementVersion());
            status.releaseSavepoint(savepoint);
            outbox.add(properties.topics().events(), part.txId(),
                    new PartApplied(part.txId(), properties.id(), part.rowCount(), seq, newHead, Instant.now()));
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

    private void refuse(ConsumerRecord<String, byte[]> record, String txId, String reason) {
        refused.increment();
        log.warn("part refused: {}", reason);
        String key = txId == null ? "unknown" : txId;
        if (txId != null && isUuid(txId)) {
            appliedLog.recordRefused(txId, reason);
        }
        outbox.add(properties.topics().events(), key, new PartRefused(key, properties.id(), reason, Instant.now()));
        outbox.add(properties.topics().dlq(), key, new PartDeadLettered(key, properties.id(), reason, record.topic(),
                record.partition(), record.offset(),
                record.value() == null ? null : new String(record.value(), StandardCharsets.UTF_8), Instant.now()));
    }

    /** The database's own words for a constraint the rows broke (duplicate key, ...), never a stack. */
    private static String reasonOf(RuntimeException e) {
        Throwable cause = e instanceof DataAccessException d ? d.getMostSpecificCause() : e;
        String message = cause.getMessage() == null ? e.getClass().getSimpleName() : cause.getMessage();
        return message.replaceAll("\\s+", " ").trim();
    }

    private static boolean isUuid(String text) {
        try {
            java.util.UUID.fromString(text);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
