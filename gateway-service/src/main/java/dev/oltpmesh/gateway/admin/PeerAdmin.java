package dev.oltpmesh.gateway.admin;

import dev.oltpmesh.gateway.distance.PeerDistances;
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
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import java.util.List;
import java.util.Map;

/** Peers, forwarded to the config service; role admin. */
@RestController
@Tag(name = "Admin: peers", description = "Peers: registering, listing and draining them; a key with the role admin.")
class PeerAdmin {

    private final AdminForwarder forwarder;
    private final PeerDistances distances;
    private final JsonMapper json;

    PeerAdmin(AdminForwarder forwarder, PeerDistances distances, JsonMapper json) {
        this.forwarder = forwarder;
        this.distances = distances;
        this.json = json;
    }

    @PutMapping("/v1/admin/peers/{peerId}")
    @Operation(summary = "Register a peer, or change its address",
            description = "A peer's identity is its id; its address may change. A retired or draining id cannot be "
                    + "registered again.")
    @Parameter(name = "peerId", in = ParameterIn.PATH, required = true, example = "peer-4", schema = @Schema(type = "string"))
    @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true, content = @Content(
            schema = @Schema(implementation = Peers.PeerRequest.class),
            examples = @ExampleObject(name = "a spare peer", value = """
                    {"queryUrl":"http://127.0.0.1:18084","region":"eu-west"}""")))
    @ApiResponse(responseCode = "201", description = "registered",
            content = @Content(schema = @Schema(implementation = Peers.Peer.class)))
    @ApiResponse(responseCode = "200", description = "its address or region changed",
            content = @Content(schema = @Schema(implementation = Peers.Peer.class)))
    @ApiResponse(responseCode = "409", description = "the id belongs to a retired or draining peer")
    ResponseEntity<byte[]> registerPeer(HttpServletRequest request, @RequestBody(required = false) byte[] body) {
        return forwarder.forward(request, body);
    }

    @GetMapping("/v1/admin/peers")
    @Operation(summary = "Every peer, and how it is doing now", description = "Health, lag and rows as each peer says; "
            + "the round-trip time as this gateway measures it, from where queries start.")
    @ApiResponse(responseCode = "200", description = "the peers",
            content = @Content(array = @ArraySchema(schema = @Schema(implementation = Peers.Peer.class))))
    ResponseEntity<byte[]> listPeers(HttpServletRequest request) {
        return forwarder.forward(request, null, this::withOwnRoundTrips);
    }

    @PostMapping("/v1/admin/peers/{peerId}/drain")
    @Operation(summary = "Drain a peer", description = "Moves everything it owns to the other active peers; its status "
            + "goes ACTIVE, DRAINING, then RETIRED once its moves are DONE.")
    @Parameter(name = "peerId", in = ParameterIn.PATH, required = true, example = "peer-2", schema = @Schema(type = "string"))
    @ApiResponse(responseCode = "202", description = "the placement version and the moves that empty it",
            content = @Content(schema = @Schema(implementation = Peers.PlacementApplied.class)))
    @ApiResponse(responseCode = "404", description = "no such peer")
    @ApiResponse(responseCode = "409", description = "the peer is not ACTIVE")
    @ApiResponse(responseCode = "422", description = "no other active peer could take its rows")
    ResponseEntity<byte[]> drainPeer(HttpServletRequest request) {
        return forwarder.forward(request, null);
    }

    /**
     * The round-trip times that count for reads are the gateway's own, measured from where queries
     * start, so they replace the config service's.
     */
    private byte[] withOwnRoundTrips(byte[] peers) {
        List<Map<String, Object>> list = json.readValue(peers, new TypeReference<List<Map<String, Object>>>() {
        });
        for (Map<String, Object> peer : list) {
            distances.of(String.valueOf(peer.get("id"))).ifPresent(d -> {
                peer.put("roundTripMs", Math.round(d.roundTripMs() * 100) / 100.0);
                peer.put("reachableFromGateway", d.healthy());
            });
        }
        return json.writeValueAsBytes(list);
    }
}
