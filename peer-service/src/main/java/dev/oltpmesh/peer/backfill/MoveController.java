package dev.oltpmesh.peer.backfill;

import dev.oltpmesh.model.placement.RegionMove;
import dev.oltpmesh.model.schema.TableDefinition;
import dev.oltpmesh.peer.PeerProperties;
import dev.oltpmesh.peer.schema.TableMaterializer;
import dev.oltpmesh.support.config.ConfigSnapshot;
import dev.oltpmesh.support.config.ConfigUnavailableException;
import dev.oltpmesh.support.config.TableLookup;
import dev.oltpmesh.support.web.HttpTimeouts;
import dev.oltpmesh.support.web.MeshProblems;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.client.RestClient;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.util.UriComponentsBuilder;

import java.security.Principal;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The peer's side of a move of rows, each step driven by the configuration service and safe to
 * repeat: the target copies page after page from the source ({@code copy}, which reads {@code rows}
 * there) and keeps each copy marked with the move; both sides give a digest of the region; once the
 * move is live the source purges the region; while it is not, the target asks the source whether
 * a key exists there ({@code exists}); a retried move first discards the copies of its failed attempt.
 */
@RestController
class MoveController {

    /** One step: the page after {@code afterTx}/{@code afterRow}. */
    record CopyStep(String afterTx, Integer afterRow, int limit) {
    }

    /** Rows purged, and whether a full batch went (so there may be more). */
    record Purged(int purged, boolean more) {
    }

    private static final int MAX_PAGE = 10_000;
    private static final int MAX_KEYS = 1_000;

    private final ConfigSnapshot snapshot;
    private final TableMaterializer materializer;
    private final TableLookup catalog;
    private final BackfillRows rows;
    private final MoveRows moveRows;
    private final TransactionTemplate transactions;
    private final String self;
    private final RestClient http;

    MoveController(ConfigSnapshot snapshot, TableLookup catalog, BackfillRows rows, MoveRows moveRows,
                   TransactionTemplate transactions, PeerProperties properties, RestClient.Builder http,
                   TableMaterializer materializer) {
        this.materializer = materializer;
        this.snapshot = snapshot;
        this.catalog = catalog;
        this.rows = rows;
        this.moveRows = moveRows;
        this.transactions = transactions;
        this.self = properties.id();
        this.http = http.requestFactory(HttpTimeouts.of(Duration.ofSeconds(5), Duration.ofSeconds(30))).build();
    }

    /** The move as this peer sees it: the configuration service purges a source only once its target reads the copies. */
    @GetMapping("/internal/moves/{id}")
    RegionMove seen(@PathVariable long id) {
        return snapshot.move(id).orElseThrow(() -> ConfigUnavailableException.notKnownYet("move " + id));
    }

    @GetMapping(path = "/internal/moves/{id}/rows", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<String> rows(@PathVariable long id, @RequestParam(required = false) String afterTx,
                @RequestParam(required = false) Integer afterRow, @RequestParam(defaultValue = "1000") int limit,
                Principal caller) {
        RegionMove move = move(id, true);
        requireTarget(move, caller);
        TableDefinition table = table(move);
        return PagedCopy.answer(rows.page(table, moveRows.source(table, move), afterTx, afterRow, page(limit)));
    }

    @PostMapping("/internal/moves/{id}/copy")
    BackfillController.Copied copy(@PathVariable long id, @RequestBody CopyStep step) {
        RegionMove move = move(id, false);
        TableDefinition table = table(move);
        int limit = page(step.limit());
        String source = snapshot.peer(move.from()).orElseThrow(() ->
                ConfigUnavailableException.notKnownYet("peer " + move.from())).queryUrl();
        // Before any transaction: a copy holds no connection while the inbox creates the same table.
        materializer.createIfMissing(table);
        return PagedCopy.run(http, (afterTx, afterRow) -> {
            UriComponentsBuilder uri = UriComponentsBuilder.fromUriString(source).path("/internal/moves/{id}/rows")
                    .queryParam("limit", limit);
            if (afterTx != null) {
                uri.queryParam("afterTx", afterTx).queryParam("afterRow", afterRow);
            }
            return uri.buildAndExpand(id).toUri();
        }, page -> transactions.execute(status -> rows.insertPage(table, page, move.id())), step.afterTx(),
                step.afterRow(), limit);
    }

    /** @param side {@code source}: the region's rows here; {@code copies}: the rows copied here by the move */
    @GetMapping("/internal/moves/{id}/digest")
    Map<String, Object> digest(@PathVariable long id, @RequestParam String side) {
        boolean source = switch (side) {
            case "source" -> true;
            case "copies" -> false;
            default -> throw new IllegalArgumentException("side must be source or copies");
        };
        RegionMove move = move(id, source);
        TableDefinition table = table(move);
        return rows.digest(table, source ? moveRows.source(table, move) : MoveRows.copies(move));
    }

    @PostMapping("/internal/moves/{id}/purge")
    Purged purge(@PathVariable long id, @RequestParam(defaultValue = "5000") int limit) {
        RegionMove move = move(id, true);
        if (!move.live()) {
            // Only rows whose copies are verified and read at the target: this peer's own view decides.
            throw ConfigUnavailableException.notKnownYet("move " + id + " as live");
        }
        TableDefinition table = table(move);
        int batch = page(limit);
        int purged = transactions.execute(status -> moveRows.purge(table, move, batch));
        return new Purged(purged, purged == batch);
    }

    /** Deletes copies of a failed attempt, before the move is retried; never those of a move that went on. */
    @PostMapping("/internal/moves/{id}/discard")
    Purged discard(@PathVariable long id, @RequestParam(defaultValue = "5000") int limit) {
        RegionMove move = move(id, false);
        if (move.stage() != RegionMove.Stage.FAILED) {
            // A view from before the failure: the copies may still be going to be read.
            throw ConfigUnavailableException.notKnownYet("move " + id + " as failed");
        }
        TableDefinition table = table(move);
        int batch = page(limit);
        int discarded = transactions.execute(status -> moveRows.discard(table, move, batch));
        return new Purged(discarded, discarded == batch);
    }

    @PostMapping("/internal/moves/{id}/exists")
    List<Map<String, Object>> exists(@PathVariable long id, @RequestBody List<Map<String, Object>> keys,
                                     Principal caller) {
        if (keys.size() > MAX_KEYS) {
            throw new IllegalArgumentException("at most " + MAX_KEYS + " keys at once");
        }
        RegionMove move = move(id, true);
        requireTarget(move, caller);
        return moveRows.existing(table(move), keys);
    }

    @ExceptionHandler(IllegalArgumentException.class)
    ProblemDetail onBadRequest(IllegalArgumentException e) {
        return MeshProblems.problem(HttpStatus.BAD_REQUEST, "invalid-move-step", e.getMessage());
    }

    private RegionMove move(long id, boolean asSource) {
        RegionMove move = snapshot.move(id).orElseThrow(() -> ConfigUnavailableException.notKnownYet("move " + id));
        if (!(asSource ? move.from() : move.to()).equals(self)) {
            throw new IllegalArgumentException("move " + id + " goes from " + move.from() + " to " + move.to()
                    + "; this is " + self);
        }
        return move;
    }

    /** A region's rows and keys are the move's target's to read, not any peer's. */
    private static void requireTarget(RegionMove move, Principal caller) {
        if (caller == null || !move.to().equals(caller.getName())) {
            throw new ResponseStatusException(HttpStatus.FORBIDDEN, "only " + move.to() + ", the target of move "
                    + move.id() + ", reads its rows");
        }
    }

    private TableDefinition table(RegionMove move) {
        return catalog.current(move.table()).orElseThrow(() -> ConfigUnavailableException.notKnownYet(
                "table " + move.table()));
    }

    private static int page(int limit) {
        return Math.min(Math.max(limit, 1), MAX_PAGE);
    }
}
