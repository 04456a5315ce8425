package dev.oltpmesh.peer.backfill;

import dev.oltpmesh.peer.backfill.BackfillController.Copied;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.client.RestClient;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * One copy step at the receiving peer: pages follow each other from the source for up to a budget of
 * time, the next one fetched while the last one is stored (the source says where its page ends in
 * headers), so the source's database and this one work at once. Pages are stored in order, and the
 * step answers the key of the last page stored: the configuration service goes on from there.
 */
final class PagedCopy {

    static final String ROWS = "Mesh-Page-Rows";
    static final String LAST_TX = "Mesh-Page-Last-Tx";
    static final String LAST_ROW = "Mesh-Page-Last-Row";
    private static final Duration BUDGET = Duration.ofMillis(1500);

    private PagedCopy() {
    }

    /** A source's answer: the page's JSON, and where it ends in headers. */
    static ResponseEntity<String> answer(BackfillRows.Page page) {
        ResponseEntity.BodyBuilder answer = ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON)
                .header(ROWS, String.valueOf(page.rows()));
        if (page.lastTx() != null) {
            answer.header(LAST_TX, page.lastTx()).header(LAST_ROW, String.valueOf(page.lastRow()));
        }
        return answer.body(page.json());
    }

    /**
     * @param pageAfter the URI of the source's page after a key (tx and row, both null for the first)
     * @param store     stores a page here, in a transaction of its own
     */
    static Copied run(RestClient http, BiFunction<String, Integer, URI> pageAfter,
                      Function<String, BackfillRows.Taken> store, String afterTx, Integer afterRow, int limit) {
        long deadline = System.nanoTime() + BUDGET.toNanos();
        int inserted = 0;
        String lastTx = afterTx;
        Integer lastRow = afterRow;
        try (ExecutorService fetching = Executors.newVirtualThreadPerTaskExecutor()) {
            BackfillRows.Page page = fetch(http, pageAfter.apply(afterTx, afterRow));
            while (true) {
                BackfillRows.Page current = page;
                boolean full = current.rows() == limit;
                Future<BackfillRows.Page> next = full && System.nanoTime() < deadline
                        ? fetching.submit(() -> fetch(http, pageAfter.apply(current.lastTx(), current.lastRow())))
                        : null;
                if (current.rows() > 0) {
                    BackfillRows.Taken taken;
                    try {
                        taken = store.apply(current.json());
                    } catch (RuntimeException e) {
                        if (next != null) {
                            next.cancel(true);
                        }
                        throw e;
                    }
                    inserted += taken.inserted();
                    lastTx = taken.lastTx();
                    lastRow = taken.lastRow();
                }
                if (next == null) {
                    return new Copied(inserted, lastTx, lastRow, full);
                }
                try {
                    page = next.get();
                } catch (ExecutionException e) {
                    if (inserted == 0 && Objects.equals(lastTx, afterTx)) {
                        throw e;
                    }
                    // What is stored counts: the next step fetches again from there.
                    return new Copied(inserted, lastTx, lastRow, true);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while copying", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException runtime ? runtime : new IllegalStateException(e.getCause());
        }
    }

    private static BackfillRows.Page fetch(RestClient http, URI uri) {
        ResponseEntity<String> answer = http.get().uri(uri).retrieve().toEntity(String.class);
        HttpHeaders headers = answer.getHeaders();
        String rows = headers.getFirst(ROWS);
        String lastRow = headers.getFirst(LAST_ROW);
        return new BackfillRows.Page(answer.getBody() == null ? "[]" : answer.getBody(),
                rows == null ? 0 : Integer.parseInt(rows), headers.getFirst(LAST_TX),
                lastRow == null ? null : Integer.parseInt(lastRow));
    }
}
