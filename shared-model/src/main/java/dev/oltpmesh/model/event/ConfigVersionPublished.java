package dev.oltpmesh.model.event;

/**
 * Every change of every placement version up to {@code placementVersion} has been published before
 * this record: a service takes a version's tables and peers together, at this mark, never one table
 * of a version without the others.
 */
public record ConfigVersionPublished(long placementVersion) implements ConfigEvent {

    @Override
    public String key() {
        return "version";
    }
}
