package dev.oltpmesh.peer.schema;

import dev.oltpmesh.model.schema.TableDefinition;
import dev.oltpmesh.peer.PeerProperties;
import dev.oltpmesh.support.config.ConfigSnapshot;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClient;

import java.util.Optional;

/**
 * The definition of a table at a version at least as new as a part needs. The followed snapshot
 * usually has it; a part routed a moment after a change may arrive first, and then the peer asks
 * the config service for the version it lacks.
 */
@Component
public class TableCatalog {

    private final ConfigSnapshot snapshot;
    private final RestClient configService;

    TableCatalog(ConfigSnapshot snapshot, RestClient.Builder http, PeerProperties properties) {
        this.snapshot = snapshot;
        this.configService = http.baseUrl(properties.configServiceUrl()).build();
    }

    public Optional<TableDefinition> atLeast(String table, int version) {
        Optional<TableDefinition> known = snapshot.table(table).filter(t -> t.version() >= version);
        if (known.isPresent()) {
            return known;
        }
        try {
            TableDefinition fetched = configService.get().uri("/v1/admin/tables/{t}", table).retrieve()
                    .body(TableDefinition.class);
            return Optional.ofNullable(fetched).filter(t -> t.version() >= version);
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    public Optional<TableDefinition> current(String table) {
        return snapshot.table(table);
    }
}
