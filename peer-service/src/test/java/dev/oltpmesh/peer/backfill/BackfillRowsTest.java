package dev.oltpmesh.peer.backfill;

import dev.oltpmesh.model.json.MeshJson;
import dev.oltpmesh.model.placement.ReplicatedPlacement;
import dev.oltpmesh.model.schema.ColumnDefinition;
import dev.oltpmesh.model.schema.ColumnType;
import dev.oltpmesh.model.schema.TableDefinition;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** Which rows a peer hands to a newcomer, and how the newcomer takes them, on a real PostgreSQL. */
class BackfillRowsTest {

    private static final TableDefinition CITY = new TableDefinition("city", 1,
            List.of(new ColumnDefinition("id", ColumnType.TEXT, false), new ColumnDefinition("pop", ColumnType.NUMERIC, true)),
            List.of("id"), new ReplicatedPlacement(List.of("peer-1")));

    @RegisterExtension
    static final PeerDatabase DATABASE = new PeerDatabase();

    @BeforeAll
    static void table() {
        DATABASE.transactions().executeWithoutResult(status -> DATABASE.materializer().ensure(CITY));
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> parse(String json) {
        return MeshJson.mapper().readValue(json, List.class);
    }

    private static String row(String id, String part, long placementVersion) {
        String tx = UUID.randomUUID().toString();
        DATABASE.jdbc().sql("insert into city (id, pop, _tx, _seq, _row) values (?, 1.50, ?::uuid, 1, 0)").param(id).param(tx).update();
        switch (part) {
            case "applied" -> DATABASE.jdbc().sql("""
                            insert into mesh_applied_parts (tx_id, seq, rows, checksum, chain_hash, placement_version)
                            values (?::uuid, nextval('mesh_commit_seq'), 1, 'c', 'h', ?)""")
                    .param(tx).param(placementVersion).update();
            case "prepared" -> DATABASE.jdbc().sql("""
                            insert into mesh_prepared_parts (tx_id, seq, rows, checksum, placement_version)
                            values (?::uuid, nextval('mesh_commit_seq'), 1, 'c', ?)""")
                    .param(tx).param(placementVersion).update();
            default -> {
                // Copied in by an earlier backfill: a row of no part of this peer's own.
            }
        }
        return tx;
    }

    @Test
    void shouldHandOverEveryRowANewcomerNeverGotIncludingRowsThisPeerWasFilledWith() {
        row("older-applied", "applied", 3);
        row("older-prepared-then-committed", "prepared", 4);
        row("copied-here-before", "copied", 0);
        row("newer", "applied", 5);
        row("newest", "prepared", 9);

        BackfillRows.Page all = DATABASE.rows().routedBefore(CITY, 5, null, null, 100);
        String json = all.json();
        List<Map<String, Object>> page = parse(json);
        assertThat(all.rows()).isEqualTo(3);

        assertThat(page).extracting(r -> r.get("id"))
                .containsExactlyInAnyOrder("older-applied", "older-prepared-then-committed", "copied-here-before");
        assertThat(json).as("a numeric keeps its scale").contains("\"pop\":1.50").doesNotContain("\"pop\":1.5,");

        BackfillRows.Page firstPage = DATABASE.rows().routedBefore(CITY, 5, null, null, 2);
        List<Map<String, Object>> first = parse(firstPage.json());
        Map<String, Object> last = first.get(1);
        assertThat(firstPage.lastTx()).as("the page says where it ends").isEqualTo(last.get("_tx"));
        List<Map<String, Object>> rest = parse(DATABASE.rows().routedBefore(CITY, 5, firstPage.lastTx(),
                firstPage.lastRow(), 2).json());
        assertThat(first.size() + rest.size()).as("keyed pages cover the rows once").isEqualTo(3);
        assertThat(rest).extracting(r -> r.get("id")).doesNotContainAnyElementsOf(first.stream().map(r -> r.get("id")).toList());
    }

    @Test
    void shouldTakeAPageOnceHoweverOftenItIsSent() {
        TableDefinition town = new TableDefinition("town", 1,
                List.of(new ColumnDefinition("id", ColumnType.TEXT, false), new ColumnDefinition("pop", ColumnType.NUMERIC, true)),
                List.of("id"), new ReplicatedPlacement(List.of("peer-1")));
        String page = "[{\"id\":\"a\",\"pop\":2.50,\"_tx\":\"" + UUID.randomUUID() + "\",\"_row\":0},"
                + "{\"id\":\"b\",\"pop\":3,\"_tx\":\"" + UUID.randomUUID() + "\",\"_row\":1}]";

        BackfillRows.Taken first = DATABASE.transactions().execute(status -> DATABASE.rows().insertPage(town, page, null));
        BackfillRows.Taken again = DATABASE.transactions().execute(status -> DATABASE.rows().insertPage(town, page, null));

        assertThat(first.inserted()).isEqualTo(2);
        assertThat(first.received()).isEqualTo(2);
        assertThat(again.inserted()).isZero();
        assertThat(DATABASE.jdbc().sql("select pop::text from town where id = 'a'").query(String.class).single()).isEqualTo("2.50");
    }
}
