package dev.oltpmesh.peer.apply;

import org.springframework.stereotype.Component;

import java.util.Optional;

/**
 * The part this peer's inbox waits at, if it waits for a move to settle: every part before it is
 * applied, and it, like every later part, was routed by its placement version or a newer one.
 */
@Component
public class InboxHold {

    private record Held(long offset, long placementVersion) {
    }

    private volatile Held held;

    void holding(long offset, long placementVersion) {
        held = new Held(offset, placementVersion);
    }

    /**
     * The placement version of the part the inbox waits at, when it still waits there: the inbox is
     * applied up to (not past) that part's offset.
     */
    public Optional<Long> versionWaitedAt(long appliedUpTo) {
        Held current = held;
        return current != null && current.offset() == appliedUpTo ? Optional.of(current.placementVersion())
                : Optional.empty();
    }
}
