package dev.oltpmesh.router.placement;

/** A transaction the router cannot place; it fails as a whole, nothing is sent to any peer. */
public class RoutingRefusedException extends RuntimeException {

    private RoutingRefusedException(String message) {
        super(message);
    }

    public static RoutingRefusedException unknownTable(String table, int version) {
        return new RoutingRefusedException("table '" + table + "' version " + version + " is not known to the router");
    }

    public static RoutingRefusedException noActivePeer(String table) {
        return new RoutingRefusedException("table '" + table + "' is replicated but no peer is active");
    }
}
