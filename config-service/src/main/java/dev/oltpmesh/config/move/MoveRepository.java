package dev.oltpmesh.config.move;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

@Repository
public class MoveRepository {

    private static final String COLUMNS = "id, kind, table_name, from_peer, to_peer, placement_version, state, phase, "
            + "rows_copied, rows_total, cursor_tx, cursor_row, settle_offset, settle_prepared, error, created_at, updated_at";

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

    List<Move> all() {
        return jdbc.sql("select " + COLUMNS + " from moves order by id").query(MoveRepository::read).list();
    }

    List<Move> unfinished() {
        return jdbc.sql("select " + COLUMNS + " from moves where state not in ('DONE', 'FAILED') order by id")
                .query(MoveRepository::read).list();
    }

    Optional<Move> find(long id) {
        return jdbc.sql("select " + COLUMNS + " from moves where id = ?").param(id).query(MoveRepository::read).optional();
    }

    void save(Move move) {
        jdbc.sql("""
                        update moves set state = ?, phase = ?, rows_copied = ?, rows_total = ?, cursor_tx = ?, cursor_row = ?,
                            settle_offset = ?, settle_prepared = ?, error = ?, updated_at = now()
                        where id = ?""")
                .param(move.state().name()).param(move.phase().name()).param(move.rowsCopied()).param(move.rowsTotal())
                .param(move.cursorTx() == null ? null : UUID.fromString(move.cursorTx())).param(move.cursorRow())
                .param(move.settleOffset())
                .param(move.settlePrepared() == null ? null : String.join(",", move.settlePrepared()))
                .param(move.error()).param(move.id()).update();
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
                rs.getTimestamp("updated_at").toInstant());
    }
}
