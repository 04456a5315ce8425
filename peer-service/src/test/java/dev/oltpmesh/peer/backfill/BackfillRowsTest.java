package dev.oltpmesh.peer.backfill;

import dev.oltpmesh.model.json.MeshJson;
import dev.oltpmesh.model.placement.ReplicatedPlacement;
import dev.oltpmesh.model.schema.ColumnDefinition;
import dev.oltpmesh.model.schema.ColumnType;
import dev.oltpmesh.model.schema.TableDefinition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** Which rows a peer hands to a newcomer, and how the newcomer takes them, on a real PostgreSQL. */
class BackfillRowsTest {

    private static final TableDefinition CITY = new TableDefinition("city", 1,
            List.of(new ColumnDefinition("id", ColumnType.TEXT, false), new ColumnDefinition("pop", ColumnType.NUMERIC, true)),
            List.of("id"), new ReplicatedPlacement(List.of("peer-1")));

    private static PeerDatabase database;
    private static JdbcClient jdbc;
    private static BackfillRows rows;
    private static TransactionTemplate transactions;

    @BeforeAll
    static void database() throws Exception {
        database = PeerDatabase.start();
        jdbc = database.jdbc();
        transactions = database.transactions();
        rows = database.rows();
        transactions.executeWithoutResult(status -> database.materializer().ensure(CITY));
    }

    @AfterAll
    static void stop() throws Exception {
        database.close();
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> parse(String json) {
        return MeshJson.mapper().readValue(json, List.class);
    }

    private static String row(String id, String part, long placementVersion) {
        String tx = UUID.randomUUID().toString();
        jdbc.sql("insert into city (id, pop, _tx, _seq, _row) values (?, 1.50, ?::uuid, 1, 0)").param(id).param(tx).update();
        switch (part) {
            case "applied" -> jdbc.sql("""
                            insert into mesh_applied_parts (tx_id, seq, rows, checksum, chain_hash, placement_version)
                            values (?::uuid, nextval('mesh_commit_seq'), 1, 'c', 'h', ?)""")
                    .param(tx).param(placementVersion).update();
            case "prepared" -> jdbc.sql("""
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

        String json = rows.routedBefore(CITY, 5, null, null, 100);
        List<Map<String, Object>> page = parse(json);

        assertThat(page).extracting(r -> r.get("id"))
                .containsExactlyInAnyOrder("older-applied", "older-prepared-then-committed", "copied-here-before");
        assertThat(json).as("a numeric keeps its scale").contains("\"pop\":1.50").doesNotContain("\"pop\":1.5,");

        List<Map<String, Object>> first = parse(rows.routedBefore(CITY, 5, null, null, 2));
        Map<String, Object> last = first.get(1);
        List<Map<String, Object>> rest = parse(rows.routedBefore(CITY, 5, (String) last.get("_tx"),
                ((Number) last.get("_row")).intValue(), 2));
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

        BackfillRows.Taken first = transactions.execute(status -> rows.insertPage(town, page, null));
        BackfillRows.Taken again = transactions.execute(status -> rows.insertPage(town, page, null));

        assertThat(first.inserted()).isEqualTo(2);
        assertThat(first.received()).isEqualTo(2);
        assertThat(again.inserted()).isZero();
        assertThat(jdbc.sql("select pop::text from town where id = 'a'").query(String.class).single()).isEqualTo("2.50");
    }
}
