package dev.oltpmesh.model.security;

/** What an API key may do; admin includes writer and monitor, writer includes reader. */
public enum ApiRole {
    READER, WRITER, ADMIN, MONITOR;

    /** Whether a key of this role may be limited to a set of tables. */
    public boolean scopesTables() {
        return this == READER || this == WRITER;
    }
}
