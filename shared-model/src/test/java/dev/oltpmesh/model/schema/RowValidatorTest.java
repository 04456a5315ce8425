package dev.oltpmesh.model.schema;

import dev.oltpmesh.model.placement.ReplicatedPlacement;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RowValidatorTest {

    private final TableDefinition table = new TableDefinition("payment", 1, List.of(
            new ColumnDefinition("id", ColumnType.BIGINT, false),
            new ColumnDefinition("note", ColumnType.TEXT, true)), List.of("id"), new ReplicatedPlacement());

    @Test
    void shouldReturnTheRowInCanonicalForm() {
        assertThat(RowValidator.canonicalRow(table, Map.of("id", "7"))).containsExactly(Map.entry("id", 7L));
    }

    @Test
    void shouldRefuseUnknownColumns() {
        assertThatThrownBy(() -> RowValidator.canonicalRow(table, Map.of("id", 1, "colour", "red")))
                .hasMessageContaining("unknown column 'colour'");
    }

    @Test
    void shouldRefuseMissingNonNullColumns() {
        Map<String, Object> row = new HashMap<>();
        row.put("id", null);
        assertThatThrownBy(() -> RowValidator.canonicalRow(table, row)).hasMessageContaining("'id' is not nullable");
    }

    @Test
    void shouldNameTheColumnOfAWrongType() {
        assertThatThrownBy(() -> RowValidator.canonicalRow(table, Map.of("id", "seven")))
                .hasMessageStartingWith("column 'id': expected an integer");
    }
}
