package dev.oltpmesh.router.tracking;

import org.springframework.stereotype.Component;

import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The transactions with an Idempotency-Key routed lately. A gateway may submit such a transaction
 * again under the same txId when it cannot tell whether the first submission arrived; the router
 * routes a txId once, so a round-robin table cannot get its rows twice on two peers.
 */
@Component
public class RecentlyRouted {

    /** Longer than any gateway waits before it submits a keyed transaction again. */
    private static final Duration WINDOW = Duration.ofHours(1);

    private final Map<String, Instant> routed = new LinkedHashMap<>();

    public synchronized boolean contains(String txId) {
        return routed.containsKey(txId);
    }

    public synchronized void add(String txId, Instant at) {
        routed.putIfAbsent(txId, at);
        Instant horizon = Instant.now().minus(WINDOW);
        for (Iterator<Instant> it = routed.values().iterator(); it.hasNext(); ) {
            if (!it.next().isBefore(horizon)) {
                break;
            }
            it.remove();
        }
    }
}
