package dev.oltpmesh.gateway.query;

import dev.oltpmesh.gateway.GatewayProperties;
import dev.oltpmesh.gateway.web.ApiDocumentation;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.enums.Explode;
import io.swagger.v3.oas.annotations.enums.ParameterIn;
import io.swagger.v3.oas.annotations.enums.ParameterStyle;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import dev.oltpmesh.gateway.web.GatewayException;
import dev.oltpmesh.model.query.Filter;
import dev.oltpmesh.model.query.FilterOp;
import dev.oltpmesh.model.schema.InvalidValueException;
import dev.oltpmesh.model.schema.TableDefinition;
import org.springframework.http.ResponseEntity;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;
import java.util.Map;

/**
 * Reads: rows or aggregates of a table, after an optional wait for the caller's own write; the
 * readers ask the peers and merge or reduce their answers. A row is a map, not a record: its columns
 * are whatever its table defines, so the API documents it as the {@code Row} schema, an object whose
 * members are column values.
 */
@RestController
@Tag(name = "Reads", description = "Queries, PostgREST style; a key with the role reader, writer or admin.")
class QueryController {

    private final Queries queries;
    private final RowReader rowReader;
    private final GatewayProperties properties;

    QueryController(Queries queries, RowReader rowReader, GatewayProperties properties) {
        this.queries = queries;
        this.rowReader = rowReader;
        this.properties = properties;
    }

    @GetMapping("/v1/tables/{table}/rows")
    @Operation(summary = "Query a table's rows",
            description = "Each peer that may hold matching rows filters, orders and cuts its own; the gateway merges "
                    + "them (or reduces partial aggregates). Without limit at most 1,000 rows; larger results are "
                    + "paged with the cursor of the Mesh-Next header.")
    @Parameter(name = "filters", in = ParameterIn.QUERY, style = ParameterStyle.FORM, explode = Explode.TRUE,
            description = "column=[not.]op.value, e.g. qty=gte.5 or account=in.(alice,bob)",
            schema = @Schema(ref = ApiDocumentation.FILTERS))
    @Parameter(name = "or", in = ParameterIn.QUERY, schema = @Schema(type = "string"),
            example = "(qty.gt.5,and(account.eq.alice,price.lt.20))",
            description = "any of the conditions; and=(…), not.or=(…) and not.and=(…) likewise, nested")
    @Parameter(name = "select", in = ParameterIn.QUERY, schema = @Schema(type = "string"), example = "account,count(),total:qty.sum()",
            description = "columns, and aggregates count() sum() avg() min() max() grouped by the plain columns")
    @Parameter(name = "order", in = ParameterIn.QUERY, schema = @Schema(type = "string"), example = "qty.desc,account",
            description = "column[.asc|.desc][.nullsfirst|.nullslast], comma-separated")
    @Parameter(name = "limit", in = ParameterIn.QUERY, schema = @Schema(type = "integer", minimum = "0",
            maximum = "10000", defaultValue = "1000"))
    @Parameter(name = "offset", in = ParameterIn.QUERY, schema = @Schema(type = "integer", minimum = "0",
            defaultValue = "0"))
    @Parameter(name = "cursor", in = ParameterIn.QUERY, schema = @Schema(type = "string"), description = "the Mesh-Next header of the previous page")
    @Parameter(name = "after", in = ParameterIn.QUERY, schema = @Schema(type = "string"),
            description = "a txId of yours: wait (at most timeout) until it is final, then read")
    @Parameter(name = "timeout", in = ParameterIn.QUERY, schema = @Schema(type = "string"), example = "PT5S", description = "how long after waits")
    @Parameter(name = "partial", in = ParameterIn.QUERY, schema = @Schema(type = "boolean", defaultValue = "false"),
            description = "answer without the peers that do not, naming them in Mesh-Partial, rather than 503")
    @ApiResponse(responseCode = "200", description = "the rows, merged",
            headers = {@Header(name = "Mesh-Peers", description = "the peers asked", schema = @Schema(type = "string")),
                    @Header(name = "Mesh-Partial", description = "with partial=true, the peers that did not answer",
                            schema = @Schema(type = "string")),
                    @Header(name = "Mesh-Next", description = "the cursor of the next page, if any",
                            schema = @Schema(type = "string"))},
            content = @Content(array = @ArraySchema(schema = @Schema(ref = ApiDocumentation.ROW))))
    @ApiResponse(responseCode = "404", description = "no such table, or no such transaction for after")
    @ApiResponse(responseCode = "503", description = "a peer that may hold matching rows did not answer")
    ResponseEntity<List<Map<String, Object>>> queryRows(@Parameter(example = "payment") @PathVariable String table,
                                                   @Parameter(hidden = true)
                                                   @RequestParam MultiValueMap<String, String> params,
                                                   HttpServletRequest request)
            throws InterruptedException {
        TableDefinition definition = queries.table(table, request);
        Queries.Query query = queries.parse(definition, params, true);
        int limit = QueryParser.nonNegative("limit", params.getFirst("limit"), properties.defaultLimit());
        int offset = QueryParser.nonNegative("offset", params.getFirst("offset"), 0);
        queries.awaitAfter(params.getFirst("after"), params.getFirst("timeout"), request);
        QueryAnswer answer = queries.read(query, limit, offset, params.getFirst("cursor"));
        return respond(answer, "true".equals(params.getFirst("partial")));
    }

    @GetMapping("/v1/tables/{table}/rows/{key}")
    @Operation(summary = "Read one row by its key", description = "For a table with a one-column primary key.")
    @ApiResponse(responseCode = "200", description = "the row",
            headers = @Header(name = "Mesh-Peers", description = "the peers asked", schema = @Schema(type = "string")),
            content = @Content(schema = @Schema(ref = ApiDocumentation.ROW)))
    @ApiResponse(responseCode = "404", description = "no such row, table, or transaction for after")
    @ApiResponse(responseCode = "503", description = "the peer that holds the row did not answer")
    ResponseEntity<Map<String, Object>> getRow(@Parameter(example = "location") @PathVariable String table,
                                            @PathVariable String key,
                                            @Parameter(description = "a txId of yours: wait until it is final, then read")
                                            @RequestParam(required = false) String after,
                                            @Parameter(description = "how long after waits", example = "PT5S")
                                            @RequestParam(required = false) String timeout,
                                            HttpServletRequest request)
            throws InterruptedException {
        TableDefinition definition = queries.table(table, request);
        if (definition.primaryKey().size() != 1) {
            throw GatewayException.invalidInput("table '" + table + "' has no one-column primary key; "
                    + "query it with filters instead");
        }
        queries.awaitAfter(after, timeout, request);
        String column = definition.primaryKey().get(0);
        Object value;
        try {
            value = definition.column(column).orElseThrow().type().canonical(key);
        } catch (InvalidValueException e) {
            throw GatewayException.invalidInput("key of '" + table + "': " + e.getMessage());
        }
        QueryAnswer answer = rowReader.read(definition, QueryParser.select(definition, null),
                List.of(new Filter(column, FilterOp.EQ, false, List.of(value))), List.of(), List.of(), 1, 0, null);
        var response = respond(answer, false);
        List<Map<String, Object>> rows = response.getBody();
        if (rows == null || rows.isEmpty()) {
            throw GatewayException.notFound("row " + key + " of table '" + table + "'");
        }
        return ResponseEntity.ok().headers(response.getHeaders()).body(rows.get(0));
    }

    private ResponseEntity<List<Map<String, Object>>> respond(QueryAnswer answer, boolean partial) {
        if (!answer.failed().isEmpty() && !partial) {
            throw GatewayException.peersUnavailable(answer.failed());
        }
        var response = ResponseEntity.ok().header("Mesh-Peers", String.join(",", answer.asked()));
        if (!answer.failed().isEmpty()) {
            response.header("Mesh-Partial", String.join(",", answer.failed()));
        }
        if (answer.next() != null) {
            response.header("Mesh-Next", answer.next());
        }
        return response.body(answer.rows());
    }
}
