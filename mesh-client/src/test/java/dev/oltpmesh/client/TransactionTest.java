package dev.oltpmesh.client;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TransactionTest {

    record Payment(String account, UUID id, long qty, BigDecimal price, Instant ts) {
    }

    @Test
    void shouldWriteTheSameRowsAsTheSameBytesWhateverMapHoldsThem() {
        Map<String, Object> ordered = new LinkedHashMap<>();
        ordered.put("qty", 5);
        ordered.put("account", "alice");

        byte[] fromLinked = Transaction.of("payment", List.of(ordered)).body();
        byte[] fromImmutable = Transaction.of("payment", List.of(Map.of("account", "alice", "qty", 5))).body();

        assertThat(fromLinked).isEqualTo(fromImmutable);
    }

    @Test
    void shouldWriteRecordsAsTheMeshReadsThem() {
        Payment payment = new Payment("alice", UUID.fromString("0b9f4a5e-3f35-4a36-9b4e-6a1b8f4f2c01"), 5,
                new BigDecimal("12.50"), Instant.parse("2026-11-23T10:00:00.120Z"));

        assertThat(new String(Transaction.of("payment", List.of(payment)).body())).isEqualTo("[{\"account\":\"alice\","
                + "\"id\":\"0b9f4a5e-3f35-4a36-9b4e-6a1b8f4f2c01\",\"qty\":5,\"price\":12.50,"
                + "\"ts\":\"2026-11-23T10:00:00.120Z\"}]");
    }

    @Test
    void shouldRefuseATransactionWithoutRows() {
        assertThatThrownBy(() -> Transaction.of("payment", List.of())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Transaction.builder().build()).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> Transaction.builder().idempotencyKey("k".repeat(256)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldCountTheRowsOfEveryInsert() {
        Transaction transaction = Transaction.builder().insert("a", List.of(Map.of("x", 1), Map.of("x", 2)))
                .insert("b", List.of(Map.of("y", 1))).build();

        assertThat(transaction.rowCount()).isEqualTo(3);
        assertThat(transaction.idempotencyKey()).isPresent();
    }
}
