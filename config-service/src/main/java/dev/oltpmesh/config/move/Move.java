package dev.oltpmesh.config.move;

import dev.oltpmesh.model.placement.PlacementSpec;
import dev.oltpmesh.model.placement.RegionMove;

import java.time.Instant;
import java.util.List;

/**
 * A data move as a job: a BACKFILL fills a peer that joined with a replicated table's older rows; a
 * REGION move carries the rows of a shard, segment or stripe peer to their new owner. {@code phase}
 * is where a COPYING job is: a backfill's first pass, the wait until the source holds every row
 * routed to it by an older version (a region move starts there), then the last pass.
 */
record Move(long id, Kind kind, String table, String from, String to, long placementVersion, State state, Phase phase,
            long rowsCopied, Long rowsTotal, String cursorTx, Integer cursorRow, Long settleOffset,
            List<String> settlePrepared, String error, Instant createdAt, Instant updatedAt, PlacementSpec before,
            PlacementSpec after, Instant liveAt, int attempt) {

    enum Kind { BACKFILL, REGION }

    enum State { PLANNED, COPYING, VERIFYING, LIVE, PURGING, DONE, FAILED }

    /** DISCARDING: a retried REGION move first deletes the copies its failed attempt left at the target. */
    enum Phase { DISCARDING, FIRST_PASS, SOURCE_CATCHING_UP, SOURCE_DECIDING, LAST_PASS, NONE }

    /** What every other service is told of a REGION move (see {@link RegionMove.Stage}). */
    RegionMove.Stage stage() {
        return switch (state) {
            // While a retry discards the failed attempt's copies, the move is still that failed attempt to
            // everyone else: the target does not hold writes for a discard.
            case PLANNED -> phase == Phase.DISCARDING ? RegionMove.Stage.FAILED : RegionMove.Stage.SETTLING;
            case COPYING -> phase == Phase.SOURCE_CATCHING_UP || phase == Phase.SOURCE_DECIDING
                    ? RegionMove.Stage.SETTLING : RegionMove.Stage.COPYING;
            case VERIFYING -> RegionMove.Stage.COPYING;
            case LIVE, PURGING -> RegionMove.Stage.LIVE;
            case DONE -> RegionMove.Stage.DONE;
            case FAILED -> RegionMove.Stage.FAILED;
        };
    }

    RegionMove region() {
        return new RegionMove(id, table, from, to, placementVersion, before, after, stage(), attempt);
    }

    Move copied(long rows, String tx, Integer row) {
        return new Move(id, kind, table, from, to, placementVersion, state, phase, rowsCopied + rows, rowsTotal, tx,
                row, settleOffset, settlePrepared, null, createdAt, updatedAt, before, after, liveAt, attempt);
    }

    Move in(State newState, Phase newPhase) {
        return new Move(id, kind, table, from, to, placementVersion, newState, newPhase, rowsCopied, rowsTotal,
                cursorTx, cursorRow, settleOffset, settlePrepared, error, createdAt, updatedAt, before, after, liveAt, attempt);
    }

    Move fromTheStart(Phase newPhase) {
        return new Move(id, kind, table, from, to, placementVersion, state, newPhase, rowsCopied, rowsTotal, null,
                null, settleOffset, settlePrepared, error, createdAt, updatedAt, before, after, liveAt, attempt);
    }

    Move total(long rows) {
        return new Move(id, kind, table, from, to, placementVersion, state, phase, rowsCopied, rows, cursorTx,
                cursorRow, settleOffset, settlePrepared, error, createdAt, updatedAt, before, after, liveAt, attempt);
    }

    Move settling(Long offset, List<String> prepared) {
        return new Move(id, kind, table, from, to, placementVersion, state, phase, rowsCopied, rowsTotal, cursorTx,
                cursorRow, offset, prepared, error, createdAt, updatedAt, before, after, liveAt, attempt);
    }

    Move live(Instant at) {
        return new Move(id, kind, table, from, to, placementVersion, State.LIVE, Phase.NONE, rowsCopied, rowsTotal,
                cursorTx, cursorRow, settleOffset, settlePrepared, null, createdAt, updatedAt, before, after, at, attempt);
    }

    /**
     * A failed move started again from the start: a REGION move first discards its copies (still as
     * the failed attempt), then settles again as the next one; a backfill copies again as the next
     * attempt (its pages skip rows already there).
     */
    Move retried() {
        return kind == Kind.REGION ? reset(Phase.DISCARDING, attempt) : reset(Phase.NONE, attempt + 1);
    }

    /** The next attempt of a retried REGION move, once its failed attempt's copies are gone. */
    Move discarded() {
        return reset(Phase.NONE, attempt + 1);
    }

    private Move reset(Phase newPhase, int newAttempt) {
        return new Move(id, kind, table, from, to, placementVersion, State.PLANNED, newPhase, 0, null, null, null, null,
                null, null, createdAt, updatedAt, before, after, null, newAttempt);
    }

    Move failed(String reason) {
        return in(State.FAILED, Phase.NONE).failing(reason);
    }

    Move failing(String reason) {
        return new Move(id, kind, table, from, to, placementVersion, state, phase, rowsCopied, rowsTotal, cursorTx,
                cursorRow, settleOffset, settlePrepared, reason, createdAt, updatedAt, before, after, liveAt, attempt);
    }
}
