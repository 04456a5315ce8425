package dev.oltpmesh.gateway.write;

import com.fasterxml.uuid.Generators;
import com.fasterxml.uuid.impl.TimeBasedEpochGenerator;
import dev.oltpmesh.gateway.GatewayProperties;
import dev.oltpmesh.gateway.status.TxStatusView;
import dev.oltpmesh.gateway.web.GatewayException;
import dev.oltpmesh.model.event.TableRows;
import dev.oltpmesh.model.event.TransactionSubmitted;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Service;

import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
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
    private final String topic;
    private final Map<String, String> inFlight = new ConcurrentHashMap<>();
    private final Counter accepted;
    private final Counter refused;

    TransactionAcceptor(KafkaTemplate<String, Object> kafka, TxStatusView statuses, GatewayProperties properties,
                        MeterRegistry meters) {
        this.kafka = kafka;
        this.statuses = statuses;
        this.topic = properties.topics().submitted();
        this.accepted = Counter.builder("mesh.transactions").tag("outcome", "accepted").register(meters);
        this.refused = Counter.builder("mesh.transactions").tag("outcome", "unavailable").register(meters);
    }

    Accepted accept(String client, String idempotencyKey, byte[] body, List<TableRows> inserts) {
        String requestHash = HexFormat.of().formatHex(digest(body));
        String scopedKey = idempotencyKey == null ? null : client + ":" + idempotencyKey;
        if (scopedKey != null) {
            var known = statuses.keyUse(scopedKey);
            if (known.isPresent()) {
                return repeat(known.get(), requestHash, inserts);
            }
            if (inFlight.putIfAbsent(scopedKey, requestHash) != null) {
                throw inFlight.get(scopedKey).equals(requestHash) ? GatewayException.idempotencyKeyInFlight()
                        : GatewayException.idempotencyKeyReused();
            }
        }
        try {
            String txId = UUID_V7.generate().toString();
            MDC.put("txId", txId);
            Instant now = Instant.now();
            TransactionSubmitted event = TransactionSubmitted.sealed(txId, now, scopedKey, requestHash, inserts);
            try {
                kafka.send(topic, txId, event).get(15, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw GatewayException.backboneUnavailable();
            } catch (Exception e) {
                refused.increment();
                log.warn("transaction not accepted, Kafka unreachable: {}", e.getMessage());
                throw GatewayException.backboneUnavailable();
            }
            statuses.accepted(txId, event.rowCount(), now, scopedKey, requestHash);
            accepted.increment();
            log.debug("accepted {} rows", event.rowCount());
            return new Accepted(txId, event.rowCount(), false);
        } finally {
            MDC.remove("txId");
            if (scopedKey != null) {
                inFlight.remove(scopedKey);
            }
        }
    }

    private static Accepted repeat(TxStatusView.KeyUse first, String requestHash, List<TableRows> inserts) {
        if (!first.requestHash().equals(requestHash)) {
            throw GatewayException.idempotencyKeyReused();
        }
        return new Accepted(first.txId(), inserts.stream().mapToInt(t -> t.rows().size()).sum(), true);
    }

    private static byte[] digest(byte[] body) {
        try {
            return java.security.MessageDigest.getInstance("SHA-256").digest(body);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
