package dev.oltpmesh.router.placement;

import dev.oltpmesh.model.event.InsertPointerMoved;
import dev.oltpmesh.model.placement.RowPlacer;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The insert pointers of the ROUND_ROBIN tables. Restored from {@code mesh.router.state} at start;
 * a pointer only ever moves forward, so replaying our own older records never sets it back.
 */
public class RoundRobinPointers {

    private final Map<String, Long> next = new ConcurrentHashMap<>();

    public void restore(InsertPointerMoved moved) {
        next.merge(moved.table(), moved.next(), Math::max);
    }

    RowPlacer.Pointer pointerOf(String table) {
        return () -> next.merge(table, 1L, Long::sum) - 1;
    }

    InsertPointerMoved current(String table) {
        return new InsertPointerMoved(table, next.getOrDefault(table, 0L));
    }
}
