package dev.oltpmesh.gateway.admin;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.enums.ParameterIn;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** Tables, forwarded to the config service; role admin. */
@RestController
@Tag(name = "Admin: tables", description = "Table definitions and where their rows lie; a key with the role admin.")
class TableAdmin {

    private static final String PAYMENT = """
            {"columns":[{"name":"account","type":"text","nullable":false},{"name":"id","type":"uuid","nullable":false},
                        {"name":"qty","type":"bigint","nullable":false},{"name":"price","type":"numeric"},
                        {"name":"ts","type":"timestamp"}],
             "primaryKey":["account","id"],
             "placement":{"strategy":"HASH","column":"account","shards":16}}""";
    private static final String FRUIT = """
            {"columns":[{"name":"f","type":"integer","nullable":false},{"name":"label","type":"text"}],
             "primaryKey":["f"],
             "placement":{"strategy":"RANGE","column":"f","basePeer":"peer-1","segments":[
               {"name":"e2","peer":"peer-2","min":2,"max":2,"minInclusive":true,"maxInclusive":true}]}}""";

    private final AdminForwarder forwarder;

    TableAdmin(AdminForwarder forwarder) {
        this.forwarder = forwarder;
    }

    @PutMapping("/v1/admin/tables/{table}")
    @Operation(summary = "Define a table, or its next version",
            description = "201 with version 1 for a new table; 200 with the next version when the change only appends "
                    + "nullable columns; 409 for any other change to an existing table.")
    @Parameter(name = "table", in = ParameterIn.PATH, required = true, example = "payment", schema = @Schema(type = "string"),
            description = "lower case letters, digits and _, starting with a letter")
    @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true, content = @Content(
            schema = @Schema(implementation = Tables.TableRequest.class), examples = {
            @ExampleObject(name = "HASH", value = PAYMENT), @ExampleObject(name = "RANGE", value = FRUIT),
            @ExampleObject(name = "REPLICATED", value = """
                    {"columns":[{"name":"code","type":"text","nullable":false},{"name":"name","type":"text"}],
                     "primaryKey":["code"],"placement":{"strategy":"REPLICATED"}}"""),
            @ExampleObject(name = "ROUND_ROBIN", value = """
                    {"columns":[{"name":"page","type":"text"}],"placement":{"strategy":"ROUND_ROBIN"}}""")}))
    @ApiResponse(responseCode = "201", description = "defined, version 1",
            content = @Content(schema = @Schema(implementation = Tables.Table.class)))
    @ApiResponse(responseCode = "200", description = "its next version",
            content = @Content(schema = @Schema(implementation = Tables.Table.class)))
    @ApiResponse(responseCode = "409", description = "a change other than appending nullable columns")
    ResponseEntity<byte[]> defineTable(HttpServletRequest request, @RequestBody(required = false) byte[] body) {
        return forwarder.forward(request, body);
    }

    @GetMapping("/v1/admin/tables")
    @Operation(summary = "Every table, at its latest version")
    @ApiResponse(responseCode = "200", description = "the tables",
            content = @Content(array = @ArraySchema(schema = @Schema(implementation = Tables.Table.class))))
    ResponseEntity<byte[]> listTables(HttpServletRequest request) {
        return forwarder.forward(request, null);
    }

    @GetMapping("/v1/admin/tables/{table}")
    @Operation(summary = "A table, at its latest version or the one asked for")
    @Parameter(name = "table", in = ParameterIn.PATH, required = true, example = "payment", schema = @Schema(type = "string"))
    @Parameter(name = "version", in = ParameterIn.QUERY, schema = @Schema(type = "integer", minimum = "1"))
    @ApiResponse(responseCode = "200", description = "the table",
            content = @Content(schema = @Schema(implementation = Tables.Table.class)))
    @ApiResponse(responseCode = "404", description = "no such table or version")
    ResponseEntity<byte[]> getTable(HttpServletRequest request) {
        return forwarder.forward(request, null);
    }

    @GetMapping("/v1/admin/tables/{table}/stats")
    @Operation(summary = "Where a table's rows lie", description = "Rows per peer, and per shard or segment, so skew "
            + "and moves can be seen.")
    @Parameter(name = "table", in = ParameterIn.PATH, required = true, example = "payment", schema = @Schema(type = "string"))
    @Parameter(name = "digest", in = ParameterIn.QUERY, schema = @Schema(type = "boolean", defaultValue = "false"),
            description = "also a digest of each peer's rows, and whether a replicated table's replicas agree")
    @ApiResponse(responseCode = "200", description = "the table's rows by peer",
            content = @Content(schema = @Schema(implementation = Tables.TableStats.class)))
    @ApiResponse(responseCode = "404", description = "no such table")
    ResponseEntity<byte[]> tableStats(HttpServletRequest request) {
        return forwarder.forward(request, null);
    }
}
