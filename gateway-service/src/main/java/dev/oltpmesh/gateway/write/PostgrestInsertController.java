package dev.oltpmesh.gateway.write;

import dev.oltpmesh.gateway.GatewayProperties;
import dev.oltpmesh.gateway.query.RowProjection;
import dev.oltpmesh.gateway.query.StoredRows;
import dev.oltpmesh.gateway.rest.PostgrestError;
import dev.oltpmesh.gateway.rest.Prefer;
import dev.oltpmesh.gateway.rest.RestBodies;
import dev.oltpmesh.gateway.security.Clients;
import dev.oltpmesh.gateway.status.TxStatus;
import dev.oltpmesh.gateway.status.TxStatusView;
import dev.oltpmesh.gateway.web.ApiDocumentation;
import dev.oltpmesh.gateway.web.GatewayException;
import dev.oltpmesh.model.event.TableRows;
import dev.oltpmesh.model.schema.ColumnDefinition;
import dev.oltpmesh.model.schema.ColumnType;
import dev.oltpmesh.model.schema.TableDefinition;
import dev.oltpmesh.support.config.TableLookup;
import io.swagger.v3.oas.annotations.Hidden;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.enums.ParameterIn;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.json.JsonMapper;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Inserts in PostgREST's dialect: one transaction per request, answered {@code 201 Created} once it
 * has committed on every peer, in the form {@code Prefer: return=…} asks for. Rows are insert-only, so
 * {@code resolution=ignore-duplicates} is natural (a row whose key exists is left out) and updates,
 * deletes and merges are refused.
 */
@RestController
@Tag(name = "PostgREST dialect")
class PostgrestInsertController {

    private final TransactionAcceptor acceptor;
    private final TxStatusView statuses;
    private final StoredRows storedRows;
    private final TableLookup tables;
    private final TransactionRequestReader reader;
    private final RestBodies bodies;
    private final JsonMapper json;
    private final GatewayProperties properties;

    PostgrestInsertController(TransactionAcceptor acceptor, TxStatusView statuses, StoredRows storedRows,
                              TableLookup tables, JsonMapper json, GatewayProperties properties) {
        this.acceptor = acceptor;
        this.statuses = statuses;
        this.storedRows = storedRows;
        this.tables = tables;
        this.reader = WriteLimits.reader(tables, json, properties);
        this.bodies = new RestBodies(json);
        this.json = json;
        this.properties = properties;
    }

    /** Where Supabase's clients ({@code supabase-js} and others) send a table's rows: {@code {url}/rest/v1/{table}}. */
    @Hidden
    @PostMapping("/rest/v1/{table}")
    ResponseEntity<byte[]> insertAsSupabase(@PathVariable String table, @RequestBody(required = false) byte[] body,
                                            @RequestParam MultiValueMap<String, String> params,
                                            @RequestHeader(name = "Idempotency-Key", required = false) String idempotencyKey,
                                            HttpServletRequest request) throws InterruptedException {
        return insert(table, body, params, idempotencyKey, request);
    }

    @PostMapping("/rest/{table}")
    @Operation(summary = "Insert rows, PostgREST style",
            description = "An object or an array of objects, all stored in one transaction or none. Answers 201 once "
                    + "committed; if that takes longer than the gateway's longest wait, 202 with the txId to poll at "
                    + "/v1/tx/{txId}. columns= limits the keys read; a missing column is null (mesh columns have no "
                    + "defaults, so Prefer: missing=default is the same). Prefer: resolution=ignore-duplicates "
                    + "leaves out rows whose primary key exists; merge-duplicates is refused (insert-only).")
    @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true, content = @Content(
            mediaType = MediaType.APPLICATION_JSON_VALUE, schema = @Schema(ref = ApiDocumentation.ROWS)))
    @Parameter(name = "Prefer", in = ParameterIn.HEADER, schema = @Schema(type = "string"),
            example = "return=representation, count=exact, resolution=ignore-duplicates")
    @Parameter(name = "columns", in = ParameterIn.QUERY, schema = @Schema(type = "string"), example = "\"id\",\"qty\"")
    @Parameter(name = "select", in = ParameterIn.QUERY, schema = @Schema(type = "string"),
            description = "with return=representation: the columns to answer with")
    @Parameter(name = "on_conflict", in = ParameterIn.QUERY, schema = @Schema(type = "string"),
            description = "the primary key's columns, the only uniqueness the mesh keeps")
    @ApiResponse(responseCode = "201", description = "committed; with return=representation, the rows",
            headers = @Header(name = "Location", description = "with return=headers-only, where the one row is read",
                    schema = @Schema(type = "string")),
            content = @Content(mediaType = "application/json", array = @ArraySchema(schema = @Schema(ref = ApiDocumentation.ROW))))
    @ApiResponse(responseCode = "202", description = "on Kafka, not final within the wait: poll /v1/tx/{txId}",
            content = @Content(schema = @Schema(implementation = TxAccepted.class)))
    @ApiResponse(responseCode = "400", description = "a row the table refuses (22P02 value, 23502 missing, PGRST204 column)",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = PostgrestError.class)))
    @ApiResponse(responseCode = "405", description = "resolution=merge-duplicates: rows are insert-only (PGRST117)")
    @ApiResponse(responseCode = "409", description = "a primary key that exists (23505); nothing was stored")
    ResponseEntity<byte[]> insert(@Parameter(example = "payment") @PathVariable String table,
                                  @RequestBody(required = false) byte[] body,
                                  @Parameter(hidden = true) @RequestParam MultiValueMap<String, String> params,
                                  @Parameter(description = "makes a retry safe: 1 to 255 characters, per client")
                                  @RequestHeader(name = "Idempotency-Key", required = false) String idempotencyKey,
                                  HttpServletRequest request) throws InterruptedException {
        requireJson(request.getContentType());
        Prefer.requirePublicSchema(request.getHeader("Content-Profile"));
        Prefer prefer = Prefer.parse(request.getHeaders("Prefer"));
        if ("merge-duplicates".equals(prefer.resolution())) {
            throw GatewayException.insertOnly("rows are insert-only: an existing row is never changed, so "
                    + "resolution=merge-duplicates (an upsert) cannot be honoured; resolution=ignore-duplicates "
                    + "leaves such rows out instead");
        }
        WriteLimits.check(body, idempotencyKey, properties);
        Clients.checkTables(request, List.of(table));
        TableDefinition definition = tables.current(table)
                .orElseThrow(() -> GatewayException.notFound("table '" + table + "'"));
        checkConflictTarget(definition, params.getFirst("on_conflict"));
        String returning = prefer.returning() == null ? "minimal" : prefer.returning();
        RestBodies.Form form = "representation".equals(returning) ? RestBodies.form(request.getHeader("Accept"))
                : RestBodies.Form.ARRAY;
        Map<String, String> projection = RowProjection.of(definition, params.getFirst("select"));
        boolean skipDuplicates = "ignore-duplicates".equals(prefer.resolution());
        List<String> columns = columns(params.getFirst("columns"));
        List<TableRows> inserts = reader.readTableRows(table, body, columns, skipDuplicates);
        List<Map<String, Object>> rows = inserts.get(0).rows();
        if (form == RestBodies.Form.OBJECT && rows.size() != 1) {
            // Refused before anything is stored, as PostgREST rolls such an insert back.
            throw GatewayException.notOneRow(rows.size());
        }
        var accepted = acceptor.accept(Clients.of(request), idempotencyKey,
                requestFingerprint(body, columns, skipDuplicates), inserts);
        var outcome = statuses.awaitFinal(accepted.txId(), properties.maxWait());
        if (outcome.isEmpty() || !outcome.get().isFinal()) {
            String status = outcome.map(TxStatus::status).orElse(TxStatus.ACCEPTED);
            return ResponseEntity.status(HttpStatus.ACCEPTED).location(URI.create("/v1/tx/" + accepted.txId()))
                    .contentType(MediaType.APPLICATION_JSON)
                    .body(json.writeValueAsBytes(new TxAccepted(accepted.txId(), status, accepted.rows())));
        }
        if (TxStatus.FAILED.equals(outcome.get().status())) {
            throw GatewayException.transactionFailed(accepted.txId(), outcome.get().error());
        }
        // Rows left out as duplicates are not the answer's: the rows this transaction stored are.
        List<Map<String, Object>> shown = skipDuplicates && ("representation".equals(returning) || prefer.counted())
                ? storedRows.of(definition, accepted.txId(), projection, properties.maxRows())
                : represented(rows, projection, accepted.txId());
        return created(definition, returning, form, prefer, shown, rows, projection);
    }

    /** 201, in the form {@code Prefer: return=…} asks for. */
    private ResponseEntity<byte[]> created(TableDefinition definition, String returning, RestBodies.Form form,
                                           Prefer prefer, List<Map<String, Object>> shown,
                                           List<Map<String, Object>> sent, Map<String, String> projection) {
        HttpHeaders headers = RestBodies.headers(form, "*/" + (prefer.counted() ? shown.size() : "*"), prefer);
        if ("representation".equals(returning)) {
            return ResponseEntity.status(HttpStatus.CREATED).headers(headers).body(bodies.write(form, shown,
                    List.copyOf(projection.keySet()), types(definition, projection)));
        }
        if ("headers-only".equals(returning)) {
            location(definition, sent).ifPresent(l -> headers.set(HttpHeaders.LOCATION, l));
        }
        headers.remove(HttpHeaders.CONTENT_TYPE);
        return ResponseEntity.status(HttpStatus.CREATED).headers(headers).build();
    }

    private static void requireJson(String contentType) {
        boolean json;
        try {
            json = contentType == null || MediaType.parseMediaType(contentType).isCompatibleWith(MediaType.APPLICATION_JSON);
        } catch (InvalidMediaTypeException e) {
            json = false;
        }
        if (!json) {
            throw GatewayException.mediaType(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "rows are sent as application/json, "
                    + "not " + contentType);
        }
    }

    @RequestMapping(path = "/rest/v1/{table}", method = {RequestMethod.PUT, RequestMethod.PATCH, RequestMethod.DELETE})
    @Hidden
    void refuseChangeAsSupabase(@PathVariable String table, HttpServletRequest request) {
        refuseChange(table, request);
    }

    @RequestMapping(path = "/rest/{table}", method = {RequestMethod.PUT, RequestMethod.PATCH, RequestMethod.DELETE})
    @Operation(summary = "Rows are insert-only", description = "Always 405 (PGRST117): rows are never changed or deleted.")
    @ApiResponse(responseCode = "405", description = "rows are insert-only",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = PostgrestError.class)))
    void refuseChange(@PathVariable String table, HttpServletRequest request) {
        throw GatewayException.insertOnly("rows are insert-only: " + request.getMethod() + " would change or delete "
                + "rows of '" + table + "', which the mesh never does; insert a new row instead");
    }

    /** ON CONFLICT needs a unique constraint; the primary key is the only one a mesh table has. */
    private static void checkConflictTarget(TableDefinition table, String onConflict) {
        if (onConflict == null) {
            return;
        }
        var named = new HashSet<>(columns(onConflict));
        if (table.primaryKey().isEmpty() || !named.equals(new HashSet<>(table.primaryKey()))) {
            throw GatewayException.noSuchConflictTarget("on_conflict=" + onConflict + " names no unique constraint of '"
                    + table.name() + "'; its only one is the primary key"
                    + (table.primaryKey().isEmpty() ? ", which it does not have" : " " + table.primaryKey()));
        }
    }

    /** {@code "a","b"} as postgrest-js sends it, or {@code a,b}; null when not given. */
    private static List<String> columns(String param) {
        if (param == null) {
            return null;
        }
        List<String> names = new ArrayList<>();
        for (String name : param.split(",")) {
            String bare = name.trim();
            if (bare.length() >= 2 && bare.startsWith("\"") && bare.endsWith("\"")) {
                bare = bare.substring(1, bare.length() - 1);
            }
            if (bare.isEmpty()) {
                throw GatewayException.invalidInput("columns names an empty column");
            }
            names.add(bare);
        }
        return names;
    }

    /** What a repeated Idempotency-Key must repeat: the body and how it is read. */
    private static byte[] requestFingerprint(byte[] body, List<String> columns, boolean skipDuplicates) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(("rest;columns=" + columns + ";skip=" + skipDuplicates + "\n").getBytes(StandardCharsets.UTF_8));
        if (body != null) {
            out.writeBytes(body);
        }
        return out.toByteArray();
    }

    /** The rows as stored: every projected column, null where the row had no value. */
    private static List<Map<String, Object>> represented(List<Map<String, Object>> rows,
                                                         Map<String, String> projection, String txId) {
        List<Map<String, Object>> out = new ArrayList<>(rows.size());
        for (Map<String, Object> row : rows) {
            Map<String, Object> shown = new LinkedHashMap<>();
            projection.forEach((key, column) -> shown.put(key, column.equals("_tx") ? txId : row.get(column)));
            out.add(shown);
        }
        return out;
    }

    private static Map<String, ColumnType> types(TableDefinition table, Map<String, String> projection) {
        Map<String, ColumnType> types = new LinkedHashMap<>();
        projection.forEach((key, column) -> types.put(key, table.column(column).map(ColumnDefinition::type)
                .orElse(column.equals("_tx") ? ColumnType.UUID_TYPE : ColumnType.BIGINT)));
        return types;
    }

    /** Where one inserted row is read back, for a table keyed by one column. */
    private static Optional<String> location(TableDefinition table, List<Map<String, Object>> rows) {
        if (rows.size() != 1 || table.primaryKey().size() != 1) {
            return Optional.empty();
        }
        String key = table.primaryKey().get(0);
        Object value = rows.get(0).get(key);
        // Relative to the dialect's base URL, as PostgREST's is to its root.
        return Optional.of("/" + table.name() + "?" + key + "=eq."
                + URLEncoder.encode(String.valueOf(value), StandardCharsets.UTF_8));
    }
}
