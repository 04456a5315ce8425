package dev.oltpmesh.model.event;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/** What travels on {@code mesh.dlq}: events a service could not apply, kept whole for a person. */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes(@JsonSubTypes.Type(value = PartDeadLettered.class, name = "PartDeadLettered"))
public sealed interface DeadLetterEvent extends MeshEvent permits PartDeadLettered {
}
