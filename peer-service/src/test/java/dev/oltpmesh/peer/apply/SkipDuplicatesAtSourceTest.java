package dev.oltpmesh.peer.apply;

import dev.oltpmesh.model.event.TableRows;
import dev.oltpmesh.model.placement.HashPlacement;
import dev.oltpmesh.model.schema.ColumnDefinition;
import dev.oltpmesh.model.schema.ColumnType;
import dev.oltpmesh.model.schema.TableDefinition;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Rows of an ignore-duplicates insert whose keys a move's source still holds are left out, each kept
 * row keeping its own ordinal, whatever JSON number type the source answered the key in.
 */
class SkipDuplicatesAtSourceTest {

    private static final TableDefinition ORDERS = new TableDefinition("orders", 1, List.of(
            new ColumnDefinition("account", ColumnType.TEXT, false),
            new ColumnDefinition("id", ColumnType.BIGINT, false),
            new ColumnDefinition("qty", ColumnType.INTEGER, true)), List.of("account", "id"),
            new HashPlacement("account", 8, List.of("peer-1", "peer-2")));

    @Test
    void shouldLeaveOutTheRowsWhoseKeysTheSourceHoldsAndKeepTheOthersOrdinals() {
        TableRows sent = new TableRows("orders", 1, List.of(
                Map.of("account", "a", "id", 1L, "qty", 5),
                Map.of("account", "a", "id", 2L, "qty", 6),
                Map.of("account", "b", "id", 1L, "qty", 7)), List.of(4, 7, 9), true);
        // The source answers in JSON: a small bigint comes back as an int.
        var found = List.of(new IncomingMoves.KeyAtSource(Map.of("account", "a", "id", 2), "peer-1"));

        TableRows kept = IncomingMoves.withoutKeys(ORDERS, sent, found);

        assertThat(kept.rows()).extracting(r -> r.get("qty")).containsExactly(5, 7);
        assertThat(kept.ordinal(0)).isEqualTo(4);
        assertThat(kept.ordinal(1)).isEqualTo(9);
        assertThat(kept.skipsDuplicates()).isTrue();
    }

    @Test
    void shouldKeepOrdinalsOfAPartSentWithoutThem() {
        TableRows sent = new TableRows("orders", 1, List.of(
                Map.of("account", "a", "id", 1L), Map.of("account", "a", "id", 2L)), null, true);
        TableRows kept = IncomingMoves.withoutKeys(ORDERS, sent,
                List.of(new IncomingMoves.KeyAtSource(Map.of("account", "a", "id", 1L), "peer-1")));
        assertThat(kept.rows()).hasSize(1);
        assertThat(kept.ordinal(0)).isEqualTo(1);
    }
}
