package dev.oltpmesh.support.config;

import dev.oltpmesh.model.event.TableDefined;
import dev.oltpmesh.model.schema.TableDefinition;
import dev.oltpmesh.support.web.HttpTimeouts;
import org.springframework.web.client.HttpClientErrorException;
import org.springframework.web.client.RestClient;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * A table's definition, at least as new as the caller needs. The followed snapshot usually has it;
 * a table defined a moment ago may not have reached it yet, and then the config service, which
 * committed it, is asked, and the answer is kept in the snapshot.
 */
public class TableLookup {

    private static final Duration FOLLOW_WAIT = Duration.ofSeconds(3);

    private final ConfigSnapshot snapshot;
    private final RestClient configService;

    public TableLookup(ConfigSnapshot snapshot, RestClient.Builder http, String configServiceUrl) {
        this.snapshot = snapshot;
        this.configService = http.baseUrl(configServiceUrl)
                .requestFactory(HttpTimeouts.of(Duration.ofSeconds(2), Duration.ofSeconds(5))).build();
    }

    public Optional<TableDefinition> current(String table) {
        return atLeast(table, 1);
    }

    public Optional<TableDefinition> atLeast(String table, int version) {
        Optional<TableDefinition> known = snapshot.table(table).filter(t -> t.version() >= version);
        if (known.isPresent()) {
            return known;
        }
        if (snapshot.table(table).isPresent()) {
            // A newer version of a known table is on its way with the rest of its placement version: waiting
            // a moment for it keeps this service's tables and placement version of one piece.
            long deadline = System.nanoTime() + FOLLOW_WAIT.toNanos();
            while (System.nanoTime() < deadline) {
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
                known = snapshot.table(table).filter(t -> t.version() >= version);
                if (known.isPresent()) {
                    return known;
                }
            }
        }
        try {
            TableDefinition fetched = configService.get().uri("/internal/tables/{t}", table).retrieve()
                    .body(TableDefinition.class);
            if (fetched == null) {
                return Optional.empty();
            }
            // The placement version is not part of the answer; 0 leaves the snapshot's as it is.
            snapshot.apply(new TableDefined(fetched, 0));
            return Optional.of(fetched).filter(t -> t.version() >= version);
        } catch (HttpClientErrorException.NotFound | HttpClientErrorException.BadRequest notATableItKnows) {
            // The config service answered (404, or 400 for a name no table can have): not a transient state.
            return Optional.empty();
        } catch (RuntimeException unreachable) {
            throw ConfigUnavailableException.askingFor(table, unreachable);
        }
    }
}
