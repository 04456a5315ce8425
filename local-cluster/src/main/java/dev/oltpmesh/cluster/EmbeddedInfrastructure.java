package dev.oltpmesh.cluster;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/** A Kafka broker and the PostgreSQL servers started in this JVM, with their data in the cluster's folder. */
final class EmbeddedInfrastructure implements Infrastructure {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedInfrastructure.class);

    private final ClusterLayout layout;
    private EmbeddedKafka kafka;
    private KafkaAccess access;
    private final Map<String, EmbeddedPostgres> databases = new LinkedHashMap<>();

    private EmbeddedInfrastructure(ClusterLayout layout) {
        this.layout = layout;
    }

    static EmbeddedInfrastructure start(ClusterLayout layout, List<String> databaseNames) throws Exception {
        EmbeddedInfrastructure infrastructure = new EmbeddedInfrastructure(layout);
        try {
            infrastructure.startAll(databaseNames);
            return infrastructure;
        } catch (Exception e) {
            infrastructure.close();
            throw e;
        }
    }

    /**
     * A PostgreSQL server outlives the JVM that started it when that JVM is killed: it runs on, holding
     * its data directory. It is stopped here, as a crash would have stopped it, so the server starts
     * again on its own data and recovers from its log (prepared transactions included).
     */
    private static void stopOrphan(Path dataDir) throws IOException, InterruptedException {
        Path lock = dataDir.resolve("postmaster.pid");
        if (!Files.exists(lock)) {
            return;
        }
        long pid;
        try {
            pid = Long.parseLong(Files.readAllLines(lock).get(0).trim());
        } catch (RuntimeException unreadable) {
            return;
        }
        var process = ProcessHandle.of(pid).filter(ProcessHandle::isAlive);
        if (process.isEmpty()) {
            return;
        }
        if (process.get().info().command().map(c -> c.contains("postgres")).orElse(false)) {
            log.warn("stopping PostgreSQL server {} left running on {} by a cluster that did not stop cleanly", pid,
                    dataDir);
            process.get().destroyForcibly();
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (process.get().isAlive() && System.nanoTime() < deadline && isRunning(pid)) {
                Thread.sleep(100);
            }
            // Its backends end as soon as they see their postmaster gone; give them that moment.
            Thread.sleep(1000);
        }
        if (!isRunning(pid)) {
            // Dead but not yet reaped, or the number now belongs to another program: PostgreSQL would
            // take either for a server still running on this directory.
            Files.deleteIfExists(lock);
        }
    }

    /** Whether the process runs, as opposed to having ended and waiting to be reaped (state Z). */
    private static boolean isRunning(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            String state = stat.substring(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
            return !"Z".equals(state) && !"X".equals(state)
                    && ProcessHandle.of(pid).flatMap(p -> p.info().command()).map(c -> c.contains("postgres")).orElse(false);
        } catch (IOException | RuntimeException gone) {
            return false;
        }
    }

    private void startAll(List<String> databaseNames) throws Exception {
        ExecutorService starter = Executors.newFixedThreadPool(4);
        try {
            List<Callable<Object>> starts = new ArrayList<>();
            List<String> peers = databaseNames.stream().filter(n -> !n.equals("config")).toList();
            List<String> services = new ArrayList<>(List.of("config", "router", "gateway"));
            services.addAll(peers);
            access = KafkaAccess.of(layout.dir(), services);
            starts.add(() -> kafka = EmbeddedKafka.start(layout.kafkaDir(), layout.port("kafka"),
                    layout.port("kafka-broker"), layout.port("kafka-controller"), access, peers));
            for (String name : databaseNames) {
                starts.add(() -> {
                    stopOrphan(layout.postgresDir(name));
                    EmbeddedPostgres pg = EmbeddedPostgres.builder()
                            .setDataDirectory(layout.postgresDir(name))
                            .setCleanDataDirectory(false)
                            .setPort(layout.port("postgres-" + name))
                            .setPGStartupWait(Duration.ofSeconds(60))
                            // The embedded defaults are made for throwaway test databases; a peer's
                            // commit must survive a crash, as the design promises.
                            .setServerConfig("fsync", "on")
                            .setServerConfig("synchronous_commit", "on")
                            .setServerConfig("full_page_writes", "on")
                            // PostgreSQL's two-phase commit, for transactions over several peers.
                            .setServerConfig("max_prepared_transactions", "200")
                            // TCP only: a socket lock file in /tmp left by a killed server would keep
                            // the next one from starting.
                            .setServerConfig("unix_socket_directories", "''")
                            // Text in byte order, as the mesh orders it everywhere: peers then sort and
                            // compare text without a collate clause per row.
                            .setLocaleConfig("locale", "C")
                            .setLocaleConfig("encoding", "UTF8")
                            // The cluster stops the databases itself, after the services that use them.
                            .setRegisterShutdownHook(false)
                            .start();
                    synchronized (databases) {
                        databases.put(name, pg);
                    }
                    return pg;
                });
            }
            for (Future<Object> f : starter.invokeAll(starts)) {
                f.get();
            }
        } finally {
            starter.shutdown();
        }
        log.info("Kafka at {}, {} PostgreSQL servers up", kafka.bootstrapServers(), databases.size());
    }

    @Override
    public String bootstrapServers() {
        return kafka.bootstrapServers();
    }

    @Override
    public Optional<Path> kafkaPasswordFile(String user) {
        return Optional.of(access.passwordFile(user));
    }

    @Override
    public Map<String, String> kafkaClient(String user) {
        Map<String, String> settings = new HashMap<>(access.clientSettings(user));
        settings.put("bootstrap.servers", kafka.bootstrapServers());
        return settings;
    }

    @Override
    public String jdbcUrl(String database) {
        try {
            return "jdbc:postgresql://localhost:" + layout.port("postgres-" + database)
                    + "/postgres?user=postgres&reWriteBatchedInserts=true";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        if (kafka != null) {
            try {
                kafka.close();
            } catch (RuntimeException e) {
                log.warn("Kafka did not stop cleanly", e);
            }
        }
        synchronized (databases) {
            databases.values().forEach(pg -> {
                try {
                    pg.close();
                } catch (IOException | RuntimeException e) {
                    log.warn("PostgreSQL did not stop cleanly", e);
                }
            });
        }
    }
}
