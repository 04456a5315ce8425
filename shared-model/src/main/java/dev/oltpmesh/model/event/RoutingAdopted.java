package dev.oltpmesh.model.event;

/**
 * The router routes by {@code placementVersion} from here on. Written in the Kafka transaction of a
 * routed batch (or alone when the router is idle), so every part routed by an older version was
 * committed before it: once it is read, an older version's parts are all in their peers' inboxes.
 */
public record RoutingAdopted(long placementVersion) implements RouterStateEvent {

    @Override
    public String key() {
        return "routing";
    }
}
