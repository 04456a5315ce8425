package dev.oltpmesh.model.placement;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * Rows are striped over {@code peers} in order, one row after another, from a persisted pointer.
 * A peer taken out of the stripe keeps the rows it has ({@code formerPeers}): new rows no longer go
 * to it, but reads still ask it.
 */
public record RoundRobinPlacement(List<String> peers,
                                  @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> formerPeers)
        implements PlacementSpec {

    public RoundRobinPlacement {
        peers = peers == null ? List.of() : List.copyOf(peers);
        formerPeers = formerPeers == null ? List.of() : List.copyOf(formerPeers);
    }

    public RoundRobinPlacement(List<String> peers) {
        this(peers, List.of());
    }

    /** Every peer that may hold rows of the table: the stripe, then the former stripe peers. */
    @JsonIgnore
    public List<String> holders() {
        LinkedHashSet<String> holders = new LinkedHashSet<>(peers);
        holders.addAll(formerPeers);
        return new ArrayList<>(holders);
    }

    @Override
    public String column() {
        return null;
    }
}
