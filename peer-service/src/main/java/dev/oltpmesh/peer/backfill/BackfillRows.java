package dev.oltpmesh.peer.backfill;

import dev.oltpmesh.model.placement.HashPlacement;
import dev.oltpmesh.model.placement.ShardHash;
import dev.oltpmesh.model.schema.ColumnDefinition;
import dev.oltpmesh.model.schema.ColumnType;
import dev.oltpmesh.model.schema.TableDefinition;
import dev.oltpmesh.peer.query.RegionSql.Condition;
import dev.oltpmesh.peer.schema.SqlValues;
import dev.oltpmesh.peer.schema.TableMaterializer;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.math.BigDecimal;
import java.sql.PreparedStatement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * The rows of a replicated table as they travel from a peer that holds them to one that joined
 * later, and of a partitioned table as a move carries them to their new owner. A row is known
 * everywhere by its transaction and its ordinal among that transaction's rows of the table
 * ({@code _tx}, {@code _row}): every peer receives the same part of a replicated table, so the pair
 * names the same row on every peer, with or without a primary key.
 */
@Component
public class BackfillRows {

    /**
     * Rows not of a part this peer received by the given placement version or a newer one: the rows a
     * peer that joined at that version never got. Rows this peer was itself filled with by a backfill
     * belong to no part of its own and count too, so any holder can fill a newcomer.
     */
    private static final String NOT_ROUTED_SINCE = """
            not exists (select 1 from mesh_applied_parts p where p.tx_id = t._tx and p.placement_version >= ?)
            and not exists (select 1 from mesh_prepared_parts p where p.tx_id = t._tx and p.placement_version >= ?)""";

    /** Rows of no part this peer applied: the ones a backfill copied in. */
    private static final String NOT_OWN_PARTS = """
            not exists (select 1 from mesh_applied_parts p where p.tx_id = t._tx)
            and not exists (select 1 from mesh_prepared_parts p where p.tx_id = t._tx)""";

    private final JdbcClient jdbc;
    private final JdbcTemplate batches;
    private final TableMaterializer materializer;

    BackfillRows(JdbcClient jdbc, JdbcTemplate batches, TableMaterializer materializer) {
        this.jdbc = jdbc;
        this.batches = batches;
        this.materializer = materializer;
    }

    /**
     * A digest of the rows this peer holds of the table, independent of their order: the sum of the
     * first 64 bits of each row's MD5 (its columns with {@code _tx} and {@code _row}, timestamps in
     * UTC), so two peers that hold the same rows have the same digest; with their count. Computed by
     * the database without moving a row; MD5 only tells copies apart here, it guards nothing.
     *
     * @param before  only the rows not routed here since this placement version (what a backfill copies)
     * @param foreign only the rows of no part this peer applied (what a backfill copied in)
     */
    public Map<String, Object> digest(TableDefinition table, Long before, boolean foreign) {
        String where = before != null ? NOT_ROUTED_SINCE : foreign ? NOT_OWN_PARTS : "true";
        List<Object> params = before == null ? List.of() : List.of(before, before);
        return digest(table, new Condition(where, params));
    }

    /** The count and digest (see above) of the rows that meet the condition. */
    Map<String, Object> digest(TableDefinition table, Condition where) {
        if (!materializer.exists(table.name())) {
            return Map.of("digestRows", 0L, "digest", "0");
        }
        String row = table.columns().stream()
                .map(c -> c.type() == ColumnType.TIMESTAMP
                        ? "to_char(" + TableMaterializer.quote(c.name()) + " at time zone 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US')"
                        : TableMaterializer.quote(c.name()))
                .collect(Collectors.joining(", ", "row(", ", _tx, _row)::text"));
        return jdbc.sql("select count(*), coalesce(sum(('x' || left(md5(" + row
                        + "), 16))::bit(64)::bigint), 0)::text from " + TableMaterializer.quote(table.name())
                        + " t where " + where.sql())
                .params(where.params())
                .query((rs, n) -> Map.<String, Object>of("digestRows", rs.getLong(1), "digest", rs.getString(2)))
                .single();
    }

    /** A page of the rows not routed here since {@code version}, in (_tx, _row) order after the given key. */
    List<Map<String, Object>> routedBefore(TableDefinition table, long version, String afterTx, Integer afterRow,
                                           int limit) {
        return page(table, new Condition(NOT_ROUTED_SINCE, List.of(version, version)), afterTx, afterRow, limit);
    }

    /** A page of the rows that meet the condition, in (_tx, _row) order after the given key. */
    List<Map<String, Object>> page(TableDefinition table, Condition where, String afterTx, Integer afterRow,
                                   int limit) {
        if (!materializer.exists(table.name())) {
            return List.of();
        }
        // Walks the table's index on _tx from the key on: a page costs its own rows (and those the
        // condition skips), not a scan of the table, so a copy leaves the peer free for its writes.
        List<Object> params = new ArrayList<>();
        StringBuilder sql = new StringBuilder("select ").append(TableMaterializer.columnList(table)).append(", _tx, _row from ")
                .append(TableMaterializer.quote(table.name())).append(" t where ");
        if (afterTx != null) {
            UUID after = UUID.fromString(afterTx);
            sql.append("_tx >= ? and (_tx, _row) > (?, ?) and ");
            params.add(after);
            params.add(after);
            params.add(afterRow == null ? -1 : afterRow);
        }
        sql.append("(").append(where.sql()).append(")");
        params.addAll(where.params());
        sql.append(" order by _tx, _row limit ?");
        params.add(limit);
        return jdbc.sql(sql.toString()).params(params).query((rs, n) -> {
            Map<String, Object> row = new LinkedHashMap<>();
            for (ColumnDefinition column : table.columns()) {
                Object value = SqlValues.fromResult(column.type(), rs, column.name());
                // A numeric travels as text: as a JSON number it could come back a double, losing its scale.
                row.put(column.name(), value instanceof BigDecimal decimal ? decimal.toPlainString() : value);
            }
            row.put("_tx", rs.getString("_tx"));
            row.put("_row", rs.getInt("_row"));
            return row;
        }).list();
    }

    /**
     * Inserts the rows this peer does not have yet, under one commit sequence number of its own, in
     * the caller's transaction; returns how many were new. Rows it has already (from a page copied
     * before a crash) are left as they are, so a page may be copied again.
     *
     * @param move the move the rows are copied by, stored with each ({@code _move}); a row is then one
     *             this peer has when it has it from that move. Null for a backfill: any row of the same
     *             transaction and ordinal.
     */
    int insertMissing(TableDefinition table, List<Map<String, Object>> rows, Long move) {
        materializer.ensure(table);
        long seq = jdbc.sql("select nextval('mesh_commit_seq')").query(Long.class).single();
        List<ColumnDefinition> columns = table.columns();
        HashPlacement hash = table.placement() instanceof HashPlacement h ? h : null;
        ColumnType hashType = hash == null ? null : table.column(hash.column()).orElseThrow().type();
        String name = TableMaterializer.quote(table.name());
        String sql = "insert into " + name + " (" + TableMaterializer.columnList(table) + ", _tx, _seq, _row, _move"
                + (hash == null ? "" : ", _shard") + ") select " + "?, ".repeat(columns.size()) + "?, ?, ?, ?"
                + (hash == null ? "" : ", ?") + " where not exists (select 1 from " + name
                + " where _tx = ? and _row = ?" + (move == null ? "" : " and _move = ?") + ")";
        int[][] counts = batches.batchUpdate(sql, rows, 500, (PreparedStatement ps, Map<String, Object> row) -> {
            int index = 1;
            for (ColumnDefinition column : columns) {
                SqlValues.bind(ps, index++, column.type(), column.type().canonical(row.get(column.name())));
            }
            UUID tx = UUID.fromString(String.valueOf(row.get("_tx")));
            int ordinal = ((Number) row.get("_row")).intValue();
            ps.setObject(index++, tx);
            ps.setLong(index++, seq);
            ps.setInt(index++, ordinal);
            if (move == null) {
                ps.setNull(index++, Types.BIGINT);
            } else {
                ps.setLong(index++, move);
            }
            if (hash != null) {
                ps.setInt(index++, ShardHash.shardOf(hashType, hashType.canonical(row.get(hash.column())), hash.shards()));
            }
            ps.setObject(index++, tx);
            ps.setInt(index++, ordinal);
            if (move != null) {
                ps.setLong(index, move);
            }
        });
        int inserted = 0;
        for (int[] batch : counts) {
            for (int count : batch) {
                inserted += Math.max(count, 0);
            }
        }
        return inserted;
    }

}
