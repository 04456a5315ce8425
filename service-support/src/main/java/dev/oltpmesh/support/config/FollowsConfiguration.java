package dev.oltpmesh.support.config;

import dev.oltpmesh.support.kafka.MeshTopics;

/** Implemented by the properties of a service that acts on the mesh's configuration. */
public interface FollowsConfiguration {

    MeshTopics topics();

    /** Asked for a table version the followed topic has not brought yet. */
    String configServiceUrl();
}
