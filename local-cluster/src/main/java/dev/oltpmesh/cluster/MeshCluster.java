package dev.oltpmesh.cluster;

import dev.oltpmesh.config.ConfigServiceApplication;
import dev.oltpmesh.gateway.GatewayApplication;
import dev.oltpmesh.peer.PeerApplication;
import dev.oltpmesh.router.RouterApplication;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;
import javax.net.ssl.SSLContext;

/**
 * The whole mesh in one JVM: a real Kafka broker, one real PostgreSQL server per peer plus one for
 * configuration, and every service as its own Spring application, with all data in one folder.
 */
public final class MeshCluster implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(MeshCluster.class);

    /** Only the gateway is reached from outside; the other services answer this machine alone. */
    private static final String LOOPBACK = "--server.address=127.0.0.1";

    private final ClusterLayout layout;
    private final int peerCount;
    private final int spareCount;
    private final int requestedGatewayPort;
    private final boolean ownsInfrastructure;
    private Infrastructure infrastructure;
    private ConfigurableApplicationContext configService;
    private ConfigurableApplicationContext router;
    private final Map<String, ConfigurableApplicationContext> peers = new LinkedHashMap<>();
    private ConfigurableApplicationContext gateway;
    private String adminKey;

    private MeshCluster(Path dataDir, int peerCount, int spareCount, int gatewayPort, Infrastructure infrastructure)
            throws IOException {
        this.layout = new ClusterLayout(dataDir);
        this.peerCount = peerCount;
        this.spareCount = spareCount;
        this.requestedGatewayPort = gatewayPort;
        this.infrastructure = infrastructure;
        this.ownsInfrastructure = infrastructure == null;
    }

    /** Starts a cluster on a data folder; a folder used before keeps its rows, ports and key. */
    public static MeshCluster start(Path dataDir, int peerCount, int gatewayPort) throws Exception {
        return start(dataDir, peerCount, 0, gatewayPort, null);
    }

    /**
     * The same with {@code spareCount} more peer services ({@code peer-N+1} ...) running on their own
     * databases and holding nothing until an administrator adds them ({@code PUT /v1/admin/peers/{id}}).
     */
    public static MeshCluster start(Path dataDir, int peerCount, int spareCount, int gatewayPort) throws Exception {
        return start(dataDir, peerCount, spareCount, gatewayPort, null);
    }

    /**
     * Starts the services on infrastructure the caller brings (Kafka, and the databases named by
     * {@link #databaseNames(int)}) and keeps running after this cluster is closed; {@code null} starts
     * the embedded broker and servers in the data folder.
     */
    public static MeshCluster start(Path dataDir, int peerCount, int gatewayPort, Infrastructure infrastructure)
            throws Exception {
        return start(dataDir, peerCount, 0, gatewayPort, infrastructure);
    }

    private static MeshCluster start(Path dataDir, int peerCount, int spareCount, int gatewayPort,
                                     Infrastructure infrastructure) throws Exception {
        MeshCluster cluster = new MeshCluster(dataDir, peerCount, spareCount, gatewayPort, infrastructure);
        try {
            cluster.startAll();
            cluster.awaitReady(Duration.ofMinutes(3));
            return cluster;
        } catch (Exception e) {
            cluster.close();
            throw e;
        }
    }

    /** The databases a cluster of this many peers needs: "config" and one per peer. */
    public static List<String> databaseNames(int peerCount) {
        List<String> names = new ArrayList<>();
        names.add("config");
        names.addAll(peerIds(peerCount));
        return names;
    }

    private void startAll() throws Exception {
        adminKey = layout.adminKey();
        if (infrastructure == null) {
            infrastructure = EmbeddedInfrastructure.start(layout, databaseNames(peerCount + spareCount));
        }
        configService = run(ConfigServiceApplication::application, "config", List.of(
                "--server.port=" + layout.port("config-service"), LOOPBACK,
                "--spring.datasource.url=" + infrastructure.jdbcUrl("config"),
                "--mesh.config-service.admin-key=" + adminKey));
        for (String peer : peerIds()) {
            registerPeer(peer);
        }
        ExecutorService services = Executors.newFixedThreadPool(2);
        try {
            List<Callable<Object>> starts = new ArrayList<>();
            for (String peer : peerIds(peerCount + spareCount)) {
                starts.add(() -> {
                    startPeer(peer);
                    return null;
                });
            }
            starts.add(() -> router = run(RouterApplication::application, "router", List.of(
                    "--server.port=" + layout.port("router-service"), LOOPBACK,
                    "--mesh.router.config-service-url=" + url("config-service"))));
            for (Future<Object> f : services.invokeAll(starts)) {
                f.get();
            }
        } finally {
            services.shutdown();
        }
        List<String> gatewayArgs = new ArrayList<>(GatewayTls.ensure(layout.dir()).springArguments());
        gatewayArgs.addAll(List.of(
                "--server.port=" + requestedGatewayPort,
                "--mesh.gateway.config-service-url=" + url("config-service"),
                "--mesh.gateway.router-url=" + url("router-service")));
        gateway = run(GatewayApplication::application, "gateway", gatewayArgs);
    }

    /** Waits until the gateway reports the whole mesh UP: every service ready, every view replayed. */
    private void awaitReady(Duration timeout) throws InterruptedException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).sslContext(gatewayTrust()).build();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                        URI.create(gatewayUrl() + "/actuator/health")).build(), HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                log.debug("gateway not answering yet: {}", e.getMessage());
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException("the mesh did not report UP within " + timeout);
    }

    /** Starts (or restarts) one peer's service on its database. */
    public synchronized void startPeer(String peer) throws IOException {
        ConfigurableApplicationContext context = run(PeerApplication::application, peer, List.of(
                "--server.port=" + layout.port(peer), LOOPBACK,
                "--spring.application.name=" + peer,
                "--spring.datasource.url=" + infrastructure.jdbcUrl(peer),
                "--mesh.peer.id=" + peer,
                "--mesh.peer.config-service-url=" + url("config-service")));
        synchronized (peers) {
            peers.put(peer, context);
        }
    }

    /** Stops one peer's service; its database and its inbox on Kafka stay. */
    public void stopPeer(String peer) {
        ConfigurableApplicationContext context;
        synchronized (peers) {
            context = peers.remove(peer);
        }
        if (context != null) {
            context.close();
        }
    }

    private void registerPeer(String peer) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url("config-service") + "/v1/admin/peers/" + peer))
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + adminKey)
                .PUT(HttpRequest.BodyPublishers.ofString("{\"queryUrl\":\"" + url(peer) + "\",\"region\":\"local\"}"))
                .build();
        HttpResponse<String> response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() >= 300) {
            throw new IllegalStateException("could not register " + peer + ": " + response.body());
        }
    }

    /** Runs a service as its own Kafka user: it reaches the topics its ACLs open to it, and no others. */
    private ConfigurableApplicationContext run(Supplier<SpringApplicationBuilder> application, String kafkaUser,
                                               List<String> args) {
        List<String> all = new ArrayList<>(args);
        all.add("--spring.kafka.bootstrap-servers=" + infrastructure.bootstrapServers());
        infrastructure.kafkaPasswordFile(kafkaUser).ifPresent(file -> {
            all.add("--mesh.kafka.user=" + kafkaUser);
            all.add("--mesh.kafka.password-file=" + file);
        });
        all.add("--spring.main.banner-mode=off");
        // Each service makes its key pair on its first start; the folder is every service's trust folder.
        all.add("--mesh.identity.key-dir=" + layout.dir().resolve("keys"));
        all.add("--mesh.identity.generate=true");
        // No shutdown hook per service: close() stops them in order, before Kafka and PostgreSQL.
        return application.get().registerShutdownHook(false).run(all.toArray(String[]::new));
    }

    /** The peers this cluster registers at its start: {@code peer-1} ... {@code peer-N}. */
    public List<String> peerIds() {
        return peerIds(peerCount);
    }

    /** The spare peers: running, and registered only when an administrator adds them. */
    public List<String> spareIds() {
        return peerIds(peerCount + spareCount).subList(peerCount, peerCount + spareCount);
    }

    private static List<String> peerIds(int peerCount) {
        List<String> ids = new ArrayList<>();
        for (int i = 1; i <= peerCount; i++) {
            ids.add("peer-" + i);
        }
        return ids;
    }

    private String url(String service) throws IOException {
        return "http://localhost:" + layout.port(service);
    }

    /** Where an internal service listens (config-service, router-service, peer-N), for tests of its door. */
    public String serviceUrl(String service) throws IOException {
        return url(service);
    }

    public String gatewayUrl() {
        return "https://localhost:" + gateway.getEnvironment().getProperty("local.server.port");
    }

    /** For clients of the gateway: trusts its certificate (made on the first start, {@code tls/gateway.crt}). */
    public SSLContext gatewayTrust() {
        return gatewayTrust(layout.dir());
    }

    /** The same for a cluster running elsewhere on this machine, by its data folder. */
    public static SSLContext gatewayTrust(Path dataDir) {
        return GatewayTls.trusting(dataDir);
    }

    public String adminKey() {
        return adminKey;
    }

    public String bootstrapServers() {
        return infrastructure.bootstrapServers();
    }

    /** What a Kafka client of this user sets to connect (bootstrap servers included): a service's id, or "operator". */
    public Map<String, Object> kafkaClient(String user) {
        return new HashMap<>(infrastructure.kafkaClient(user));
    }

    public Path dataDir() {
        return layout.dir();
    }

    /** A JDBC URL of the configuration database, for looking at what it stored. */
    public String configJdbcUrl() {
        return infrastructure.jdbcUrl("config");
    }

    /** A JDBC URL of a peer's own database, for looking at what it stored. */
    public String peerJdbcUrl(String peer) {
        return infrastructure.jdbcUrl(peer);
    }

    @Override
    public void close() {
        closeQuietly(gateway);
        closeQuietly(router);
        new ArrayList<>(peers.keySet()).forEach(this::stopPeer);
        closeQuietly(configService);
        if (ownsInfrastructure && infrastructure != null) {
            infrastructure.close();
        }
    }

    private static void closeQuietly(ConfigurableApplicationContext context) {
        if (context != null) {
            try {
                context.close();
            } catch (RuntimeException e) {
                log.warn("a service did not stop cleanly", e);
            }
        }
    }
}
