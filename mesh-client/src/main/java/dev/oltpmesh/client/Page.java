package dev.oltpmesh.client;

import java.util.List;
import java.util.Map;

/**
 * One page of a query's answer.
 *
 * @param peers        the peers asked ({@code Mesh-Peers})
 * @param missingPeers peers that may hold matching rows and did not answer, for a query that allowed
 *                     a partial answer ({@code Mesh-Partial}); empty otherwise
 * @param next         the cursor of the next page ({@code Mesh-Next}), null on the last one
 */
public record Page(List<Map<String, Object>> rows, List<String> peers, List<String> missingPeers, String next) {

    public boolean hasNext() {
        return next != null;
    }

    public boolean isPartial() {
        return !missingPeers.isEmpty();
    }
}
