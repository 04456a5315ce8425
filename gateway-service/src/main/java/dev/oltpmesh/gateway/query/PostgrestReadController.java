package dev.oltpmesh.gateway.query;

import dev.oltpmesh.gateway.rest.PostgrestError;
import dev.oltpmesh.gateway.rest.Prefer;
import dev.oltpmesh.gateway.rest.RestBodies;
import dev.oltpmesh.gateway.rest.RowRange;
import dev.oltpmesh.gateway.web.ApiDocumentation;
import dev.oltpmesh.gateway.web.GatewayException;
import dev.oltpmesh.model.schema.ColumnType;
import dev.oltpmesh.model.schema.TableDefinition;
import io.swagger.v3.oas.annotations.Hidden;
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
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.json.JsonMapper;

import java.util.List;
import java.util.Map;

/**
 * Reads in PostgREST's dialect, so that PostgREST's client libraries work unchanged: the same query
 * engine as {@code /v1}, answered with PostgREST's paging ({@code Range}, {@code Content-Range},
 * {@code Prefer: count=…}), forms (array, one object, CSV) and errors.
 */
@RestController
@Tag(name = "PostgREST dialect", description = "Base URL /rest for PostgREST and Supabase client libraries "
        + "(postgrest-js, postgrest-py, …); the key as 'Authorization: Bearer' or 'apikey'. Errors are "
        + "{code, message, details, hint}.")
class PostgrestReadController {

    private final Queries queries;
    private final RestBodies bodies;

    PostgrestReadController(Queries queries, JsonMapper json) {
        this.queries = queries;
        this.bodies = new RestBodies(json);
    }

    @GetMapping({"/rest", "/rest/"})
    @Operation(summary = "The dialect's root", description = "PostgREST describes its tables here; the mesh "
            + "describes them in its OpenAPI at /v3/api-docs and GET /v1/admin/tables. Always 404 (PGRST125).")
    @ApiResponse(responseCode = "404", description = "tables are at /rest/{table}",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = PostgrestError.class)))
    void root() {
        throw GatewayException.invalidPath("the PostgREST dialect serves each table at /rest/{table}; the tables "
                + "and their columns are described at /v3/api-docs and GET /v1/admin/tables");
    }

    /** Where Supabase's clients ({@code supabase-js} and others) look for a table: {@code {url}/rest/v1/{table}}. */
    @Hidden
    @GetMapping("/rest/v1/{table}")
    ResponseEntity<byte[]> readAsSupabase(@PathVariable String table, @RequestParam MultiValueMap<String, String> params,
                                          HttpServletRequest request) throws InterruptedException {
        return read(table, params, request);
    }

    @GetMapping("/rest/{table}")
    @Operation(summary = "Read rows, PostgREST style",
            description = "Filters col=[not.]op.value (eq neq gt gte lt lte like ilike in is), or=(…) and=(…) "
                    + "not.or=(…) trees, select with aliases and aggregates, order with nulls placement, limit and "
                    + "offset or a Range header. At most 10,000 rows a page (a larger page is 416); without a "
                    + "limit the first 10,000. Prefer: count=exact counts, count=planned sums the peers' planner "
                    + "estimates, count=estimated counts up to 10,000 and estimates beyond. HEAD answers the "
                    + "headers only.")
    @Parameter(name = "filters", in = ParameterIn.QUERY, style = ParameterStyle.FORM, explode = Explode.TRUE,
            description = "column=[not.]op.value, e.g. qty=gte.5 or account=in.(alice,bob)",
            schema = @Schema(ref = ApiDocumentation.FILTERS))
    @Parameter(name = "or", in = ParameterIn.QUERY, schema = @Schema(type = "string"),
            example = "(qty.gt.5,and(account.eq.alice,flag.is.true))", description = "any of; also and, not.or, not.and")
    @Parameter(name = "select", in = ParameterIn.QUERY, schema = @Schema(type = "string"), example = "account,n:count()")
    @Parameter(name = "order", in = ParameterIn.QUERY, schema = @Schema(type = "string"), example = "qty.desc.nullslast")
    @Parameter(name = "limit", in = ParameterIn.QUERY, schema = @Schema(type = "integer", minimum = "0", maximum = "10000"))
    @Parameter(name = "offset", in = ParameterIn.QUERY, schema = @Schema(type = "integer", minimum = "0"))
    @Parameter(name = "Range", in = ParameterIn.HEADER, schema = @Schema(type = "string"), example = "0-24")
    @Parameter(name = "Prefer", in = ParameterIn.HEADER, schema = @Schema(type = "string"), example = "count=exact")
    @Parameter(name = "Accept", in = ParameterIn.HEADER, schema = @Schema(type = "string",
            allowableValues = {"application/json", "application/vnd.pgrst.object+json", "text/csv"}))
    @ApiResponse(responseCode = "200", description = "the rows",
            headers = @Header(name = "Content-Range", description = "first-last/total, * where unknown",
                    schema = @Schema(type = "string")),
            content = {@Content(mediaType = "application/json", array = @ArraySchema(schema = @Schema(ref = ApiDocumentation.ROW))),
                    @Content(mediaType = "application/vnd.pgrst.object+json", schema = @Schema(ref = ApiDocumentation.ROW)),
                    @Content(mediaType = "text/csv", schema = @Schema(type = "string"))})
    @ApiResponse(responseCode = "206", description = "a counted page that holds part of the rows",
            content = @Content(mediaType = "application/json", array = @ArraySchema(schema = @Schema(ref = ApiDocumentation.ROW))))
    @ApiResponse(responseCode = "400", description = "a filter, select or order the mesh cannot read",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = PostgrestError.class)))
    @ApiResponse(responseCode = "404", description = "no such table (PGRST205)")
    @ApiResponse(responseCode = "406", description = "one object asked for, none or several rows (PGRST116)")
    @ApiResponse(responseCode = "416", description = "a page over 10,000 rows, or past a counted end (PGRST103)")
    ResponseEntity<byte[]> read(@Parameter(example = "payment") @PathVariable String table,
                                @Parameter(hidden = true) @RequestParam MultiValueMap<String, String> params,
                                HttpServletRequest request) throws InterruptedException {
        for (String meshOnly : List.of("cursor", "partial")) {
            if (params.containsKey(meshOnly)) {
                throw GatewayException.invalidInput(meshOnly + " belongs to the /v1 API; /rest pages with limit and "
                        + "offset or the Range header");
            }
        }
        Prefer.requirePublicSchema(request.getHeader("Accept-Profile"));
        RestBodies.Form form = RestBodies.form(request.getHeader("Accept"));
        Prefer prefer = Prefer.parse(request.getHeaders("Prefer"));
        RowRange range = RowRange.of(params.getFirst("offset"), params.getFirst("limit"), request.getHeader("Range"),
                request.getHeader("Range-Unit"));
        int limit = range.limit() == null ? queries.maxPageRows() : range.limit();
        if (limit > queries.maxPageRows()) {
            throw GatewayException.rangeNotSatisfiable("a page of " + limit + " rows is more than the "
                    + queries.maxPageRows() + " the mesh returns at once");
        }
        if (range.offset() > queries.maxOffset()) {
            throw GatewayException.rangeNotSatisfiable("offset " + range.offset() + " is beyond the "
                    + queries.maxOffset() + " rows a query may skip; narrow it with filters instead");
        }
        TableDefinition definition = queries.table(table, request);
        Queries.Query query = queries.parse(definition, params, false);
        queries.awaitAfter(params.getFirst("after"), params.getFirst("timeout"), request);
        QueryAnswer answer = queries.read(query, limit, range.offset(), null);
        if (!answer.failed().isEmpty()) {
            throw GatewayException.peersUnavailable(answer.failed());
        }
        Long total = prefer.counted() ? queries.count(query, prefer.count()) : null;
        int rows = answer.rows().size();
        if (total != null && range.offset() > total) {
            throw GatewayException.rangeNotSatisfiable("offset " + range.offset() + " is past the " + total
                    + " rows the query matches");
        }
        HttpStatus status = total != null && rows < total ? HttpStatus.PARTIAL_CONTENT : HttpStatus.OK;
        Map<String, ColumnType> types = query.resultTypes();
        byte[] body = bodies.write(form, answer.rows(), List.copyOf(types.keySet()), types);
        return ResponseEntity.status(status)
                .headers(RestBodies.headers(form, range.contentRange(rows, total), prefer))
                .body(body);
    }
}
