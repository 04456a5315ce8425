package dev.oltpmesh.model.event;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.List;
import java.util.Map;

/**
 * Rows for one table, in canonical form, validated against {@code schemaVersion} of the table.
 *
 * @param ordinals each row's position among the transaction's rows of the table, when the part holds
 *                 only some of them (left out of the JSON when they are simply 0, 1, 2, ...): a row is
 *                 known by its transaction and ordinal on every peer it goes to or is moved to
 * @param skipDuplicates whether a row whose primary key is stored already (or repeats earlier in the
 *                 transaction) is left out rather than failing the transaction: PostgREST's
 *                 {@code resolution=ignore-duplicates}, which insert-only storage makes natural. Null
 *                 when not (and so left out of the JSON, which reads and hashes as before it existed).
 */
public record TableRows(String table, int schemaVersion, List<Map<String, Object>> rows,
                        @JsonInclude(JsonInclude.Include.NON_NULL) List<Integer> ordinals,
                        @JsonInclude(JsonInclude.Include.NON_NULL) Boolean skipDuplicates) {

    public TableRows {
        rows = List.copyOf(rows);
        ordinals = ordinals == null ? null : List.copyOf(ordinals);
        skipDuplicates = Boolean.TRUE.equals(skipDuplicates) ? Boolean.TRUE : null;
    }

    /** Whether rows whose key exists are left out rather than failing the transaction. */
    public boolean skipsDuplicates() {
        return Boolean.TRUE.equals(skipDuplicates);
    }

    public TableRows(String table, int schemaVersion, List<Map<String, Object>> rows) {
        this(table, schemaVersion, rows, null, (Boolean) null);
    }

    /** The ordinal of the i-th row of this part. */
    public int ordinal(int i) {
        return ordinals == null ? i : ordinals.get(i);
    }
}
