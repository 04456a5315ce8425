package dev.oltpmesh.gateway.rest;

import dev.oltpmesh.gateway.web.GatewayException;
import dev.oltpmesh.model.schema.ColumnType;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RestBodiesTest {

    private static final RestBodies BODIES = new RestBodies(JsonMapper.builder().build());
    private static final Map<String, ColumnType> TYPES = Map.of("id", ColumnType.BIGINT, "price", ColumnType.NUMERIC,
            "note", ColumnType.TEXT, "doc", ColumnType.JSON);

    private static Map<String, Object> row(Object id, Object price, Object note) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("id", id);
        row.put("price", price);
        row.put("note", note);
        return row;
    }

    @Test
    void shouldAnswerTheFormTheAcceptHeaderPrefers() {
        assertThat(RestBodies.form(null)).isEqualTo(RestBodies.Form.ARRAY);
        assertThat(RestBodies.form("*/*")).isEqualTo(RestBodies.Form.ARRAY);
        assertThat(RestBodies.form("application/vnd.pgrst.object+json")).isEqualTo(RestBodies.Form.OBJECT);
        assertThat(RestBodies.form("text/csv")).isEqualTo(RestBodies.Form.CSV);
        assertThat(RestBodies.form("text/csv;q=0.5, application/json")).isEqualTo(RestBodies.Form.ARRAY);
        assertThat(RestBodies.form("application/vnd.pgrst.object+json;nulls=stripped")).isEqualTo(RestBodies.Form.OBJECT);
    }

    @Test
    void shouldRefuseAnAcceptItCannotAnswerWith406() {
        assertThatThrownBy(() -> RestBodies.form("application/xml")).isInstanceOf(GatewayException.class)
                .extracting(e -> ((GatewayException) e).code()).isEqualTo("PGRST107");
        assertThatThrownBy(() -> RestBodies.form("this is not a media type")).isInstanceOf(GatewayException.class);
    }

    @Test
    void shouldWriteNumericsAsJsonNumbersWithTheirExactDigits() {
        byte[] json = BODIES.write(RestBodies.Form.ARRAY, List.of(row(1L, "0.00000001", null),
                row(2L, "123456789012345678901234567890.5", "x")), List.of("id", "price", "note"), TYPES);
        assertThat(new String(json, StandardCharsets.UTF_8)).isEqualTo(
                "[{\"id\":1,\"price\":0.00000001,\"note\":null},{\"id\":2,\"price\":123456789012345678901234567890.5,\"note\":\"x\"}]");
    }

    @Test
    void shouldAnswerOneObjectOnlyForExactlyOneRow() {
        assertThat(new String(BODIES.write(RestBodies.Form.OBJECT, List.of(row(1L, "2", "a")), List.of("id"), TYPES),
                StandardCharsets.UTF_8)).isEqualTo("{\"id\":1,\"price\":2,\"note\":\"a\"}");
        assertThatThrownBy(() -> BODIES.write(RestBodies.Form.OBJECT, List.of(), List.of("id"), TYPES))
                .extracting(e -> ((GatewayException) e).code()).isEqualTo("PGRST116");
        assertThatThrownBy(() -> BODIES.write(RestBodies.Form.OBJECT, List.of(row(1L, null, null), row(2L, null, null)),
                List.of("id"), TYPES)).extracting(e -> ((GatewayException) e).properties().get("rows")).isEqualTo(2L);
    }

    @Test
    void shouldWriteCsvWithQuotingNullsAsEmptyFieldsAndEmptyTextQuoted() {
        Map<String, Object> json = new HashMap<>();
        json.put("doc", Map.of("a", 1));
        byte[] csv = BODIES.write(RestBodies.Form.CSV, List.of(row(1L, "12.50", "said \"hi\", then\nleft"),
                row(2L, null, ""), json), List.of("id", "price", "note", "doc"), TYPES);
        assertThat(new String(csv, StandardCharsets.UTF_8)).isEqualTo("""
                id,price,note,doc
                1,12.50,"said ""hi"", then
                left",
                2,,"",
                ,,,"{""a"":1}"
                """);
    }

    @Test
    void shouldWriteTheHeaderLineOfAnEmptyCsv() {
        byte[] csv = BODIES.write(RestBodies.Form.CSV, List.of(), List.of("id", "note"), TYPES);
        assertThat(new String(csv, StandardCharsets.UTF_8)).isEqualTo("id,note\n");
    }
}
