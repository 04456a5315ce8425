package dev.oltpmesh.it;

import dev.oltpmesh.cluster.MeshCluster;
import org.junit.jupiter.api.Assumptions;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * One cluster for the whole integration suite: starting Kafka, four PostgreSQL servers and six
 * services takes most of a minute, so every test class shares it.
 *
 * <p>The suite runs twice: on the embedded infrastructure (always), and with
 * {@code -Dmesh.it.infrastructure=testcontainers} on containers, which needs a Docker engine; where
 * none answers, every scenario of that run is skipped and says why.
 */
final class SharedCluster {

    static final String NO_DOCKER = "no Docker engine answers here, so the Testcontainers variant of the cluster "
            + "fixture is skipped; the same scenarios ran on the embedded Kafka and PostgreSQL servers";
    private static final int PEERS = 3;

    private static MeshCluster cluster;
    private static ContainerInfrastructure containers;
    private static Path dataDir;
    private static TraceCollector traces;

    private SharedCluster() {
    }

    static synchronized MeshCluster get() throws Exception {
        if (cluster == null) {
            traceEverything();
            dataDir = Files.createTempDirectory("mesh-it-");
            if (onContainers()) {
                Assumptions.assumeTrue(ContainerInfrastructure.dockerAvailable(), NO_DOCKER);
                containers = ContainerInfrastructure.start(MeshCluster.databaseNames(PEERS));
            }
            cluster = MeshCluster.start(dataDir, PEERS, 0, containers);
            Runtime.getRuntime().addShutdownHook(new Thread(SharedCluster::stop));
        }
        return cluster;
    }

    /** Stops every service and starts them again on the same data: the folder, or the same containers. */
    static synchronized MeshCluster restart() throws Exception {
        get().close();
        cluster = MeshCluster.start(dataDir, PEERS, 0, containers);
        return cluster;
    }

    /**
     * Stops the shared cluster, if one runs, for a scenario that brings its own: two whole clusters on
     * two cores would time each other, not the mesh. A later {@link #get()} starts a new one.
     */
    static synchronized void release() {
        if (cluster != null) {
            cluster.close();
            cluster = null;
        }
    }

    /** Where every service of the shared cluster exports its spans. */
    static synchronized TraceCollector traces() throws Exception {
        get();
        return traces;
    }

    /**
     * Every service of this JVM samples every trace and exports it to the collector at once: the
     * services read these from the system properties, as they would from their environment.
     */
    private static void traceEverything() throws java.io.IOException {
        traces = TraceCollector.start();
        System.setProperty("management.opentelemetry.tracing.export.otlp.endpoint", traces.endpoint());
        System.setProperty("management.tracing.sampling.probability", "1.0");
        System.setProperty("management.opentelemetry.tracing.export.schedule-delay", "200ms");
    }

    static boolean onContainers() {
        return "testcontainers".equals(System.getProperty("mesh.it.infrastructure", "embedded"));
    }

    private static synchronized void stop() {
        if (cluster != null) {
            cluster.close();
        }
        if (containers != null) {
            containers.close();
        }
        if (traces != null) {
            traces.close();
        }
    }
}
