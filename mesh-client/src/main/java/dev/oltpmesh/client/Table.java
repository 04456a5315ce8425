package dev.oltpmesh.client;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

/** Writes and reads of one table. Rows are insert-only: the mesh never updates or deletes them. */
public final class Table {

    private final Transport transport;
    private final String name;

    Table(Transport transport, String name) {
        this.transport = transport;
        this.name = name;
    }

    public String name() {
        return name;
    }

    /** Inserts the rows as one transaction, answered once it is durably on Kafka ({@code ACCEPTED}). */
    public TxStatus insert(List<?> rows) {
        return insert(rows, Wait.accepted());
    }

    /**
     * Inserts the rows as one transaction, with an Idempotency-Key of its own that every retry carries.
     *
     * @see MeshClient#submit(Transaction, Wait)
     */
    public TxStatus insert(List<?> rows, Wait wait) {
        return new MeshClient.Submitter(transport).submit(Transaction.of(name, rows), wait);
    }

    /** A query of this table, with no filter yet. */
    public Query query() {
        return new Query(transport, name);
    }

    /**
     * The row whose one-column primary key is {@code key}, every column with {@code _tx} and
     * {@code _seq}.
     *
     * @throws MeshNotFoundException no such row (or table)
     */
    public Map<String, Object> row(Object key) {
        String text = key instanceof BigDecimal decimal ? decimal.toPlainString() : String.valueOf(key);
        return Json.read(transport.send(Transport.Call.get("/v1/tables/" + Transport.encode(name) + "/rows/"
                + Transport.encode(text))).body(), Json.ROW);
    }

    /** {@link #row(Object)} as {@code type}. */
    public <T> T row(Object key, Class<T> type) {
        return Json.convert(row(key), type);
    }
}
