package dev.oltpmesh.router.placement;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The highest placement version the router has announced and read back from {@code mesh.router.state}
 * (so committed): a batch announces its version only above it. A batch whose Kafka transaction rolled
 * back is never read back, so the next one announces again.
 */
public class RoutingAnnouncements {

    private final AtomicLong readBack = new AtomicLong(-1);

    void readBack(long version) {
        readBack.accumulateAndGet(version, Math::max);
    }

    public boolean needed(long version) {
        return version > readBack.get();
    }
}
