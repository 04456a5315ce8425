package dev.oltpmesh.model.event;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/**
 * What travels on the compacted {@code mesh.config} topic: the latest committed version of every
 * table and peer, keyed {@code table:<name>} and {@code peer:<id>}.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
        @JsonSubTypes.Type(value = TableDefined.class, name = "TableDefined"),
        @JsonSubTypes.Type(value = PeerRegistered.class, name = "PeerRegistered")
})
public sealed interface ConfigEvent extends MeshEvent permits TableDefined, PeerRegistered {

    String key();
}
