package dev.oltpmesh.config.move;

import dev.oltpmesh.config.web.ConfigException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** Data moves as jobs: what each copies, from where to where, how far it is, and why it stopped. */
@RestController
class MoveController {

    record MoveView(long id, String kind, String table, String from, String to, String state, long rowsCopied,
                    Long rowsTotal, Double rowsPerSec, Long etaSeconds, String error, Instant createdAt,
                    Instant updatedAt) {
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
        return new MoveView(move.id(), move.kind().name(), move.table(), move.from(), move.to(), move.state().name(),
                move.rowsCopied(), move.rowsTotal(), rate, eta, move.error(), move.createdAt(), move.updatedAt());
    }
}
