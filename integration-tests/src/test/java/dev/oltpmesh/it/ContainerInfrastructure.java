package dev.oltpmesh.it;

import dev.oltpmesh.cluster.Infrastructure;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.postgresql.PostgreSQLContainer;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Testcontainers variant of the cluster's infrastructure: the official Apache Kafka image and one
 * PostgreSQL container per database, so the same scenarios run against the servers production uses.
 */
final class ContainerInfrastructure implements Infrastructure {

    private final KafkaContainer kafka;
    private final Map<String, PostgreSQLContainer> databases = new LinkedHashMap<>();

    private ContainerInfrastructure(String kafkaImage, String postgresImage, List<String> databaseNames) {
        kafka = new KafkaContainer(kafkaImage)
                .withEnv("KAFKA_MESSAGE_MAX_BYTES", "16777216")
                .withEnv("KAFKA_AUTO_CREATE_TOPICS_ENABLE", "false");
        // As every deployment initializes them: text in byte order, the order the mesh uses everywhere.
        databaseNames.forEach(name -> databases.put(name, new PostgreSQLContainer(postgresImage)
                .withEnv("POSTGRES_INITDB_ARGS", "--locale=C --encoding=UTF8")
                .withCommand("postgres", "-c", "max_prepared_transactions=200")));
    }

    private static Boolean dockerAvailable;

    /** Asked once per run: every test class asks, and each failed probe logs a page of errors. */
    static synchronized boolean dockerAvailable() {
        if (dockerAvailable == null) {
            dockerAvailable = DockerClientFactory.instance().isDockerAvailable();
        }
        return dockerAvailable;
    }

    static ContainerInfrastructure start(List<String> databaseNames) {
        ContainerInfrastructure infrastructure = new ContainerInfrastructure(
                System.getProperty("mesh.it.kafka-image", "apache/kafka:latest"),
                System.getProperty("mesh.it.postgres-image", "postgres:18"),
                databaseNames);
        try {
            infrastructure.kafka.start();
            infrastructure.databases.values().parallelStream().forEach(PostgreSQLContainer::start);
            return infrastructure;
        } catch (RuntimeException e) {
            infrastructure.close();
            throw e;
        }
    }

    @Override
    public String bootstrapServers() {
        return kafka.getBootstrapServers();
    }

    @Override
    public String jdbcUrl(String database) {
        PostgreSQLContainer pg = databases.get(database);
        return pg.getJdbcUrl() + (pg.getJdbcUrl().contains("?") ? "&" : "?") + "user=" + pg.getUsername()
                + "&password=" + pg.getPassword() + "&reWriteBatchedInserts=true";
    }

    @Override
    public void close() {
        databases.values().forEach(PostgreSQLContainer::stop);
        kafka.stop();
    }
}
