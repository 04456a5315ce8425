package dev.oltpmesh.config.move;

import dev.oltpmesh.config.web.ConfigException;
import dev.oltpmesh.model.placement.HashPlacement;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
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
     */
    record MoveView(long id, String kind, String table, List<Integer> shards, String from, String to, String state,
                    long placementVersion, long rowsCopied, Long rowsTotal, Double rowsPerSec, Long etaSeconds,
                    String error, Instant createdAt, Instant updatedAt, Instant liveAt) {
    }

    private final MoveRepository moves;

    MoveController(MoveRepository moves) {
        this.moves = moves;
    }

    @GetMapping("/v1/admin/moves")
    List<MoveView> moves() {
        return moves.all().stream().map(MoveController::view).toList();
    }

    @GetMapping("/v1/admin/moves/{id}")
    MoveView move(@PathVariable long id) {
        return moves.find(id).map(MoveController::view).orElseThrow(() -> ConfigException.notFound("move " + id));
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
                move.error(), move.createdAt(), move.updatedAt(), move.liveAt());
    }
}
