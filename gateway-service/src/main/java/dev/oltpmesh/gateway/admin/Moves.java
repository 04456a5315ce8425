package dev.oltpmesh.gateway.admin;

import io.swagger.v3.oas.annotations.media.Schema;

import java.time.Instant;
import java.util.List;

/** What the config service answers for data moves, as the gateway's API documents it. */
interface Moves {

    @Schema(description = "A data move as a job: a BACKFILL fills a peer that joined with a replicated table's rows; "
            + "a REGION move carries a shard, segment or stripe peer's rows to their new owner.")
    record Move(@Schema(example = "7") long id,
                @Schema(allowableValues = {"BACKFILL", "REGION"}) String kind,
                String table,
                @Schema(description = "the shards a REGION move of a HASH table carries") List<Integer> shards,
                String from,
                String to,
                @Schema(allowableValues = {"PLANNED", "COPYING", "VERIFYING", "LIVE", "PURGING", "DONE", "FAILED"})
                String state,
                @Schema(description = "the version from which the rows are the target's") long placementVersion,
                long rowsCopied,
                Long rowsTotal,
                @Schema(description = "while COPYING") Double rowsPerSec,
                @Schema(description = "while COPYING") Long etaSeconds,
                @Schema(description = "why it FAILED") String error,
                @Schema(description = "0, then one more at each retry") int attempt,
                Instant createdAt,
                Instant updatedAt,
                @Schema(description = "when reads began to take the copies") Instant liveAt) {
    }
}
