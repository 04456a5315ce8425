package dev.oltpmesh.cluster;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/** A Kafka broker and the PostgreSQL servers started in this JVM, with their data in the cluster's folder. */
final class EmbeddedInfrastructure implements Infrastructure {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedInfrastructure.class);

    private final ClusterLayout layout;
    private EmbeddedKafka kafka;
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

    private void startAll(List<String> databaseNames) throws Exception {
        ExecutorService starter = Executors.newFixedThreadPool(4);
        try {
            List<Callable<Object>> starts = new ArrayList<>();
            starts.add(() -> kafka = EmbeddedKafka.start(layout.kafkaDir(), layout.port("kafka"),
                    layout.port("kafka-controller")));
            for (String name : databaseNames) {
                starts.add(() -> {
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
