package dev.oltpmesh.model.event;

/**
 * Every record on every mesh topic, by topic. The service that produces one signs it; a consumer
 * decides by this type which service may have signed it.
 */
public sealed interface MeshEvent permits ConfigEvent, SubmittedEvent, PeerEvent, RouterStateEvent, TxEvent,
        DeadLetterEvent {
}
