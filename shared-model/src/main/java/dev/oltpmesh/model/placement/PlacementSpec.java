package dev.oltpmesh.model.placement;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/** How the rows of one table are placed on peers. */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "strategy")
@JsonSubTypes({
        @JsonSubTypes.Type(value = ReplicatedPlacement.class, name = "REPLICATED"),
        @JsonSubTypes.Type(value = HashPlacement.class, name = "HASH"),
        @JsonSubTypes.Type(value = RangePlacement.class, name = "RANGE"),
        @JsonSubTypes.Type(value = RoundRobinPlacement.class, name = "ROUND_ROBIN")
})
public sealed interface PlacementSpec permits ReplicatedPlacement, HashPlacement, RangePlacement, RoundRobinPlacement {

    /** The column whose value decides the peer, or null where no column does. */
    String column();
}
