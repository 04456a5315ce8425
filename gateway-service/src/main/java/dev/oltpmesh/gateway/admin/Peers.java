package dev.oltpmesh.gateway.admin;

import io.swagger.v3.oas.annotations.media.Schema;

import java.util.List;

/** What the config service takes and answers for peers, as the gateway's API documents it. */
interface Peers {

    @Schema(description = "A peer's address and region; its identity is its id, in the path.")
    record PeerRequest(@Schema(example = "http://127.0.0.1:18084") String queryUrl,
                       @Schema(example = "eu-west") String region) {
    }

    @Schema(description = "A peer; the list also says how it is doing now.")
    record Peer(@Schema(example = "peer-1") String id,
                String queryUrl,
                String region,
                @Schema(allowableValues = {"ACTIVE", "DRAINING", "RETIRED"}) String status,
                @Schema(allowableValues = {"UP", "DOWN"}, description = "listed only") String health,
                @Schema(description = "listed only: the gateway's smoothed round-trip time to it") Double roundTripMs,
                @Schema(description = "listed only: inbox records not applied yet") Long lag,
                @Schema(description = "listed only: rows it holds") Long rows,
                @Schema(description = "listed only: whether the gateway's last probe answered")
                Boolean reachableFromGateway) {
    }

    @Schema(description = "The placement version a change became, the rows it moves, and the jobs that move them.")
    record PlacementApplied(@Schema(example = "7") long version, List<PlannedMove> moves,
                            @Schema(description = "ids of the move jobs (GET /v1/admin/moves/{id})") List<Long> jobs) {
    }

    record PlannedMove(String table,
                       @Schema(description = "which rows: a shard, a segment or a stripe peer's", example = "shard 3")
                       String rows,
                       String from,
                       String to) {
    }
}
