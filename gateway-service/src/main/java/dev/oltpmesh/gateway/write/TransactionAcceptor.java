package dev.oltpmesh.gateway.write;

import com.fasterxml.uuid.Generators;
import com.fasterxml.uuid.impl.TimeBasedEpochGenerator;
import dev.oltpmesh.gateway.GatewayProperties;
import dev.oltpmesh.gateway.status.SharedTransactions;
import dev.oltpmesh.gateway.status.TxStatus;
import dev.oltpmesh.gateway.status.TxStatusView;
import dev.oltpmesh.gateway.web.GatewayException;
import dev.oltpmesh.model.event.TableRows;
import dev.oltpmesh.model.event.TransactionSubmitted;
import dev.oltpmesh.support.kafka.KafkaTracing;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Service;

import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Accepts a validated transaction: gives it a UUIDv7 txId and stores it durably on
 * {@code mesh.tx.submitted} (acks=all, idempotent producer) before answering. Idempotency-Keys are
 * scoped by client; a key's first use is remembered by txId and body hash.
 */
@Service
class TransactionAcceptor {

    record Accepted(String txId, int rows, boolean repeated) {
    }

    private static final Logger log = LoggerFactory.getLogger(TransactionAcceptor.class);
    private static final TimeBasedEpochGenerator UUID_V7 = Generators.timeBasedEpochGenerator();

    private final KafkaTemplate<String, Object> kafka;
    private final TxStatusView statuses;
    private final SharedTransactions shared;
    private final String topic;
    private final Map<String, String> inFlight = new ConcurrentHashMap<>();
    private final Counter accepted;
    private final Counter refused;
    private final KafkaTracing tracing;

    TransactionAcceptor(KafkaTemplate<String, Object> kafka, TxStatusView statuses, SharedTransactions shared,
                        GatewayProperties properties, MeterRegistry meters, KafkaTracing tracing) {
        this.tracing = tracing;
        this.kafka = kafka;
        this.statuses = statuses;
        this.shared = shared;
        this.topic = properties.topics().submitted();
        this.accepted = Counter.builder("mesh.transactions").tag("outcome", "accepted").register(meters);
        this.refused = Counter.builder("mesh.transactions").tag("outcome", "unavailable").register(meters);
    }

    /**
     * Puts the transaction on Kafka. With an Idempotency-Key, the key is first claimed in the
     * configuration database for a new txId, so that every gateway gives one key one txId: a repeat
     * with the same body gets the first txId (and is submitted again under it if its first submission
     * may have been lost; peers apply a txId once), a repeat with another body a 422.
     */
    Accepted accept(String client, String idempotencyKey, byte[] body, List<TableRows> inserts) {
        String requestHash = HexFormat.of().formatHex(digest(body));
        // The client's ':' (and '\\') escaped, so that no client name and key can spell another client's key.
        String scopedKey = idempotencyKey == null ? null
                : client.replace("\\", "\\\\").replace(":", "\\:") + ":" + idempotencyKey;
        int rows = inserts.stream().mapToInt(t -> t.rows().size()).sum();
        if (scopedKey != null && inFlight.putIfAbsent(scopedKey, requestHash) != null) {
            throw requestHash.equals(inFlight.get(scopedKey)) ? GatewayException.idempotencyKeyInFlight()
                    : GatewayException.idempotencyKeyReused();
        }
        try {
            String txId = UUID_V7.generate().toString();
            if (scopedKey != null) {
                var claim = shared.claim(new SharedTransactions.KeyClaim(scopedKey, requestHash, txId));
                if (!claim.requestHash().equals(requestHash)) {
                    throw GatewayException.idempotencyKeyReused();
                }
                if (!claim.txId().equals(txId)) {
                    Optional<TxStatus> first = statuses.status(claim.txId());
                    if (first.isPresent()) {
                        return new Accepted(claim.txId(), rows, true);
                    }
                    txId = claim.txId();
                }
            }
            submit(client, txId, scopedKey, requestHash, inserts);
            return new Accepted(txId, rows, false);
        } finally {
            if (scopedKey != null) {
                inFlight.remove(scopedKey);
            }
        }
    }

    private void submit(String client, String txId, String scopedKey, String requestHash, List<TableRows> inserts) {
        MDC.put("txId", txId);
        try {
            Instant now = Instant.now();
            TransactionSubmitted event = TransactionSubmitted.sealed(txId, now, scopedKey, requestHash, inserts, client);
            try {
                ProducerRecord<String, Object> record = new ProducerRecord<>(topic, txId, event);
                // The request's span: the transaction's trace starts with the client's call.
                tracing.inject(record.headers());
                kafka.send(record).get(15, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw GatewayException.backboneUnavailable();
            } catch (Exception e) {
                refused.increment();
                log.warn("transaction not accepted, Kafka unreachable: {}", e.getMessage());
                throw GatewayException.backboneUnavailable();
            }
            statuses.accepted(txId, event.rowCount(), now, client);
            accepted.increment();
            log.debug("accepted {} rows", event.rowCount());
        } finally {
            MDC.remove("txId");
        }
    }

    private static byte[] digest(byte[] body) {
        try {
            return java.security.MessageDigest.getInstance("SHA-256").digest(body);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
