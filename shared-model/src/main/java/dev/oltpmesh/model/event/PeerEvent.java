package dev.oltpmesh.model.event;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/** What travels on a peer's inbox, {@code mesh.peer.<id>}. */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes(@JsonSubTypes.Type(value = PartRouted.class, name = "PartRouted"))
public sealed interface PeerEvent permits PartRouted {

    String txId();
}
