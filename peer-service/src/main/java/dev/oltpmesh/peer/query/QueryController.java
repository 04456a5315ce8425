package dev.oltpmesh.peer.query;

import dev.oltpmesh.model.placement.HashPlacement;
import dev.oltpmesh.model.placement.RangePlacement;
import dev.oltpmesh.model.placement.ReplicatedPlacement;
import dev.oltpmesh.model.placement.RoundRobinPlacement;
import dev.oltpmesh.model.placement.Segment;
import dev.oltpmesh.model.placement.ShardHash;
import dev.oltpmesh.model.query.PeerQuery;
import dev.oltpmesh.model.schema.ColumnType;
import dev.oltpmesh.model.schema.TableDefinition;
import dev.oltpmesh.peer.PeerProperties;
import dev.oltpmesh.peer.backfill.BackfillRows;
import dev.oltpmesh.peer.backfill.MoveRows;
import dev.oltpmesh.peer.schema.SqlValues;
import dev.oltpmesh.peer.schema.TableMaterializer;
import dev.oltpmesh.support.config.TableLookup;
import dev.oltpmesh.support.web.MeshProblems;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import javax.sql.DataSource;

/** The peer's query endpoint for the gateway: rows of its own database only. */
@RestController
class QueryController {

    private final TableLookup catalog;
    private final TableMaterializer materializer;
    private final JdbcTemplate jdbc;
    /** Streams large results (a row per distinct key) through a cursor instead of holding them whole. */
    private final JdbcTemplate streaming;
    private final TransactionTemplate readOnly;
    private final BackfillRows backfill;
    private final MoveRows moveRows;
    private final PeerProperties properties;
    private final boolean byteOrderText;

    QueryController(TableLookup catalog, TableMaterializer materializer, DataSource dataSource,
                    PlatformTransactionManager transactions, BackfillRows backfill, MoveRows moveRows,
                    PeerProperties properties) {
        this.backfill = backfill;
        this.moveRows = moveRows;
        this.catalog = catalog;
        this.materializer = materializer;
        this.jdbc = new JdbcTemplate(dataSource);
        this.jdbc.setQueryTimeout((int) properties.queryTimeout().toSeconds());
        this.streaming = new JdbcTemplate(dataSource);
        this.streaming.setFetchSize(10_000);
        this.streaming.setQueryTimeout((int) properties.queryTimeout().toSeconds());
        this.readOnly = new TransactionTemplate(transactions);
        this.readOnly.setReadOnly(true);
        this.properties = properties;
        String collation = jdbc.queryForObject(
                "select datcollate from pg_database where datname = current_database()", String.class);
        this.byteOrderText = "C".equals(collation) || "POSIX".equals(collation);
    }

    /**
     * @param planned instead of the rows, how many PostgreSQL's planner expects the query to match
     *                (one row, {@code rows}): PostgREST's {@code count=planned}, cheap on any table
     */
    @PostMapping("/internal/query")
    List<Map<String, Object>> query(@RequestBody PeerQuery query, @RequestParam(defaultValue = "false") boolean planned) {
        var table = catalog.current(query.table())
                .orElseThrow(() -> new IllegalArgumentException("unknown table '" + query.table() + "'"));
        if (!materializer.exists(query.table())) {
            return planned ? List.of(Map.of("rows", 0L)) : List.of();
        }
        PeerSql.Statement statement = PeerSql.build(table, query, byteOrderText,
                moveRows.readScope(table, query.hiddenMoves(), query.excludedMoves()));
        if (planned) {
            String plan = jdbc.queryForObject("explain (format json) " + statement.sql(), String.class,
                    statement.params().toArray());
            return List.of(Map.of("rows", PeerSql.plannedRows(plan)));
        }
        return jdbc.query(statement.sql(), (rs, n) -> {
            Map<String, Object> row = new LinkedHashMap<>();
            for (var column : statement.columns().entrySet()) {
                row.put(column.getKey(), SqlValues.fromResult(column.getValue(), rs, column.getKey()));
            }
            return row;
        }, statement.params().toArray());
    }

    /**
     * The rows this peer holds of a table, and how they fall into the table's shards (HASH) or
     * segments (RANGE, with {@code base} for the values outside every segment), by the placement this
     * peer knows: where a move left rows, and how skewed the data is.
     *
     * @param digest  also a digest of the rows (see {@link BackfillRows#digest})
     * @param before  the digest only of rows not routed here since that placement version (what a backfill copies)
     * @param foreign the digest only of rows of no part this peer applied (what a backfill copied in)
     */
    @GetMapping("/internal/tables/{table}/stats")
    Map<String, Object> stats(@PathVariable String table, @RequestParam(defaultValue = "false") boolean digest,
                              @RequestParam(required = false) Long before,
                              @RequestParam(defaultValue = "false") boolean foreign) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("table", table);
        out.put("peer", properties.id());
        if (!materializer.exists(table)) {
            out.put("rows", 0L);
            return out;
        }
        String name = TableMaterializer.quote(table);
        out.put("rows", jdbc.queryForObject("select count(*) from " + name, Long.class));
        catalog.current(table).ifPresent(definition -> {
            if (digest) {
                out.putAll(backfill.digest(definition, before, foreign));
            }
            switch (definition.placement()) {
                case HashPlacement hash -> out.put("shards", shardCounts(definition, hash));
                case RangePlacement range -> out.put("segments", segmentCounts(definition, range));
                case ReplicatedPlacement _, RoundRobinPlacement _ -> {
                }
            }
        });
        return out;
    }

    /**
     * Rows per shard: the shard of each distinct value of the placement column, hashed here. The
     * values come through a cursor in a read-only transaction (PostgreSQL's driver fetches in batches
     * only there), so a table with millions of keys does not fill the peer's memory.
     */
    private Map<String, Long> shardCounts(TableDefinition table, HashPlacement hash) {
        ColumnType type = table.column(hash.column()).orElseThrow().type();
        Map<String, Long> counts = new TreeMap<>(Comparator.comparingInt(Integer::parseInt));
        String column = TableMaterializer.quote(hash.column());
        readOnly.executeWithoutResult(status -> streaming.query("select " + column + ", count(*) from "
                + TableMaterializer.quote(table.name()) + " group by " + column, rs -> {
            int shard = ShardHash.shardOf(type, SqlValues.fromResult(type, rs, hash.column()), hash.shards());
            counts.merge(String.valueOf(shard), rs.getLong(2), Long::sum);
        }));
        return counts;
    }

    /** Rows per segment, and {@code base} for the rest, counted in one pass of the database. */
    private Map<String, Long> segmentCounts(TableDefinition table, RangePlacement range) {
        ColumnType type = table.column(range.column()).orElseThrow().type();
        String column = TableMaterializer.quote(range.column());
        StringBuilder sql = new StringBuilder("select count(*)");
        List<Object> params = new ArrayList<>();
        for (Segment segment : range.segments()) {
            sql.append(", count(*) filter (where true");
            if (segment.min() != null) {
                sql.append(" and ").append(column).append(segment.minInclusive() ? " >= ?" : " > ?");
                params.add(SqlValues.toJdbc(type, segment.min()));
            }
            if (segment.max() != null) {
                sql.append(" and ").append(column).append(segment.maxInclusive() ? " <= ?" : " < ?");
                params.add(SqlValues.toJdbc(type, segment.max()));
            }
            sql.append(")");
        }
        sql.append(" from ").append(TableMaterializer.quote(table.name()));
        return jdbc.query(sql.toString(), rs -> {
            rs.next();
            Map<String, Long> counts = new LinkedHashMap<>();
            long inSegments = 0;
            for (int i = 0; i < range.segments().size(); i++) {
                long rows = rs.getLong(i + 2);
                counts.put(range.segments().get(i).name(), rows);
                inSegments += rows;
            }
            counts.put("base", rs.getLong(1) - inSegments);
            return counts;
        }, params.toArray());
    }

    @ExceptionHandler(IllegalArgumentException.class)
    ProblemDetail onBadQuery(IllegalArgumentException e) {
        return MeshProblems.problem(HttpStatus.BAD_REQUEST, "invalid-query", e.getMessage());
    }
}
