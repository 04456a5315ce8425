package dev.oltpmesh.cluster;

import dev.oltpmesh.model.security.ServiceRole;
import dev.oltpmesh.support.identity.KeyFiles;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * {@code ./mesh up} and {@code ./mesh keys} (see {@link MeshCommands} for their options): the embedded
 * default in one JVM, and the keys a deployment hands out as secrets.
 */
public final class MeshLauncher implements MeshCommands.Actions {

    private MeshLauncher() {
    }

    public static void main(String[] args) {
        System.exit(MeshCommands.commandLine(new MeshLauncher()).execute(args));
    }

    @Override
    public void up(MeshCommands.Up options) throws Exception {
        int peers = options.peers();
        MeshCluster cluster = MeshCluster.start(options.data(), peers, options.spare(), options.port());
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

    /** Keeps what is already in the folder: keys handed out before stay valid. */
    @Override
    public void keys(MeshCommands.Keys options) throws Exception {
        Path out = options.out();
        List<String> peerIds = new ArrayList<>();
        for (int p = options.firstPeer(); p < options.firstPeer() + options.peers(); p++) {
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
