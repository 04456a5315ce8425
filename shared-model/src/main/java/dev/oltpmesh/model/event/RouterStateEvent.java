package dev.oltpmesh.model.event;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/**
 * What travels on the compacted {@code mesh.router.state} topic: the router's persisted state,
 * written in the same Kafka transaction as the parts it routed.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
        @JsonSubTypes.Type(value = InsertPointerMoved.class, name = "InsertPointerMoved"),
        @JsonSubTypes.Type(value = RoutingAdopted.class, name = "RoutingAdopted")
})
public sealed interface RouterStateEvent extends MeshEvent permits InsertPointerMoved, RoutingAdopted {

    String key();
}
