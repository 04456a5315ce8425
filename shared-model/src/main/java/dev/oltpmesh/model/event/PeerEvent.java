package dev.oltpmesh.model.event;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/** What travels to a peer: parts on its inbox {@code mesh.peer.<id>}, decisions on {@code mesh.peer.<id>.decisions}. */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
        @JsonSubTypes.Type(value = PartRouted.class, name = "PartRouted"),
        @JsonSubTypes.Type(value = TransactionDecided.class, name = "TransactionDecided")
})
public sealed interface PeerEvent extends MeshEvent permits PartRouted, TransactionDecided {

    String txId();
}
