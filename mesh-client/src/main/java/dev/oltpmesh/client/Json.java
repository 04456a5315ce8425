package dev.oltpmesh.client;

import tools.jackson.core.JacksonException;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.cfg.EnumFeature;
import tools.jackson.databind.json.JsonMapper;

import java.util.List;
import java.util.Map;

/** The one JSON mapper of the client. */
final class Json {

    /**
     * Numbers with a fraction are read as BigDecimal, so a {@code numeric} value comes back exactly as
     * stored; fields and enum values a newer gateway adds are ignored rather than failing a call. Map
     * entries are written in key order: the same rows are the same body, whatever map holds them,
     * which is what an Idempotency-Key is checked against.
     */
    static final JsonMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(EnumFeature.READ_UNKNOWN_ENUM_VALUES_AS_NULL)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .build();

    static final TypeReference<List<Map<String, Object>>> ROWS = new TypeReference<>() {
    };
    static final TypeReference<Map<String, Object>> ROW = new TypeReference<>() {
    };

    private Json() {
    }

    static byte[] write(Object value) {
        return MAPPER.writeValueAsBytes(value);
    }

    static <T> T read(byte[] body, Class<T> type) {
        try {
            return MAPPER.readValue(body, type);
        } catch (JacksonException e) {
            throw new MeshException("the gateway's answer is not the JSON expected: " + e.getOriginalMessage(), e);
        }
    }

    static <T> T read(byte[] body, TypeReference<T> type) {
        try {
            return MAPPER.readValue(body, type);
        } catch (JacksonException e) {
            throw new MeshException("the gateway's answer is not the JSON expected: " + e.getOriginalMessage(), e);
        }
    }

    static JsonNode tree(byte[] body) {
        try {
            return MAPPER.readTree(body);
        } catch (JacksonException e) {
            return null;
        }
    }

    static <T> T convert(Object value, Class<T> type) {
        return MAPPER.convertValue(value, type);
    }
}
