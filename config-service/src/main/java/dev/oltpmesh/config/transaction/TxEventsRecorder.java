package dev.oltpmesh.config.transaction;

import dev.oltpmesh.support.identity.EventSignatures;
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
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

import java.util.List;

/**
 * Keeps the status of every transaction in the configuration database, as the router decided it on
 * {@code mesh.tx.events}. Each batch is stored in one database transaction before its offsets are
 * committed; a batch read twice stores the same statuses (the first outcome wins).
 */
@Component
class TxEventsRecorder {

    private static final Logger log = LoggerFactory.getLogger(TxEventsRecorder.class);

    private final TransactionStatuses statuses;
    private final EventSignatures signatures;

    TxEventsRecorder(TransactionStatuses statuses, EventSignatures signatures) {
        this.statuses = statuses;
        this.signatures = signatures;
    }

    @KafkaListener(id = "transaction-statuses", groupId = "mesh-config-transaction-statuses",
            topics = "${mesh.config-service.topics.events:mesh.tx.events}", batch = "true",
            properties = {"key.deserializer=org.apache.kafka.common.serialization.StringDeserializer",
                    "value.deserializer=org.apache.kafka.common.serialization.ByteArrayDeserializer",
                    "auto.offset.reset=earliest", "isolation.level=read_committed",
                    "group.instance.id=${HOSTNAME:local}-statuses", "session.timeout.ms=10000"})
    @Transactional
    public void on(List<ConsumerRecord<String, byte[]>> records) {
        for (ConsumerRecord<String, byte[]> record : records) {
            TxEvent event;
            try {
                event = signatures.open(record.topic(), record.headers(), record.value(), TxEvent.class);
            } catch (RuntimeException e) {
                log.error("skipping unreadable record {}-{}@{}: {}", record.topic(), record.partition(),
                        record.offset(), e.getMessage());
                continue;
            }
            switch (event) {
                case TransactionRouted routed -> statuses.routed(routed.txId(), routed.rows(), routed.submittedAt(),
                        routed.parts(), routed.client());
                case TransactionDecided decided -> statuses.decided(decided.txId(), decided.commit());
                case TransactionCommitted c -> statuses.settled(c.txId(), "COMMITTED", c.rows(), c.submittedAt(),
                        c.committedAt(), null, c.parts(), c.client());
                case TransactionFailed f -> statuses.settled(f.txId(), "FAILED", f.rows(), f.submittedAt(), null,
                        f.reason(), f.parts(), f.client());
                // A peer's progress matters while the transaction is open; the gateways show it then.
                case PartApplied _, PartPrepared _, PartRefused _, PartCommitted _, PartAborted _ -> {
                }
            }
        }
    }
}
