package dev.oltpmesh.config.move;

import dev.oltpmesh.config.web.ConfigException;
import dev.oltpmesh.model.placement.HashPlacement;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** Data moves as jobs: what each copies, from where to where, how far it is, and why it stopped. */
@RestController
class MoveController {

    /**
     * @param shards          a REGION move of a HASH table: the shards it carries
     * @param placementVersion the version from which the rows are the target's
     * @param attempt          0, then one more each time the move was retried after it failed
     */
    record MoveView(long id, String kind, String table, List<Integer> shards, String from, String to, String state,
                    long placementVersion, long rowsCopied, Long rowsTotal, Double rowsPerSec, Long etaSeconds,
                    String error, int attempt, Instant createdAt, Instant updatedAt, Instant liveAt) {
    }

    private final MoveRepository moves;
    private final MoveJobs jobs;

    MoveController(MoveRepository moves, MoveJobs jobs) {
        this.moves = moves;
        this.jobs = jobs;
    }

    @GetMapping("/v1/admin/moves")
    List<MoveView> moves() {
        return moves.all().stream().map(MoveController::view).toList();
    }

    @GetMapping("/v1/admin/moves/{id}")
    MoveView move(@PathVariable long id) {
        return moves.find(id).map(MoveController::view).orElseThrow(() -> ConfigException.notFound("move " + id));
    }

    /**
     * Starts a FAILED move again from the start (its copies discarded, the source settled again); the
     * source kept the rows meanwhile. 409 for a move that has not failed.
     */
    @PostMapping("/v1/admin/moves/{id}/retry")
    @ResponseStatus(HttpStatus.ACCEPTED)
    MoveView retry(@PathVariable long id) {
        return view(jobs.retry(id));
    }

    private static MoveView view(Move move) {
        Double rate = null;
        Long eta = null;
        if (move.state() == Move.State.COPYING) {
            double seconds = Math.max(1, Duration.between(move.createdAt(), Instant.now()).toSeconds());
            rate = move.rowsCopied() / seconds;
            if (move.rowsTotal() != null && rate > 0) {
                eta = (long) Math.ceil(Math.max(0, move.rowsTotal() - move.rowsCopied()) / rate);
            }
        }
        List<Integer> shards = move.kind() == Move.Kind.REGION && move.after() instanceof HashPlacement
                ? move.region().shards() : null;
        return new MoveView(move.id(), move.kind().name(), move.table(), shards, move.from(), move.to(),
                move.state().name(), move.placementVersion(), move.rowsCopied(), move.rowsTotal(), rate, eta,
                move.error(), move.attempt(), move.createdAt(), move.updatedAt(), move.liveAt());
    }
}
