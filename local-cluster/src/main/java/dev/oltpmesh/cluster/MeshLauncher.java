package dev.oltpmesh.cluster;

import dev.oltpmesh.model.security.ServiceRole;
import dev.oltpmesh.support.identity.KeyFiles;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/** {@code ./mesh up [--data DIR] [--port 8080] [--peers 3] [--spare 0]}: the embedded default, in one JVM. */
public final class MeshLauncher {

    private MeshLauncher() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("keys")) {
            keys(args);
            return;
        }
        Path data = Path.of(".mesh");
        int port = 8080;
        int peers = 3;
        int spare = 0;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "up" -> {
                }
                case "--data" -> data = Path.of(args[++i]);
                case "--port" -> port = Integer.parseInt(args[++i]);
                case "--peers" -> peers = Integer.parseInt(args[++i]);
                case "--spare" -> spare = Integer.parseInt(args[++i]);
                default -> {
                    System.err.println("usage: mesh up [--data DIR] [--port 8080] [--peers 3] [--spare 0]");
                    System.exit(2);
                }
            }
        }
        if (peers < 1 || spare < 0 || peers + spare > 16) {
            System.err.println("--peers must be at least 1, --spare at least 0, and together at most 16");
            System.exit(2);
        }
        MeshCluster cluster = MeshCluster.start(data, peers, spare, port);
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
                  Kafka       %s (SCRAM passwords in %s/kafka-users/; tools: user operator)
                %sPress Ctrl-C to stop.
                %n""", peers, cluster.dataDir(), cluster.gatewayUrl(), cluster.gatewayUrl(), cluster.gatewayUrl(),
                cluster.dataDir(), cluster.bootstrapServers(), cluster.dataDir(), spares(cluster));
        stopped.await();
    }

    /** How to add each spare peer: its id and the address to register it with. */
    private static String spares(MeshCluster cluster) throws java.io.IOException {
        StringBuilder text = new StringBuilder();
        for (String spare : cluster.spareIds()) {
            text.append(String.format("  spare       %s at %s: PUT /v1/admin/peers/%s {\"queryUrl\":\"%s\"} adds it%n",
                    spare, cluster.serviceUrl(spare), spare, cluster.serviceUrl(spare)));
        }
        return text.toString();
    }

    /**
     * {@code ./mesh keys --out DIR [--peers 3] [--first-peer 1]}: a key pair for every service of a
     * mesh (config, router, gateway, peer-N) and a Kafka password for each: the peers' in
     * {@code DIR/kafka-peers/}, the others' with the broker's and the operator's in
     * {@code DIR/kafka-users/}, for deployments that hand them out as secrets. What is already in the
     * folder is kept.
     */
    private static void keys(String[] args) throws Exception {
        Path out = null;
        int peers = 3;
        int firstPeer = 1;
        for (int i = 1; i < args.length; i++) {
            switch (args[i]) {
                case "--out" -> out = Path.of(args[++i]);
                case "--peers" -> peers = Integer.parseInt(args[++i]);
                case "--first-peer" -> firstPeer = Integer.parseInt(args[++i]);
                default -> {
                    System.err.println("usage: mesh keys --out DIR [--peers 3] [--first-peer 1]");
                    System.exit(2);
                }
            }
        }
        if (out == null || peers < 1) {
            System.err.println("usage: mesh keys --out DIR [--peers 3] [--first-peer 1]");
            System.exit(2);
        }
        List<String> peerIds = new ArrayList<>();
        for (int p = firstPeer; p < firstPeer + peers; p++) {
            peerIds.add("peer-" + p);
        }
        Map<String, ServiceRole> services = ClusterLayout.services(peerIds);
        for (Map.Entry<String, ServiceRole> service : services.entrySet()) {
            if (Files.exists(out.resolve(service.getKey() + ".key"))) {
                System.out.println("kept      " + out.resolve(service.getKey() + ".key"));
            } else {
                KeyFiles.generate(out, service.getKey(), service.getValue());
                System.out.println("generated " + out.resolve(service.getKey() + ".key") + " and .pub");
            }
        }
        // Two folders, two secrets: every peer pod of a StatefulSet mounts the peers' passwords, and
        // must not hold those of the services or of Kafka's super users.
        List<String> peerUsers = peerIds;
        List<String> serviceUsers = new ArrayList<>(List.of(KafkaAccess.BROKER, KafkaAccess.OPERATOR));
        services.keySet().stream().filter(id -> !id.startsWith("peer-")).forEach(serviceUsers::add);
        KafkaAccess.ensurePasswords(out.resolve("kafka-users"), serviceUsers);
        KafkaAccess.ensurePasswords(out.resolve("kafka-peers"), peerUsers);
        System.out.println("Kafka passwords in " + out.resolve("kafka-users") + " and " + out.resolve("kafka-peers"));
    }
}
