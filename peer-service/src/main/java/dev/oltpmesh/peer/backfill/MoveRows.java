package dev.oltpmesh.peer.backfill;

import dev.oltpmesh.model.placement.RegionMove;
import dev.oltpmesh.model.schema.ColumnType;
import dev.oltpmesh.model.schema.TableDefinition;
import dev.oltpmesh.peer.PeerProperties;
import dev.oltpmesh.peer.query.RegionSql.Condition;
import dev.oltpmesh.peer.query.RegionSql;
import dev.oltpmesh.peer.schema.SqlValues;
import dev.oltpmesh.peer.schema.TableMaterializer;
import dev.oltpmesh.support.config.ConfigSnapshot;
import dev.oltpmesh.support.config.ConfigUnavailableException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A move's rows at its source (the region, leaving out copies this peer holds of moves that are not
 * live: those rows are still read at their own source) and at its target (the copies, {@code _move}).
 */
@Component
public class MoveRows {

    private final JdbcClient jdbc;
    private final TableMaterializer materializer;
    private final ConfigSnapshot snapshot;
    private final String self;

    MoveRows(JdbcClient jdbc, TableMaterializer materializer, ConfigSnapshot snapshot, PeerProperties properties) {
        this.jdbc = jdbc;
        this.materializer = materializer;
        this.snapshot = snapshot;
        this.self = properties.id();
    }

    /** The moves whose copies here are not to be read: into this peer, and not live. */
    public List<Long> hiddenCopies(String table) {
        return snapshot.unfinishedMoves(table).stream().filter(m -> m.to().equals(self) && !m.live())
                .map(RegionMove::id).toList();
    }

    /** The rows of the move's region that this peer holds and reads as its own. */
    Condition source(TableDefinition table, RegionMove move) {
        return RegionSql.of(table, move).and(RegionSql.notCopiesOf(hiddenCopies(table.name())));
    }

    /**
     * What a query leaves out so that each row of a moving region is read once: the copies of moves
     * that are not live, and the region of live moves from here that is not purged yet. The query
     * says how its gateway sees the table's moves; for a move it does not name, this peer's view decides.
     */
    public Condition readScope(TableDefinition table, List<Long> hiddenByQuery, List<Long> excludedByQuery) {
        List<Long> hidden = new ArrayList<>(hiddenByQuery);
        hiddenCopies(table.name()).stream().filter(id -> !excludedByQuery.contains(id) && !hidden.contains(id))
                .forEach(hidden::add);
        List<RegionMove> excluded = new ArrayList<>();
        for (long id : excludedByQuery) {
            RegionMove move = snapshot.move(id).orElseThrow(() -> ConfigUnavailableException.notKnownYet("move " + id));
            if (move.from().equals(self) && move.table().equals(table.name())) {
                excluded.add(move);
            }
        }
        snapshot.unfinishedMoves(table.name()).stream()
                .filter(m -> m.from().equals(self) && m.stage() == RegionMove.Stage.LIVE
                        && !hiddenByQuery.contains(m.id()) && !excludedByQuery.contains(m.id()))
                .forEach(excluded::add);
        Condition scope = RegionSql.notCopiesOf(hidden);
        for (RegionMove move : excluded) {
            Condition region = RegionSql.of(table, move);
            scope = scope.and(new Condition("not coalesce((" + region.sql() + "), false)", region.params()));
        }
        return scope;
    }

    static Condition copies(RegionMove move) {
        return new Condition("_move = ?", List.of(move.id()));
    }

    /** Deletes up to {@code limit} rows of the region, as the system: they are live at the target now. */
    int purge(TableDefinition table, RegionMove move, int limit) {
        return delete(table, source(table, move), limit);
    }

    /** Deletes up to {@code limit} of the copies a failed attempt of the move left here, as the system. */
    int discard(TableDefinition table, RegionMove move, int limit) {
        return delete(table, copies(move), limit);
    }

    private int delete(TableDefinition table, Condition rows, int limit) {
        if (!materializer.exists(table.name())) {
            return 0;
        }
        String name = TableMaterializer.quote(table.name());
        jdbc.sql("set local mesh.system_change = 'on'").update();
        List<Object> params = new ArrayList<>(rows.params());
        params.add(limit);
        return jdbc.sql("delete from " + name + " where ctid = any(array(select ctid from " + name + " where "
                + rows.sql() + " limit ?))").params(params).update();
    }

    /** The keys among {@code keys} that a row here has (rows of moves not live here left out). */
    List<Map<String, Object>> existing(TableDefinition table, List<Map<String, Object>> keys) {
        if (keys.isEmpty() || table.primaryKey().isEmpty() || !materializer.exists(table.name())) {
            return List.of();
        }
        List<String> key = table.primaryKey();
        List<Object> params = new ArrayList<>();
        String tuple = "(" + key.stream().map(c -> "?").collect(Collectors.joining(", ")) + ")";
        for (Map<String, Object> given : keys) {
            for (String column : key) {
                ColumnType type = table.column(column).orElseThrow().type();
                params.add(SqlValues.toJdbc(type, type.canonical(given.get(column))));
            }
        }
        Condition visible = RegionSql.notCopiesOf(hiddenCopies(table.name()));
        params.addAll(visible.params());
        String columns = key.stream().map(TableMaterializer::quote).collect(Collectors.joining(", "));
        return jdbc.sql("select " + columns + " from " + TableMaterializer.quote(table.name()) + " where (" + columns
                        + ") in (" + String.join(", ", java.util.Collections.nCopies(keys.size(), tuple)) + ") and "
                        + visible.sql())
                .params(params)
                .query((rs, n) -> {
                    Map<String, Object> found = new LinkedHashMap<>();
                    for (String column : key) {
                        found.put(column, SqlValues.fromResult(table.column(column).orElseThrow().type(), rs, column));
                    }
                    return found;
                }).list();
    }
}
