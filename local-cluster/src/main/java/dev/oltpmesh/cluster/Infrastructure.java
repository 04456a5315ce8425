package dev.oltpmesh.cluster;

/**
 * What the services stand on: one Kafka cluster and one PostgreSQL database per name ("config" and
 * each peer's id). The embedded default starts them in this JVM; tests may bring containers instead.
 */
public interface Infrastructure extends AutoCloseable {

    String bootstrapServers();

    /** A JDBC URL with credentials for the named database. */
    String jdbcUrl(String database);

    @Override
    void close();
}
