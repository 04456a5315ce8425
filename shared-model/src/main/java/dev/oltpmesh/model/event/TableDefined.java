package dev.oltpmesh.model.event;

import dev.oltpmesh.model.schema.TableDefinition;

/** A table version was committed; {@code placementVersion} is the cluster's placement version then. */
public record TableDefined(TableDefinition table, long placementVersion) implements ConfigEvent {

    @Override
    public String key() {
        return "table:" + table.name();
    }
}
