package dev.oltpmesh.model.event;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/**
 * What travels on the compacted {@code mesh.config} topic: the latest committed version of every
 * table, peer and service key, keyed {@code table:<name>}, {@code peer:<id>}, {@code service-key:<keyId>} and {@code move:<id>},
 * and the version published so far, keyed {@code version}.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
        @JsonSubTypes.Type(value = TableDefined.class, name = "TableDefined"),
        @JsonSubTypes.Type(value = PeerRegistered.class, name = "PeerRegistered"),
        @JsonSubTypes.Type(value = ServiceKeyRegistered.class, name = "ServiceKeyRegistered"),
        @JsonSubTypes.Type(value = RegionMoveRecorded.class, name = "RegionMoveRecorded"),
        @JsonSubTypes.Type(value = ConfigVersionPublished.class, name = "ConfigVersionPublished")
})
public sealed interface ConfigEvent extends MeshEvent
        permits TableDefined, PeerRegistered, ServiceKeyRegistered, RegionMoveRecorded, ConfigVersionPublished {

    String key();
}
