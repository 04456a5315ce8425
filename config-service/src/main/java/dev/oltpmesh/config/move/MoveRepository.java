package dev.oltpmesh.config.move;

import dev.oltpmesh.model.json.MeshJson;
import dev.oltpmesh.model.placement.PlacementSpec;
import dev.oltpmesh.model.placement.RegionMove;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;

@Repository
public class MoveRepository {

    private static final String COLUMNS = "id, kind, table_name, from_peer, to_peer, placement_version, state, phase, "
            + "rows_copied, rows_total, cursor_tx, cursor_row, settle_offset, settle_prepared, error, created_at, updated_at, "
            + "before_placement, after_placement, live_at, attempt";

    private final JdbcClient jdbc;

    MoveRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Plans a backfill: the rows routed before {@code placementVersion} copied from one peer to another. */
    public void planBackfill(String table, String from, String to, long placementVersion) {
        jdbc.sql("""
                        insert into moves (kind, table_name, from_peer, to_peer, placement_version, state, phase)
                        values ('BACKFILL', ?, ?, ?, ?, 'PLANNED', 'NONE')""")
                .param(table).param(from).param(to).param(placementVersion).update();
    }

    /**
     * Plans a move of the rows {@code before} placed on {@code from} and {@code after} places on
     * {@code to}, from {@code placementVersion} on; returns its id.
     */
    public long planRegion(String table, String from, String to, long placementVersion, PlacementSpec before,
                           PlacementSpec after) {
        return jdbc.sql("""
                        insert into moves (kind, table_name, from_peer, to_peer, placement_version, state, phase,
                            before_placement, after_placement)
                        values ('REGION', ?, ?, ?, ?, 'PLANNED', 'NONE', ?, ?) returning id""")
                .param(table).param(from).param(to).param(placementVersion)
                .param(new String(MeshJson.toBytes(before))).param(new String(MeshJson.toBytes(after)))
                .query(Long.class).single();
    }

    /** The tables among {@code tables} with a REGION move that is not done, and why, per table. */
    public Map<String, String> unsettledTables(Collection<String> tables) {
        Map<String, String> found = new TreeMap<>();
        for (Move move : jdbc.sql("select " + COLUMNS + " from moves where kind = 'REGION' and state <> 'DONE' order by id")
                .query(MoveRepository::read).list()) {
            if (tables.contains(move.table())) {
                found.putIfAbsent(move.table(), "move " + move.id() + " (" + move.from() + " to " + move.to() + ") is "
                        + move.state());
            }
        }
        return found;
    }

    /** The REGION moves whose stage the other services have not been told yet. */
    public List<RegionMove> unpublished() {
        // A move published DONE is told for good: the pass, on every change, reads only the others.
        return jdbc.sql("select " + COLUMNS + ", published_stage from moves where kind = 'REGION' and "
                        + "(state <> 'DONE' or published_stage is distinct from 'DONE')")
                .query((rs, n) -> {
                    Move move = read(rs, n);
                    return move.stage().name().equals(rs.getString("published_stage")) ? null : move.region();
                }).list().stream().filter(Objects::nonNull).toList();
    }

    /** Records what the services were told; a record of an attempt since replaced tells nothing of the new one. */
    public void published(RegionMove move) {
        jdbc.sql("update moves set published_stage = ? where id = ? and attempt = ?").param(move.stage().name())
                .param(move.id()).param(move.attempt()).update();
    }

    /** Whether any REGION move from the peer (of the table, or of any when null) is not done. */
    boolean movingFrom(String peer, String table) {
        return jdbc.sql("select count(*) from moves where kind = 'REGION' and from_peer = ? and state <> 'DONE'"
                        + " and (cast(? as text) is null or table_name = ?)")
                .param(peer).param(table).param(table).query(Long.class).single() > 0;
    }

    List<Move> all() {
        return jdbc.sql("select " + COLUMNS + " from moves order by id").query(MoveRepository::read).list();
    }

    /** One look at every job, for the gauges: see {@link MoveProgress}. */
    MoveProgress progress() {
        return jdbc.sql("""
                        select count(*) filter (where state not in ('DONE', 'FAILED')),
                               count(*) filter (where state = 'FAILED'),
                               coalesce(sum(rows_copied) filter (where state not in ('DONE', 'FAILED')
                                                                 and rows_total is not null), 0),
                               coalesce(sum(rows_total) filter (where state not in ('DONE', 'FAILED')), 0)
                        from moves""")
                .query((rs, n) -> new MoveProgress(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4)))
                .single();
    }

    List<Move> unfinished() {
        return jdbc.sql("select " + COLUMNS + " from moves where state not in ('DONE', 'FAILED') order by id")
                .query(MoveRepository::read).list();
    }

    /** The move, locked until the caller's transaction ends. */
    Optional<Move> lock(long id) {
        return jdbc.sql("select " + COLUMNS + " from moves where id = ? for update").param(id)
                .query(MoveRepository::read).optional();
    }

    Optional<Move> find(long id) {
        return jdbc.sql("select " + COLUMNS + " from moves where id = ?").param(id).query(MoveRepository::read).optional();
    }

    void save(Move move) {
        jdbc.sql("""
                        update moves set state = ?, phase = ?, rows_copied = ?, rows_total = ?, cursor_tx = ?, cursor_row = ?,
                            settle_offset = ?, settle_prepared = ?, error = ?, live_at = ?,
                            published_stage = case when attempt = ? then published_stage end, attempt = ?,
                            updated_at = now()
                        where id = ?""")
                .param(move.state().name()).param(move.phase().name()).param(move.rowsCopied()).param(move.rowsTotal())
                .param(move.cursorTx() == null ? null : UUID.fromString(move.cursorTx())).param(move.cursorRow())
                .param(move.settleOffset())
                .param(move.settlePrepared() == null ? null : String.join(",", move.settlePrepared()))
                .param(move.error()).param(move.liveAt() == null ? null : Timestamp.from(move.liveAt()))
                // A new attempt has told no service anything yet.
                .param(move.attempt()).param(move.attempt()).param(move.id()).update();
    }

    private static Move read(ResultSet rs, int n) throws SQLException {
        String prepared = rs.getString("settle_prepared");
        long total = rs.getLong("rows_total");
        Long rowsTotal = rs.wasNull() ? null : total;
        long offset = rs.getLong("settle_offset");
        Long settleOffset = rs.wasNull() ? null : offset;
        int row = rs.getInt("cursor_row");
        Integer cursorRow = rs.wasNull() ? null : row;
        return new Move(rs.getLong("id"), Move.Kind.valueOf(rs.getString("kind")), rs.getString("table_name"),
                rs.getString("from_peer"), rs.getString("to_peer"), rs.getLong("placement_version"),
                Move.State.valueOf(rs.getString("state")), Move.Phase.valueOf(rs.getString("phase")),
                rs.getLong("rows_copied"), rowsTotal, rs.getString("cursor_tx"), cursorRow, settleOffset,
                prepared == null ? null : prepared.isEmpty() ? List.of() : Arrays.asList(prepared.split(",")),
                rs.getString("error"), rs.getTimestamp("created_at").toInstant(),
                rs.getTimestamp("updated_at").toInstant(), placement(rs.getString("before_placement")),
                placement(rs.getString("after_placement")),
                rs.getTimestamp("live_at") == null ? null : rs.getTimestamp("live_at").toInstant(), rs.getInt("attempt"));
    }

    private static PlacementSpec placement(String json) {
        return json == null ? null : MeshJson.mapper().readValue(json, PlacementSpec.class);
    }
}
