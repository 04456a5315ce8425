package dev.oltpmesh.peer.backfill;

import dev.oltpmesh.model.placement.ReplicatedPlacement;
import dev.oltpmesh.model.schema.TableDefinition;
import dev.oltpmesh.peer.schema.TableMaterializer;
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
import org.springframework.web.util.UriComponentsBuilder;

import java.time.Duration;

/**
 * A replicated table copied to a peer that joined after it had rows: the configuration service has
 * the newcomer copy page after page ({@code copy}), which it reads from a peer holding every row
 * ({@code rows}). Pages are keyed, and a page copied twice changes nothing, so the configuration
 * service may repeat a step after any failure.
 */
@RestController
class BackfillController {

    /** One step: the page after {@code afterTx}/{@code afterRow} of the rows {@code source} was routed before {@code before}. */
    record CopyStep(String source, long before, String afterTx, Integer afterRow, int limit) {
    }

    /** What a step did: rows new here, the key of the page's last row, and whether a full page came. */
    record Copied(int copied, String lastTx, Integer lastRow, boolean more) {
    }

    private static final int MAX_PAGE = 10_000;

    private final TableLookup catalog;
    private final TableMaterializer materializer;
    private final BackfillRows rows;
    private final TransactionTemplate transactions;
    private final RestClient http;

    BackfillController(TableLookup catalog, BackfillRows rows, TransactionTemplate transactions,
                       RestClient.Builder http, TableMaterializer materializer) {
        this.materializer = materializer;
        this.catalog = catalog;
        this.rows = rows;
        this.transactions = transactions;
        this.http = http.requestFactory(HttpTimeouts.of(Duration.ofSeconds(5), Duration.ofSeconds(30))).build();
    }

    @GetMapping(path = "/internal/backfill/{table}/rows", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<String> rows(@PathVariable String table, @RequestParam long before, @RequestParam(required = false) String afterTx,
                @RequestParam(required = false) Integer afterRow, @RequestParam(defaultValue = "1000") int limit) {
        TableDefinition definition = table(table);
        // Only replicated tables: a partitioned table's rows are no other peer's to read.
        if (!(definition.placement() instanceof ReplicatedPlacement)) {
            throw new IllegalArgumentException("'" + table + "' is not a replicated table");
        }
        return PagedCopy.answer(rows.routedBefore(definition, before, afterTx, afterRow, page(limit)));
    }

    @PostMapping("/internal/backfill/{table}/copy")
    Copied copy(@PathVariable String table, @RequestBody CopyStep step) {
        TableDefinition definition = table(table);
        int limit = page(step.limit());
        // Before any transaction: a copy holds no connection while the inbox creates the same table.
        materializer.createIfMissing(definition);
        return PagedCopy.run(http, (afterTx, afterRow) -> {
            UriComponentsBuilder uri = UriComponentsBuilder.fromUriString(step.source())
                    .path("/internal/backfill/{table}/rows")
                    .queryParam("before", step.before())
                    .queryParam("limit", limit);
            if (afterTx != null) {
                uri.queryParam("afterTx", afterTx).queryParam("afterRow", afterRow);
            }
            return uri.buildAndExpand(table).toUri();
        }, page -> transactions.execute(status -> rows.insertPage(definition, page, null)), step.afterTx(),
                step.afterRow(), limit);
    }

    @ExceptionHandler(IllegalArgumentException.class)
    ProblemDetail onBadRequest(IllegalArgumentException e) {
        return MeshProblems.problem(HttpStatus.BAD_REQUEST, "invalid-backfill", e.getMessage());
    }

    private static int page(int limit) {
        return Math.min(Math.max(limit, 1), MAX_PAGE);
    }

    private TableDefinition table(String name) {
        return catalog.current(name).orElseThrow(() -> new IllegalArgumentException("unknown table '" + name + "'"));
    }
}
