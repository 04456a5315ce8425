package dev.oltpmesh.model.event;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/** What travels on a peer's inbox, {@code mesh.peer.<id>}: parts, and decisions on two-phase parts. */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
        @JsonSubTypes.Type(value = PartRouted.class, name = "PartRouted"),
        @JsonSubTypes.Type(value = TransactionDecided.class, name = "TransactionDecided")
})
public sealed interface PeerEvent extends MeshEvent permits PartRouted, TransactionDecided {

    String txId();
}
