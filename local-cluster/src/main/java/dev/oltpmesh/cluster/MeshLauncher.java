package dev.oltpmesh.cluster;

import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/** {@code ./mesh up [--data DIR] [--port 8080] [--peers 3]}: the embedded default, in one JVM. */
public final class MeshLauncher {

    private MeshLauncher() {
    }

    public static void main(String[] args) throws Exception {
        Path data = Path.of(".mesh");
        int port = 8080;
        int peers = 3;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "up" -> {
                }
                case "--data" -> data = Path.of(args[++i]);
                case "--port" -> port = Integer.parseInt(args[++i]);
                case "--peers" -> peers = Integer.parseInt(args[++i]);
                default -> {
                    System.err.println("usage: mesh up [--data DIR] [--port 8080] [--peers 3]");
                    System.exit(2);
                }
            }
        }
        if (peers < 1 || peers > 16) {
            System.err.println("--peers must be from 1 to 16");
            System.exit(2);
        }
        MeshCluster cluster = MeshCluster.start(data, peers, port);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("stopping OLTP Mesh...");
            cluster.close();
            stopped.countDown();
        }, "mesh-shutdown"));
        System.out.printf("""

                OLTP Mesh is up with %d peers (data in %s)
                  gateway     %s
                  health      %s/actuator/health
                  API docs    %s/swagger-ui.html
                  admin key   %s/admin.key
                  Kafka       %s
                Press Ctrl-C to stop.
                %n""", peers, cluster.dataDir(), cluster.gatewayUrl(), cluster.gatewayUrl(), cluster.gatewayUrl(),
                cluster.dataDir(), cluster.bootstrapServers());
        stopped.await();
    }
}
