package dev.oltpmesh.it;

import dev.oltpmesh.cluster.MeshCluster;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * One cluster for the whole integration suite: starting Kafka, four PostgreSQL servers and six
 * services takes most of a minute, so every test class shares it.
 */
final class SharedCluster {

    private static MeshCluster cluster;
    private static Path dataDir;

    private SharedCluster() {
    }

    static synchronized MeshCluster get() throws Exception {
        if (cluster == null) {
            dataDir = Files.createTempDirectory("mesh-it-");
            cluster = MeshCluster.start(dataDir, 3, 0);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                synchronized (SharedCluster.class) {
                    if (cluster != null) {
                        cluster.close();
                    }
                }
            }));
        }
        return cluster;
    }

    /** Stops the whole cluster and starts it again on the same data folder. */
    static synchronized MeshCluster restart() throws Exception {
        get().close();
        cluster = MeshCluster.start(dataDir, 3, 0);
        return cluster;
    }
}
