package dev.oltpmesh.gateway.rest;

import dev.oltpmesh.gateway.web.GatewayException;
import dev.oltpmesh.model.schema.ColumnType;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import tools.jackson.core.StreamWriteFeature;
import tools.jackson.databind.ObjectWriter;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.dataformat.csv.CsvMapper;
import tools.jackson.dataformat.csv.CsvSchema;
import tools.jackson.dataformat.csv.CsvWriteFeature;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How the {@code /rest} dialect writes rows: as PostgREST does, a JSON array, one JSON object
 * ({@code application/vnd.pgrst.object+json}) or CSV, with numerics as JSON numbers (the {@code /v1}
 * API keeps them as exact decimal strings). Both the reads and the inserts' representation use it.
 */
public final class RestBodies {

    public static final MediaType OBJECT = MediaType.parseMediaType("application/vnd.pgrst.object+json");
    private static final MediaType JSON_UTF8 = new MediaType(MediaType.APPLICATION_JSON, StandardCharsets.UTF_8);
    private static final MediaType OBJECT_UTF8 = new MediaType(OBJECT, StandardCharsets.UTF_8);
    private static final MediaType CSV_UTF8 = new MediaType(MediaType.parseMediaType("text/csv"), StandardCharsets.UTF_8);
    // An empty text is "" and a null an empty field, as PostgreSQL's CSV tells them apart.
    private static final CsvMapper CSV = CsvMapper.builder().enable(CsvWriteFeature.ALWAYS_QUOTE_EMPTY_STRINGS).build();

    /** The forms an answer can take. */
    public enum Form {
        ARRAY, OBJECT, CSV
    }

    private final ObjectWriter json;

    public RestBodies(JsonMapper json) {
        // A numeric's exact digits, never an exponent a reader could take for a double.
        this.json = json.writer().with(StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN);
    }

    /** The form the {@code Accept} header asks for, in its order of preference; 406 when none can be given. */
    public static Form form(String accept) {
        if (accept == null || accept.isBlank()) {
            return Form.ARRAY;
        }
        List<MediaType> types;
        try {
            types = new ArrayList<>(MediaType.parseMediaTypes(accept));
        } catch (InvalidMediaTypeException e) {
            throw GatewayException.mediaType(HttpStatus.NOT_ACCEPTABLE, "the Accept header cannot be read: " + accept);
        }
        // Most wanted first; among equals, the order the client wrote them in.
        types.sort(Comparator.comparingDouble(MediaType::getQualityValue).reversed());
        for (MediaType type : types) {
            if (type.getQualityValue() == 0) {
                continue;
            }
            if (type.isCompatibleWith(OBJECT) && !type.isWildcardType() && !type.isWildcardSubtype()) {
                return Form.OBJECT;
            }
            if (type.getType().equals("text") && type.getSubtype().equals("csv")) {
                return Form.CSV;
            }
            if (type.isCompatibleWith(MediaType.APPLICATION_JSON)) {
                return Form.ARRAY;
            }
        }
        throw GatewayException.mediaType(HttpStatus.NOT_ACCEPTABLE, "none of the types in 'Accept: " + accept
                + "' can be answered; ask for application/json, application/vnd.pgrst.object+json or text/csv");
    }

    /**
     * The rows in the form asked for, numerics as numbers.
     *
     * @param keys  the answer's keys in order, for the CSV header line of an empty answer
     * @param types the type of each key
     */
    public byte[] write(Form form, List<Map<String, Object>> rows, List<String> keys, Map<String, ColumnType> types) {
        List<Map<String, Object>> typed = new ArrayList<>(rows.size());
        for (Map<String, Object> row : rows) {
            Map<String, Object> out = new LinkedHashMap<>();
            row.forEach((key, value) -> out.put(key, types.get(key) == ColumnType.NUMERIC && value != null
                    ? new BigDecimal(value.toString()) : value));
            typed.add(out);
        }
        return switch (form) {
            case ARRAY -> json.writeValueAsBytes(typed);
            case OBJECT -> {
                if (typed.size() != 1) {
                    throw GatewayException.notOneRow(typed.size());
                }
                yield json.writeValueAsBytes(typed.get(0));
            }
            case CSV -> csv(typed, keys);
        };
    }

    public static MediaType contentType(Form form) {
        return switch (form) {
            case ARRAY -> JSON_UTF8;
            case OBJECT -> OBJECT_UTF8;
            case CSV -> CSV_UTF8;
        };
    }

    /** RFC 4180 rows under a header line; json values as JSON text, null as an empty field. */
    private byte[] csv(List<Map<String, Object>> rows, List<String> keys) {
        CsvSchema.Builder schema = CsvSchema.builder().setUseHeader(true);
        keys.forEach(schema::addColumn);
        List<Map<String, String>> lines = new ArrayList<>(rows.size());
        for (Map<String, Object> row : rows) {
            Map<String, String> line = new LinkedHashMap<>();
            for (String key : keys) {
                Object value = row.get(key);
                line.put(key, switch (value) {
                    case null -> null;
                    case Map<?, ?> _, List<?> _ -> json.writeValueAsString(value);
                    case BigDecimal d -> d.toPlainString();
                    default -> value.toString();
                });
            }
            lines.add(line);
        }
        return CSV.writer(schema.build()).writeValueAsBytes(lines);
    }

    /** The headers every answer of the dialect carries. */
    public static HttpHeaders headers(Form form, String contentRange, Prefer prefer) {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(contentType(form));
        if (contentRange != null) {
            headers.set("Content-Range", contentRange);
        }
        if (!prefer.applied().isEmpty()) {
            headers.set("Preference-Applied", String.join(", ", prefer.applied()));
        }
        return headers;
    }
}
