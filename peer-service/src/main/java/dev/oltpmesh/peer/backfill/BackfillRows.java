package dev.oltpmesh.peer.backfill;

import dev.oltpmesh.model.placement.HashPlacement;
import dev.oltpmesh.model.schema.ColumnType;
import dev.oltpmesh.model.schema.TableDefinition;
import dev.oltpmesh.peer.query.RegionSql.Condition;
import dev.oltpmesh.peer.schema.TableMaterializer;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
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
    private final TableMaterializer materializer;

    BackfillRows(JdbcClient jdbc, TableMaterializer materializer) {
        this.jdbc = jdbc;
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
    Page routedBefore(TableDefinition table, long version, String afterTx, Integer afterRow, int limit) {
        return page(table, new Condition(NOT_ROUTED_SINCE, List.of(version, version)), afterTx, afterRow, limit);
    }

    /**
     * A page of the rows that meet the condition, in (_tx, _row) order after the given key, as a JSON
     * array made by the database ({@code _shard} too for a HASH table): rows travel from one
     * PostgreSQL to another without being taken apart on the way.
     */
    Page page(TableDefinition table, Condition where, String afterTx, Integer afterRow, int limit) {
        if (!materializer.exists(table.name())) {
            return new Page("[]", 0, null, null);
        }
        // Walks the table's index on _tx from the key on: a page costs its own rows (and those the
        // condition skips), not a scan of the table, so a copy leaves the peer free for its writes.
        List<Object> params = new ArrayList<>();
        StringBuilder sql = new StringBuilder("""
                select coalesce(json_agg(p order by p._tx, p._row), '[]'::json)::text, count(*),
                    (array_agg(p._tx::text order by p._tx desc, p._row desc))[1],
                    (array_agg(p._row order by p._tx desc, p._row desc))[1] from (""")
                .append("select ").append(TableMaterializer.columnList(table)).append(", _tx, _row")
                .append(table.placement() instanceof HashPlacement ? ", _shard" : "")
                .append(" from ").append(TableMaterializer.quote(table.name())).append(" t where ");
        if (afterTx != null) {
            UUID after = UUID.fromString(afterTx);
            sql.append("_tx >= ? and (_tx, _row) > (?, ?) and ");
            params.add(after);
            params.add(after);
            params.add(afterRow == null ? -1 : afterRow);
        }
        sql.append("(").append(where.sql()).append(")");
        params.addAll(where.params());
        sql.append(" order by _tx, _row limit ?) p");
        params.add(limit);
        return jdbc.sql(sql.toString()).params(params).query((rs, n) -> new Page(rs.getString(1), rs.getInt(2),
                rs.getString(3), rs.getObject(4) == null ? null : rs.getInt(4))).single();
    }

    /** A page as JSON, with its number of rows and the key of its last row (null when empty). */
    record Page(String json, int rows, String lastTx, Integer lastRow) {
    }

    /** What a page did here: rows new here, rows received, and the key of its last row (null when empty). */
    record Taken(int inserted, int received, String lastTx, Integer lastRow) {
    }

    /**
     * Inserts the rows of a page (as {@link #page} makes it) that this peer does not have yet, under
     * one commit sequence number of its own, in the caller's transaction, in one statement: the
     * database reads the JSON into the table's own types. Rows it has already (from a page copied
     * before a crash) are left as they are, so a page may be copied again.
     *
     * @param move the move the rows are copied by, stored with each ({@code _move}); a row is then one
     *             this peer has when it has it from that move. Null for a backfill: any row of the same
     *             transaction and ordinal.
     */
    Taken insertPage(TableDefinition table, String page, Long move) {
        materializer.ensure(table);
        boolean hash = table.placement() instanceof HashPlacement;
        String name = TableMaterializer.quote(table.name());
        String types = table.columns().stream()
                .map(c -> TableMaterializer.quote(c.name()) + " " + c.type().sqlType())
                .collect(Collectors.joining(", ", "", ", _tx uuid, _row integer" + (hash ? ", _shard integer" : "")));
        String columns = TableMaterializer.columnList(table);
        String values = table.columns().stream().map(c -> "r." + TableMaterializer.quote(c.name()))
                .collect(Collectors.joining(", "));
        List<Object> params = new ArrayList<>();
        params.add(page);
        params.add(jdbc.sql("select nextval('mesh_commit_seq')").query(Long.class).single());
        params.add(move);
        if (move != null) {
            params.add(move);
        }
        String sql = "with r as (select * from jsonb_to_recordset(cast(? as jsonb)) as r(" + types + ")), "
                + "ins as (insert into " + name + " (" + columns + ", _tx, _seq, _row, _move" + (hash ? ", _shard" : "")
                + ") select " + values + ", r._tx, ?, r._row, cast(? as bigint)" + (hash ? ", r._shard" : "")
                + " from r where not exists (select 1 from " + name + " t where t._tx = r._tx and t._row = r._row"
                + (move == null ? "" : " and t._move = ?") + ") returning 1), "
                + "last as (select _tx, _row from r order by _tx desc, _row desc limit 1) "
                + "select (select count(*) from ins), (select count(*) from r), (select _tx::text from last), "
                + "(select _row from last)";
        return jdbc.sql(sql).params(params).query((rs, n) -> new Taken(rs.getInt(1), rs.getInt(2), rs.getString(3),
                rs.getObject(4) == null ? null : rs.getInt(4))).single();
    }

}
