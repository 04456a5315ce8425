package dev.oltpmesh.config.table;

import dev.oltpmesh.config.web.ConfigException;
import dev.oltpmesh.model.placement.HashPlacement;
import dev.oltpmesh.model.placement.RangePlacement;
import dev.oltpmesh.model.placement.RoundRobinPlacement;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class TableDefinitionValidatorTest {

    private final TableDefinitionValidator validator = new TableDefinitionValidator(
            List.of("peer-1", "peer-2", "peer-3"), 16);

    private static TableRequest.ColumnRequest col(String name, String type, boolean nullable) {
        return new TableRequest.ColumnRequest(name, type, nullable);
    }

    @Test
    void shouldAssignHashShardsToActivePeersInTurn() {
        var table = validator.validate("payment", new TableRequest(
                List.of(col("account", "text", false), col("id", "uuid", false)), List.of("account", "id"),
                Map.of("strategy", "HASH", "column", "account", "shards", 4)));
        assertThat(table.placement()).isEqualTo(new HashPlacement("account", 4,
                List.of("peer-1", "peer-2", "peer-3", "peer-1")));
    }

    @Test
    void shouldDefaultTheShardKeyToThePrimaryKey() {
        var table = validator.validate("t", new TableRequest(List.of(col("id", "bigint", false)), List.of("id"), null));
        assertThat(((HashPlacement) table.placement()).column()).isEqualTo("id");
        var noKey = validator.validate("log", new TableRequest(List.of(col("line", "text", true)), null, null));
        assertThat(noKey.placement()).isEqualTo(new RoundRobinPlacement(List.of("peer-1", "peer-2", "peer-3")));
    }

    @Test
    void shouldRefuseOverlappingSegments() {
        var request = new TableRequest(List.of(col("f", "integer", false)), List.of("f"), Map.of(
                "strategy", "RANGE", "column", "f", "basePeer", "peer-1", "segments", List.of(
                        Map.of("name", "a", "peer", "peer-2", "min", 1, "max", 10),
                        Map.of("name", "b", "peer", "peer-3", "min", 5, "max", 20))));
        assertThatThrownBy(() -> validator.validate("t", request)).hasMessageContaining("'a' and 'b' overlap");
    }

    @Test
    void shouldRefuseSegmentNamesThatCouldCollideOrBloatTheConfiguration() {
        var request = new TableRequest(List.of(col("f", "integer", false)), List.of("f"), Map.of(
                "strategy", "RANGE", "column", "f", "basePeer", "peer-1", "segments", List.of(
                        Map.of("name", "base", "peer", "peer-2", "min", 1, "max", 10),
                        Map.of("name", "x".repeat(64), "peer", "peer-2", "min", 20, "max", 30),
                        Map.of("name", "two words", "peer", "peer-2", "min", 40, "max", 50),
                        Map.of("name", "a", "peer", "peer-2", "min", 60, "max", 70),
                        Map.of("name", "a", "peer", "peer-2", "min", 80, "max", 90))));
        assertThatThrownBy(() -> validator.validate("t", request))
                .hasMessageContaining("segment name 'base' is where stats count")
                .hasMessageContaining("'" + "x".repeat(64) + "' must match")
                .hasMessageContaining("'two words' must match")
                .hasMessageContaining("segment names must be unique; 'a' is not");
    }

    @Test
    void shouldAcceptTouchingHalfOpenSegments() {
        var table = validator.validate("t", new TableRequest(List.of(col("f", "integer", false)), List.of("f"), Map.of(
                "strategy", "RANGE", "column", "f", "basePeer", "peer-1", "segments", List.of(
                        Map.of("name", "a", "peer", "peer-2", "min", 1, "max", 10),
                        Map.of("name", "b", "peer", "peer-3", "min", 10)))));
        assertThat(((RangePlacement) table.placement()).segments()).hasSize(2);
    }

    @Test
    void shouldListEveryViolationAtOnce() {
        var request = new TableRequest(List.of(col("Bad Name", "text", true), col("x", "varchar", true),
                col("k", "json", false)), List.of("k", "missing"),
                Map.of("strategy", "HASH", "column", "x"));
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> validator.validate("1table", request));
        assertThat(e.violations()).anySatisfy(v -> assertThat(v).contains("table name"))
                .anySatisfy(v -> assertThat(v).contains("column name 'Bad Name'"))
                .anySatisfy(v -> assertThat(v).contains("unknown column type 'varchar'"))
                .anySatisfy(v -> assertThat(v).contains("'k' cannot be of type json"))
                .anySatisfy(v -> assertThat(v).contains("'missing' is not a column"));
    }

    @Test
    void shouldRefusePlacementOnPeersThatAreNotActive() {
        var request = new TableRequest(List.of(col("f", "text", true)), null,
                Map.of("strategy", "ROUND_ROBIN", "peers", List.of("peer-1", "peer-9")));
        assertThatThrownBy(() -> validator.validate("t", request)).hasMessageContaining("'peer-9' is not an active peer");
    }

    @Test
    void shouldRefuseAPrimaryKeyOnARoundRobinTable() {
        var request = new TableRequest(List.of(col("id", "bigint", false)), List.of("id"),
                Map.of("strategy", "ROUND_ROBIN"));
        assertThatThrownBy(() -> validator.validate("t", request)).hasMessageContaining("cannot declare a primary key");
    }

    @Test
    void shouldRequireThePlacementColumnInThePrimaryKey() {
        var request = new TableRequest(List.of(col("id", "bigint", false), col("account", "text", false)),
                List.of("id"), Map.of("strategy", "HASH", "column", "account"));
        assertThatThrownBy(() -> validator.validate("t", request)).hasMessageContaining("must contain the HASH column");
    }
}
