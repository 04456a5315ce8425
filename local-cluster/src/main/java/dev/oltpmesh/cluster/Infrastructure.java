package dev.oltpmesh.cluster;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * What the services stand on: one Kafka cluster and one PostgreSQL database per name ("config" and
 * each peer's id). The embedded default starts them in this JVM; tests may bring containers instead.
 */
public interface Infrastructure extends AutoCloseable {

    String bootstrapServers();

    /**
     * What a client of the given Kafka user sets to connect, the bootstrap servers included. The
     * embedded broker authenticates every client (SCRAM) and authorizes it (ACLs); users: each
     * service's id, and {@code operator} for tools and tests.
     */
    default Map<String, String> kafkaClient(String user) {
        return Map.of("bootstrap.servers", bootstrapServers());
    }

    /**
     * The file holding the Kafka password of a service's user, which the service reads itself
     * ({@code mesh.kafka.password-file}); empty where the broker does not authenticate.
     */
    default Optional<Path> kafkaPasswordFile(String user) {
        return Optional.empty();
    }

    /** A JDBC URL with credentials for the named database. */
    String jdbcUrl(String database);

    @Override
    void close();
}
