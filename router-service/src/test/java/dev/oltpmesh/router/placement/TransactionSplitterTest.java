package dev.oltpmesh.router.placement;

import dev.oltpmesh.model.event.PartRouted;
import dev.oltpmesh.model.event.ConfigVersionPublished;
import dev.oltpmesh.model.event.PeerRegistered;
import dev.oltpmesh.model.event.TableDefined;
import dev.oltpmesh.model.event.TableRows;
import dev.oltpmesh.model.event.TransactionSubmitted;
import dev.oltpmesh.model.peer.PeerDefinition;
import dev.oltpmesh.model.peer.PeerStatus;
import dev.oltpmesh.model.placement.HashPlacement;
import dev.oltpmesh.model.schema.ColumnDefinition;
import dev.oltpmesh.model.schema.ColumnType;
import dev.oltpmesh.model.schema.TableDefinition;
import dev.oltpmesh.support.config.ConfigSnapshot;
import dev.oltpmesh.support.config.ConfigUnavailableException;
import dev.oltpmesh.support.config.TableLookup;
import org.junit.jupiter.api.Test;
import org.springframework.web.client.RestClient;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TransactionSplitterTest {

    private final ConfigSnapshot snapshot = new ConfigSnapshot();
    /** Nothing listens there: asking the config service fails as it does when it is down. */
    private final TableLookup tables = new TableLookup(snapshot, RestClient.builder(), "http://127.0.0.1:9");
    private final TransactionSplitter splitter = new TransactionSplitter(snapshot, tables, new RoundRobinPointers());

    TransactionSplitterTest() {
        for (String peer : List.of("peer-1", "peer-2")) {
            snapshot.apply(new PeerRegistered(new PeerDefinition(peer, "http://" + peer, "default", PeerStatus.ACTIVE)));
        }
        snapshot.apply(new TableDefined(new TableDefinition("account", 1,
                List.of(new ColumnDefinition("id", ColumnType.TEXT, false)), List.of("id"),
                new HashPlacement("id", 2, List.of("peer-1", "peer-2"))), 1));
        snapshot.apply(new ConfigVersionPublished(1));
    }

    private static TransactionSubmitted tx(String table, String... ids) {
        List<Map<String, Object>> rows = java.util.Arrays.stream(ids).<Map<String, Object>>map(id -> Map.of("id", id))
                .toList();
        return TransactionSubmitted.sealed("01a2f0c0-0000-7000-8000-000000000001", Instant.now(), null, "h",
                List.of(new TableRows(table, 1, rows)), "client");
    }

    @Test
    void shouldSendAOnePeerTransactionAsOnePhasePart() {
        var routing = splitter.split(tx("account", "a"));
        assertThat(routing.parts()).singleElement().satisfies(p -> assertThat(p.twoPhase()).isFalse());
    }

    @Test
    void shouldNameEveryParticipantInEachPartOfAMultiPeerTransaction() {
        var routing = splitter.split(tx("account", "a", "b", "c", "d", "e", "f"));
        assertThat(routing.parts()).extracting(PartRouted::peer).containsExactly("peer-1", "peer-2");
        assertThat(routing.parts()).allSatisfy(p -> {
            assertThat(p.twoPhase()).isTrue();
            assertThat(p.participants()).containsExactly("peer-1", "peer-2");
        });
        assertThat(routing.routed().parts()).hasSize(2);
    }

    @Test
    void shouldTellAnUnreachableConfigServiceFromAnUnknownTable() {
        assertThatThrownBy(() -> splitter.split(tx("not_cached_here", "a")))
                .as("the config service is down: transient, never 'unknown table'")
                .isInstanceOf(ConfigUnavailableException.class);
    }
}
