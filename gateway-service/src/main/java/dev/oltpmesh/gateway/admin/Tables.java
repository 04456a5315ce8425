package dev.oltpmesh.gateway.admin;

import dev.oltpmesh.gateway.web.ApiDocumentation;
import io.swagger.v3.oas.annotations.media.DiscriminatorMapping;
import io.swagger.v3.oas.annotations.media.Schema;

import java.util.List;
import java.util.Map;

/** What the config service takes and answers for tables, as the gateway's API documents it. */
interface Tables {

    String TYPES = "text, integer, bigint, numeric, double, boolean, timestamp, date, uuid, json";

    @Schema(description = "A table to define: a new one (version 1), or the next version of one that only appends "
            + "nullable columns.")
    record TableRequest(List<Column> columns,
                        @Schema(description = "must contain the placement column (HASH, RANGE); none for ROUND_ROBIN")
                        List<String> primaryKey,
                        Placement placement) {
    }

    record Column(@Schema(example = "account") String name,
                  @Schema(description = "one of " + TYPES, example = "text",
                          allowableValues = {"text", "integer", "bigint", "numeric", "double", "boolean", "timestamp",
                                  "date", "uuid", "json"})
                  String type,
                  @Schema(description = "whether the column may be null (default true)") Boolean nullable) {
    }

    @Schema(description = "One version of a table.")
    record Table(String name, int version, List<Column> columns, List<String> primaryKey, Placement placement) {
    }

    @Schema(description = "How a table's rows are placed on peers, by strategy.",
            oneOf = {ReplicatedPlacement.class, HashPlacement.class, RangePlacement.class, RoundRobinPlacement.class},
            discriminatorProperty = "strategy", discriminatorMapping = {
            @DiscriminatorMapping(value = "REPLICATED", schema = ReplicatedPlacement.class),
            @DiscriminatorMapping(value = "HASH", schema = HashPlacement.class),
            @DiscriminatorMapping(value = "RANGE", schema = RangePlacement.class),
            @DiscriminatorMapping(value = "ROUND_ROBIN", schema = RoundRobinPlacement.class)})
    sealed interface Placement permits ReplicatedPlacement, HashPlacement, RangePlacement, RoundRobinPlacement {
    }

    @Schema(description = "Every row on every active peer (reference data).")
    record ReplicatedPlacement(@Schema(allowableValues = "REPLICATED", requiredMode = Schema.RequiredMode.REQUIRED)
                               String strategy,
                               @Schema(description = "the peers that hold every row (set by the mesh)")
                               List<String> peers) implements Placement {
    }

    @Schema(description = "shard = hash(column) mod shards; shards are assigned to peers and move whole.")
    record HashPlacement(@Schema(allowableValues = "HASH", requiredMode = Schema.RequiredMode.REQUIRED) String strategy,
                         @Schema(example = "account") String column,
                         @Schema(example = "16") int shards,
                         @Schema(description = "the owner of each shard, by shard number (set by the mesh)")
                         List<String> assignments) implements Placement {
    }

    @Schema(description = "The segment whose bounds hold the value, else the base peer.")
    record RangePlacement(@Schema(allowableValues = "RANGE", requiredMode = Schema.RequiredMode.REQUIRED) String strategy,
                          @Schema(example = "f") String column,
                          @Schema(example = "peer-1") String basePeer,
                          List<Segment> segments) implements Placement {
    }

    @Schema(description = "Rows striped over the peers from a persisted insert pointer.")
    record RoundRobinPlacement(@Schema(allowableValues = "ROUND_ROBIN", requiredMode = Schema.RequiredMode.REQUIRED)
                               String strategy,
                               @Schema(description = "the stripe; every active peer if omitted") List<String> peers,
                               @Schema(description = "peers taken out of the stripe that keep their rows")
                               List<String> formerPeers) implements Placement {
    }

    @Schema(description = "A range of the placement column's values on one peer; a null bound is unbounded.")
    record Segment(@Schema(example = "e2") String name,
                   @Schema(example = "peer-2") String peer,
                   @Schema(ref = ApiDocumentation.COLUMN_VALUE, description = "lower bound, a value of the column")
                   Object min,
                   @Schema(ref = ApiDocumentation.COLUMN_VALUE, description = "upper bound, a value of the column")
                   Object max,
                   @Schema(description = "default true") Boolean minInclusive,
                   @Schema(description = "default false") Boolean maxInclusive) {
    }

    @Schema(description = "Where a table's rows lie: per peer, and per shard (HASH) or segment (RANGE, with base).")
    record TableStats(String table, List<PeerRows> peers,
                      @Schema(description = "rows per shard number") Map<String, Long> shards,
                      @Schema(description = "rows per segment name; base for the base peer's") Map<String, Long> segments,
                      @Schema(description = "with digest=true, for a replicated table") Replicas replicas) {
    }

    record PeerRows(String peer,
                    @Schema(description = "null if the peer did not answer") Long rows,
                    @Schema(description = "why there are no figures for this peer") String error,
                    Map<String, Long> shards,
                    Map<String, Long> segments,
                    @Schema(description = "with digest=true: a digest of the peer's rows of the table") String digest) {
    }

    record Replicas(@Schema(description = "the peers that should hold every row") List<String> holders,
                    @Schema(description = "whether they all answered with the same digest") boolean agree) {
    }
}
