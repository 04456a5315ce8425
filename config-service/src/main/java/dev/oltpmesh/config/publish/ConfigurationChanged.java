package dev.oltpmesh.config.publish;

/** Raised inside a configuration transaction; the publisher acts once it has committed. */
public record ConfigurationChanged(String what) {
}
