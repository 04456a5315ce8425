package dev.oltpmesh.gateway.web;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.springdoc.core.customizers.OperationCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * The gateway's OpenAPI document ({@code /v3/api-docs}, Swagger UI at {@code /swagger-ui.html}): the
 * bearer scheme of API keys on every operation, RFC 9457 problems for every refusal, and the schemas
 * of what has no fixed shape — a row's columns are whatever its table defines.
 */
@Configuration(proxyBeanMethods = false)
public class ApiDocumentation {

    static final String API_KEY = "apiKey";

    /** One value of a row: its JSON type follows the column's type, and a json column holds any JSON. */
    public static final String COLUMN_VALUE = "#/components/schemas/ColumnValue";
    /** A row of a table: one member per column, named as its table defines it. */
    public static final String ROW = "#/components/schemas/Row";
    /** The body of a one-table write: one row or an array of rows. */
    public static final String ROWS = "#/components/schemas/RowOrRows";
    /** The filters of a query, PostgREST style: {@code column=[not.]op.value}. */
    public static final String FILTERS = "#/components/schemas/Filters";

    private static final String PROBLEM = "#/components/schemas/Problem";
    private static final String PROBLEM_JSON = "application/problem+json";

    /** What any call may be refused with, whatever it does: a malformed path, no key, a key without the role. */
    private static final Map<String, String> EVERY_CALL_MAY_BE = Map.of(
            "400", "the request is malformed: a path the firewall refuses, a parameter or body that is not valid",
            "401", "no API key, or one that is not known",
            "403", "the API key lacks the role, or is limited to other tables",
            "503", "the configuration could not be read just now (an API key cannot be checked); retry shortly");

    @Bean
    OpenAPI meshOpenApi() {
        return new OpenAPI()
                .info(new Info().title("OLTP Mesh").version("v1").description("""
                        A peer-to-peer network of databases: transactions of inserts, each an event on Kafka, placed \
                        on the peers that own their rows; queries fan out to those peers and are merged. Every call \
                        needs an API key (Authorization: Bearer <key>); in Swagger UI, "Authorize" takes one."""))
                .components(new Components()
                        .addSecuritySchemes(API_KEY, new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("bearer")
                                .description("An API key: Authorization: Bearer <key>. ./mesh up writes the first admin "
                                        + "key to .mesh/admin.key; POST /v1/admin/keys makes others, with the role "
                                        + "reader, writer, admin or monitor."))
                        .addSchemas("ColumnValue", new Schema<>()
                                .types(new LinkedHashSet<>(List.of("string", "number", "integer", "boolean", "object",
                                        "array", "null")))
                                .description("A column's value: text, uuid, timestamp (ISO-8601, UTC, microseconds) "
                                        + "and date as strings; integer and bigint as integers; numeric as a number or "
                                        + "a decimal string; double as a number; boolean; json as any JSON value; "
                                        + "null where the column is nullable."))
                        .addSchemas("Row", object()
                                .additionalProperties(new Schema<>().$ref(COLUMN_VALUE))
                                .description("A row: one member per column, as its table defines them (GET "
                                        + "/v1/admin/tables/{table}); rows read back also carry _tx (the txId that "
                                        + "wrote them) and _seq (the peer's commit sequence); aggregates are named by "
                                        + "their function or alias.")
                                .example(Map.of("account", "alice", "id", "0b9f4a5e-3f35-4a36-9b4e-6a1b8f4f2c01",
                                        "qty", 5, "price", "12.50", "ts", "2026-11-23T10:00:00Z")))
                        .addSchemas("RowOrRows", new Schema<>()
                                .oneOf(List.<Schema>of(new Schema<>().$ref(ROW),
                                        array().items(new Schema<>().$ref(ROW))))
                                .description("One row, or an array of rows of the same table."))
                        .addSchemas("Filters", object()
                                .additionalProperties(string())
                                .description("Filters, PostgREST style: column=[not.]op.value with op one of eq neq gt "
                                        + "gte lt lte like ilike in.(a,b) is.null is.true is.false; several on one "
                                        + "column all apply.")
                                .example(Map.of("qty", "gte.5", "account", "in.(alice,bob)")))
                        .addSchemas("Problem", object()
                                .addProperty("type", string().format("uri")
                                        .example("https://oltp-mesh.dev/problems/invalid-row"))
                                .addProperty("title", string().example("Bad Request"))
                                .addProperty("status", new Schema<>().types(new LinkedHashSet<>(List.of("integer")))
                                        .example(400))
                                .addProperty("detail", string()
                                        .example("table 'payment' row 0: qty must be a bigint"))
                                .addProperty("instance", string().format("uri-reference"))
                                .addProperty("table", string().description("the table a refusal concerns"))
                                .addProperty("row", new Schema<>().types(new LinkedHashSet<>(List.of("integer")))
                                        .description("the index of the refused row in its table's rows"))
                                .addProperty("peers", array().items(string())
                                        .description("the peers that did not answer a read"))
                                .addProperty("violations", array().items(string())
                                        .description("every rule a change or a body broke"))
                                .description("An RFC 9457 problem; the members after instance appear where they "
                                        + "name what was wrong.")));
    }

    /**
     * Every operation needs a key, and every refusal is a problem: declared once here rather than on
     * each handler, so a new endpoint cannot forget either. A handler names its own refusals (404,
     * 409, ...) with a description; they get the problem body here.
     */
    @Bean
    OperationCustomizer keysAndProblems() {
        return (operation, handler) -> {
            operation.addSecurityItem(new SecurityRequirement().addList(API_KEY));
            ApiResponses responses = operation.getResponses() == null ? new ApiResponses() : operation.getResponses();
            EVERY_CALL_MAY_BE.forEach((code, description) -> {
                if (!responses.containsKey(code)) {
                    responses.addApiResponse(code, new ApiResponse().description(description));
                }
            });
            // springdoc gives a response declared without content the handler's return type: not what a refusal is.
            responses.forEach((code, response) -> {
                if (code.charAt(0) >= '4') {
                    response.setContent(new Content().addMediaType(PROBLEM_JSON,
                            new MediaType().schema(new Schema<>().$ref(PROBLEM))));
                }
            });
            operation.setResponses(responses);
            return operation;
        };
    }

    private static Schema<Object> object() {
        return new Schema<>().types(new LinkedHashSet<>(List.of("object")));
    }

    private static Schema<Object> array() {
        return new Schema<>().types(new LinkedHashSet<>(List.of("array")));
    }

    private static Schema<Object> string() {
        return new Schema<>().types(new LinkedHashSet<>(List.of("string")));
    }
}
