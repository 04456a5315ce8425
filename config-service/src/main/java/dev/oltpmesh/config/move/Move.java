package dev.oltpmesh.config.move;

import java.time.Instant;
import java.util.List;

/**
 * A data move as a job. {@code phase} is where a COPYING job is: its first pass over the source, the
 * wait until the source holds every row routed by an older version, then the last pass.
 */
record Move(long id, Kind kind, String table, String from, String to, long placementVersion, State state, Phase phase,
            long rowsCopied, Long rowsTotal, String cursorTx, Integer cursorRow, Long settleOffset,
            List<String> settlePrepared, String error, Instant createdAt, Instant updatedAt) {

    enum Kind { BACKFILL }

    enum State { PLANNED, COPYING, VERIFYING, DONE, FAILED }

    enum Phase { FIRST_PASS, SOURCE_CATCHING_UP, SOURCE_DECIDING, LAST_PASS, NONE }

    Move copied(long rows, String tx, Integer row) {
        return new Move(id, kind, table, from, to, placementVersion, state, phase, rowsCopied + rows, rowsTotal, tx,
                row, settleOffset, settlePrepared, null, createdAt, updatedAt);
    }

    Move in(State newState, Phase newPhase) {
        return new Move(id, kind, table, from, to, placementVersion, newState, newPhase, rowsCopied, rowsTotal,
                cursorTx, cursorRow, settleOffset, settlePrepared, error, createdAt, updatedAt);
    }

    Move fromTheStart(Phase newPhase) {
        return new Move(id, kind, table, from, to, placementVersion, state, newPhase, rowsCopied, rowsTotal, null,
                null, settleOffset, settlePrepared, error, createdAt, updatedAt);
    }

    Move total(long rows) {
        return new Move(id, kind, table, from, to, placementVersion, state, phase, rowsCopied, rows, cursorTx,
                cursorRow, settleOffset, settlePrepared, error, createdAt, updatedAt);
    }

    Move settling(Long offset, List<String> prepared) {
        return new Move(id, kind, table, from, to, placementVersion, state, phase, rowsCopied, rowsTotal, cursorTx,
                cursorRow, offset, prepared, error, createdAt, updatedAt);
    }

    Move failed(String reason) {
        return in(State.FAILED, Phase.NONE).failing(reason);
    }

    Move failing(String reason) {
        return new Move(id, kind, table, from, to, placementVersion, state, phase, rowsCopied, rowsTotal, cursorTx,
                cursorRow, settleOffset, settlePrepared, reason, createdAt, updatedAt);
    }
}
