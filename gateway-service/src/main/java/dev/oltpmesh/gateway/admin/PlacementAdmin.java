package dev.oltpmesh.gateway.admin;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.enums.ParameterIn;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** The placement map and changes to it, forwarded to the config service; role admin. */
@RestController
@Tag(name = "Admin: placement", description = "Where rows go, and changing it; a key with the role admin.")
class PlacementAdmin {

    private final AdminForwarder forwarder;

    PlacementAdmin(AdminForwarder forwarder) {
        this.forwarder = forwarder;
    }

    @GetMapping("/v1/admin/placement")
    @Operation(summary = "The placement map: its version and every table's placement")
    @ApiResponse(responseCode = "200", description = "the placement map",
            content = @Content(schema = @Schema(implementation = Placements.PlacementMap.class)))
    ResponseEntity<byte[]> getPlacement(HttpServletRequest request) {
        return forwarder.forward(request, null);
    }

    @PostMapping("/v1/admin/placement/changes")
    @Operation(summary = "Change placement",
            description = "A group of changes applied as one new placement version, validated together at the end "
                    + "(segments never overlap, peers exist and are active, every shard has one owner). Routing follows "
                    + "the new version at once; rows that change owner are moved by jobs, readable all along.")
    @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true, content = @Content(
            schema = @Schema(implementation = Placements.PlacementChanges.class), examples = {
            @ExampleObject(name = "move shards and a segment", value = """
                    {"changes":[{"op":"moveShard","table":"payment","shard":0,"to":"peer-4"},
                                {"op":"moveSegment","table":"fruit","segment":"e2","to":"peer-4"}]}"""),
            @ExampleObject(name = "split a segment, shrink a stripe", value = """
                    {"changes":[{"op":"addSegment","table":"fruit","segment":{"name":"e3","peer":"peer-1","min":3,"max":10}},
                                {"op":"splitSegment","table":"fruit","segment":"e3","at":5,"name":"e5"},
                                {"op":"removeStripePeer","table":"clicks","peer":"peer-3"}]}""")}))
    @ApiResponse(responseCode = "200", description = "the new version, the rows that move and the jobs that move them",
            content = @Content(schema = @Schema(implementation = Peers.PlacementApplied.class)))
    @ApiResponse(responseCode = "422", description = "refused, listing every violation; nothing changed")
    ResponseEntity<byte[]> changePlacement(HttpServletRequest request, @RequestBody(required = false) byte[] body) {
        return forwarder.forward(request, body);
    }

    @PostMapping("/v1/admin/rebalance")
    @Operation(summary = "Even HASH tables' rows over the active peers",
            description = "Plans the shard moves that even rows per peer and applies them as one placement change; "
                    + "with dryRun=true only shows the plan.")
    @Parameter(name = "dryRun", in = ParameterIn.QUERY, schema = @Schema(type = "boolean", defaultValue = "false"))
    @ApiResponse(responseCode = "200", description = "the plan, and the version it became unless a dry run",
            content = @Content(schema = @Schema(implementation = Placements.RebalancePlan.class)))
    @ApiResponse(responseCode = "422", description = "the moves were refused; nothing changed")
    ResponseEntity<byte[]> rebalance(HttpServletRequest request) {
        return forwarder.forward(request, null);
    }
}
