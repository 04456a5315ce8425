package dev.oltpmesh.client;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * One logical write, ready to send: its rows serialized once, and its Idempotency-Key. Every attempt
 * to send it, the client's retries and the caller's own, sends the same bytes with the same key, so
 * the gateway applies it once and answers every attempt with the same txId (a key sent with other
 * bytes would be refused with 422).
 *
 * <p>Rows are anything Jackson writes as a JSON object: maps, records, beans. Column names are their
 * keys or properties; {@code Instant}, {@code UUID} and {@code BigDecimal} are written as the mesh
 * reads them. The same rows make the same bytes in every process (map entries are written in key
 * order), so a key of the caller's own can be sent again after a restart.
 */
public final class Transaction {

    private final String path;
    private final byte[] body;
    private final String idempotencyKey;
    private final int rowCount;

    private Transaction(String path, byte[] body, String idempotencyKey, int rowCount) {
        this.path = path;
        this.body = body;
        this.idempotencyKey = idempotencyKey;
        this.rowCount = rowCount;
    }

    /** Rows for one table ({@code POST /v1/tables/{table}/rows}), with a new Idempotency-Key. */
    public static Transaction of(String table, List<?> rows) {
        checkRows(table, rows);
        return new Transaction("/v1/tables/" + Transport.encode(table) + "/rows", Json.write(rows), newKey(),
                rows.size());
    }

    /** Rows for one or more tables ({@code POST /v1/tx}), committed all or none. */
    public static Builder builder() {
        return new Builder();
    }

    /** The key every attempt carries; empty for a transaction built {@link Builder#withoutIdempotencyKey()}. */
    public Optional<String> idempotencyKey() {
        return Optional.ofNullable(idempotencyKey);
    }

    public int rowCount() {
        return rowCount;
    }

    String path() {
        return path;
    }

    byte[] body() {
        return body;
    }

    private static String newKey() {
        return UUID.randomUUID().toString();
    }

    private static void checkRows(String table, List<?> rows) {
        Objects.requireNonNull(table, "table");
        if (rows == null || rows.isEmpty()) {
            throw new IllegalArgumentException("no rows to insert into '" + table + "'");
        }
    }

    public static final class Builder {

        private final List<Map<String, Object>> inserts = new ArrayList<>();
        private String idempotencyKey = newKey();
        private int rowCount;

        private Builder() {
        }

        public Builder insert(String table, List<?> rows) {
            checkRows(table, rows);
            Map<String, Object> insert = new LinkedHashMap<>();
            insert.put("table", table);
            insert.put("rows", List.copyOf(rows));
            inserts.add(insert);
            rowCount += rows.size();
            return this;
        }

        /**
         * The caller's own key instead of a generated one: the id of the business operation (an order,
         * a payment), so that a process that restarts and writes it again is answered the first txId.
         * The gateway scopes keys by client (the API key's name) and takes 1 to 255 characters.
         */
        public Builder idempotencyKey(String key) {
            if (key == null || key.isBlank() || key.length() > 255) {
                throw new IllegalArgumentException("an Idempotency-Key must have 1 to 255 characters");
            }
            this.idempotencyKey = key;
            return this;
        }

        /**
         * No Idempotency-Key: the gateway then skips the key's claim in the configuration database, one
         * round trip less per write, and the client tries such a write again only when it never reached
         * the gateway or was refused with 429 — after any other failure it may or may not have been
         * applied, and sending it again may apply it twice.
         */
        public Builder withoutIdempotencyKey() {
            this.idempotencyKey = null;
            return this;
        }

        public Transaction build() {
            if (inserts.isEmpty()) {
                throw new IllegalStateException("a transaction needs at least one insert");
            }
            return new Transaction("/v1/tx", Json.write(Map.of("inserts", inserts)), idempotencyKey, rowCount);
        }
    }
}
