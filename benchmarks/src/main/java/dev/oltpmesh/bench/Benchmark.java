package dev.oltpmesh.bench;

import dev.oltpmesh.bench.report.Report;
import dev.oltpmesh.bench.systems.KafkaProducerLoad;
import dev.oltpmesh.bench.systems.KafkaRoundTrip;
import dev.oltpmesh.bench.systems.MeshHops;
import dev.oltpmesh.bench.systems.MeshLoad;
import dev.oltpmesh.bench.systems.PostgresDirect;
import dev.oltpmesh.bench.systems.ShardingSphereLoad;
import dev.oltpmesh.cluster.MeshCluster;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.util.FileSystemUtils;
import tools.jackson.databind.JsonNode;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * {@code ./mesh bench [--quick]} (its options: {@link BenchCommand}): one run, one machine, one row
 * shape, every system side by side; writes {@code latest.json}, {@code latest.md} and {@code latest.png}
 * to the results folder.
 */
public final class Benchmark {

    private static final Logger log = LoggerFactory.getLogger(Benchmark.class);
    private static final int PEERS = 3;

    private final Plan plan;
    private final Map<String, Object> results = new LinkedHashMap<>();
    private final Payment.Generator rows = new Payment.Generator(20261123L, Plan.ACCOUNTS);

    private Benchmark(Plan plan) {
        this.plan = plan;
    }

    /** Exits when done: the cluster and its clients leave threads behind that would keep the JVM alive. */
    public static void main(String[] args) {
        System.exit(BenchCommand.commandLine(Benchmark::run).execute(args));
    }

    private static void run(BenchCommand.Options options) throws Exception {
        long started = System.nanoTime();
        Benchmark benchmark = new Benchmark(options.quick() ? Plan.quickPlan() : Plan.fullPlan());
        switch (options.mode()) {
            case MESH_WRITES -> benchmark.meshWritesOnly(false);
            case MESH_WRITES_AFTER_MOVE -> benchmark.meshWritesOnly(true);
            case MESH_LATENCY -> benchmark.meshLatencyOnly();
            case REPORT -> {
                benchmark.run();
                benchmark.results.put("durationSeconds", (System.nanoTime() - started) / 1_000_000_000L);
                Report.write(benchmark.results, options.out());
                log.info("results in {}", options.out().toAbsolutePath());
            }
        }
    }

    /**
     * Only the mesh's write rounds and the CPU table of the last one, logged: a few minutes to see
     * what a change to the write path does, without the other systems and phases.
     */
    private void meshWritesOnly(boolean afterMove) throws Exception {
        Path data = Files.createTempDirectory("mesh-bench-");
        cleanUpLater(data);
        try (MeshCluster cluster = MeshCluster.start(data, PEERS, afterMove ? 1 : 0, 0)) {
            MeshLoad mesh = new MeshLoad(cluster);
            List<String> roundTables = new ArrayList<>(List.of("bench_warmup"));
            for (int round = 1; round < plan.rounds(); round++) {
                roundTables.add("bench_round_" + round);
            }
            mesh.defineTables(roundTables);
            List<List<Payment>> warmUp = batches(plan.rows());
            List<List<Payment>> load = batches(plan.rows());
            mesh.write(plan, "bench_warmup", warmUp);
            if (afterMove) {
                mesh.write(plan, MeshLoad.TABLE, batches(plan.rows()));
                log.info("shard move: {}", shardMove(cluster, mesh));
            }
            for (int round = 1; round <= plan.rounds(); round++) {
                boolean last = round == plan.rounds();
                CpuProfile profile = last ? CpuProfile.start(-1) : null;
                MeshLoad.Throughput throughput = mesh.write(plan, last ? MeshLoad.TABLE : "bench_round_" + round, load);
                log.info("round {}: accepted {} rows/s, committed {} rows/s", round,
                        Math.round(throughput.acceptedRowsPerSecond()), Math.round(throughput.committedRowsPerSecond()));
                if (profile != null) {
                    log.info("CPU: {}", profile.stop(load.stream().mapToLong(List::size).sum()));
                }
            }
        }
    }

    /**
     * Only the mesh's commit latency at the latency rate, one-row and over several peers, with the
     * hops of each, logged: a couple of minutes to see what a change to the commit path does.
     */
    private void meshLatencyOnly() throws Exception {
        Path data = Files.createTempDirectory("mesh-bench-");
        cleanUpLater(data);
        try (MeshCluster cluster = MeshCluster.start(data, PEERS, 0, 0)) {
            MeshLoad mesh = new MeshLoad(cluster);
            mesh.defineTables(List.of("bench_warmup"));
            mesh.write(plan, "bench_warmup", batches(plan.rows()));
            for (int peers : List.of(1, 4)) {
                Warm.up(peers + "-row transactions", plan.warmUpPasses(),
                        seconds -> mesh.committedLatency(plan.latencyRate(), seconds, peers, rows));
                Quiet.await(peers + "-row transactions");
                MeshLoad.Committed committed = mesh.committedLatency(plan.latencyRate(), plan.latencySeconds(), peers,
                        rows);
                log.info("{}-row transactions: {}", peers, latency(committed, plan.latencyRate()));
                log.info("hops: {}", MeshHops.of(cluster.kafkaClient("operator"), committed.transactions(), peers > 1));
            }
        }
    }

    private void run() throws Exception {
        results.put("machine", Report.machine());
        results.put("plan", Map.of("mode", plan.quick() ? "quick" : "full", "rows", plan.rows(),
                "rounds", plan.rounds(), "rowsPerTx", plan.rowsPerTx(), "clients", plan.clients(), "peers", PEERS));
        Map<String, Object> systems = new LinkedHashMap<>();
        results.put("systems", systems);
        // As many rows again before measuring: on two cores the JIT compiler competes with the load for
        // a long while, and a short warm-up measured the compiler (a fully warm JVM commits several
        // times more rows/s through the mesh than one that has seen 10k rows).
        List<List<Payment>> warmUp = batches(plan.rows());
        List<List<Payment>> load = batches(plan.rows());
        List<Payment> keys = new ArrayList<>();
        for (int i = 0; i < load.size(); i += 7) {
            keys.add(load.get(i).get(i % plan.rowsPerTx()));
        }

        Map<String, List<Double>> rounds = new LinkedHashMap<>();
        Path data = Files.createTempDirectory("mesh-bench-");
        try (PostgresDirect postgres = new PostgresDirect(plan.clients());
             MeshCluster cluster = MeshCluster.start(data, PEERS, 1, 0)) {
            cleanUpLater(data);
            results.put("versions", Report.versions(cluster.peerJdbcUrl("peer-1")));
            List<String> shardUrls = cluster.peerIds().stream().map(cluster::peerJdbcUrl).toList();
            try (KafkaProducerLoad kafka = new KafkaProducerLoad(cluster.kafkaClient("operator"));
                 ShardingSphereLoad shardingSphere = new ShardingSphereLoad(shardUrls, plan.clients())) {
                MeshLoad mesh = new MeshLoad(cluster);
                List<String> roundTables = new ArrayList<>(List.of("bench_warmup"));
                for (int round = 1; round < plan.rounds(); round++) {
                    roundTables.add("bench_round_" + round);
                }
                mesh.defineTables(roundTables);
                step("warm-up of every system");
                postgres.warmUp(plan, warmUp);
                kafka.warmUp(plan, warmUp);
                shardingSphere.warmUp(plan, warmUp);
                mesh.write(plan, "bench_warmup", warmUp);
                // Rounds take turns, so a slow moment of the machine does not fall on one system only;
                // the last round leaves the rows the queries read.
                for (int round = 1; round <= plan.rounds(); round++) {
                    step("round " + round + " of " + plan.rounds());
                    record(rounds, "postgres-direct", postgres.rowsPerSecond(plan, load));
                    record(rounds, "kafka-producer", kafka.rowsPerSecond(plan, load));
                    record(rounds, "shardingsphere-jdbc", shardingSphere.rowsPerSecond(plan, load));
                    // The last round's mesh writes are profiled: where each committed row's CPU goes.
                    CpuProfile profile = null;
                    if (round == plan.rounds()) {
                        shardingSphere.settle();
                        profile = CpuProfile.start(postgres.serverPid());
                    }
                    MeshLoad.Throughput throughput = mesh.write(plan,
                            round == plan.rounds() ? MeshLoad.TABLE : "bench_round_" + round, load);
                    if (profile != null) {
                        results.put("cpu", profile.stop(load.stream().mapToLong(List::size).sum()));
                    }
                    record(rounds, "mesh-accepted", throughput.acceptedRowsPerSecond());
                    record(rounds, "mesh-committed", throughput.committedRowsPerSecond());
                }
                rounds.forEach((system, values) -> systems.put(system, Report.median(values)));
                step("baseline as measured before it had a pool");
                results.put("baselinesBefore", Map.of("postgres-direct-unpooled",
                        postgres.rowsPerSecondUnpooled(plan, load)));

                step("latency.singleRowCommitted");
                Map<String, Object> latency = new LinkedHashMap<>();
                Map<String, Object> hops = new LinkedHashMap<>();
                Map<String, Object> quiet = new LinkedHashMap<>(Map.of("busyBelow", Quiet.BUSY,
                        "atMostSeconds", Quiet.AT_MOST.toSeconds()));
                Map<String, Object> warmUps = new LinkedHashMap<>(Map.of("compilingBelow", Warm.COMPILING_BELOW,
                        "atMostSeconds", plan.warmUpPasses() * Warm.PASS_SECONDS));
                warmUps.put("singleRowCommitted", Warm.up("one-row transactions", plan.warmUpPasses(),
                        seconds -> mesh.committedLatency(plan.latencyRate(), seconds, 1, rows)));
                quiet.put("singleRowCommitted", Quiet.await("one-row transactions"));
                MeshLoad.Committed single = mesh.committedLatency(plan.latencyRate(), plan.latencySeconds(), 1, rows);
                latency.put("singleRowCommitted", latency(single, plan.latencyRate()));
                step("latency.multiPeerCommitted");
                warmUps.put("multiPeerCommitted", Warm.up("four-row transactions", plan.warmUpPasses(),
                        seconds -> mesh.committedLatency(plan.latencyRate(), seconds, 4, rows)));
                quiet.put("multiPeerCommitted", Quiet.await("four-row transactions"));
                MeshLoad.Committed multi = mesh.committedLatency(plan.latencyRate(), plan.latencySeconds(), 4, rows);
                latency.put("multiPeerCommitted", latency(multi, plan.latencyRate()));
                step("latency of the baselines");
                KafkaRoundTrip roundTrip = new KafkaRoundTrip(cluster.kafkaClient("operator"));
                // Their paths are short and mostly warm from the write rounds already: a pass or two each.
                warmUps.put("baselines", Warm.up("the baselines' latency", 2, seconds -> {
                    postgres.committedLatency(plan.latencyRate(), seconds, rows);
                    roundTrip.measure(plan.latencyRate(), seconds, false);
                    roundTrip.measure(plan.latencyRate(), seconds, true);
                }));
                quiet.put("baselines", Quiet.await("the baselines' latency"));
                latency.put("postgresDirectSingleRow", latency(postgres.committedLatency(plan.latencyRate(),
                        plan.latencySeconds(), rows), plan.latencyRate()));
                latency.put("kafkaRoundTrip", latency(roundTrip.measure(plan.latencyRate(), plan.latencySeconds(),
                        false), plan.latencyRate()));
                latency.put("kafkaTransactionalRoundTrip", latency(roundTrip.measure(plan.latencyRate(),
                        plan.latencySeconds(), true), plan.latencyRate()));
                results.put("latency", latency);
                results.put("latencyWarmUp", warmUps);
                results.put("latencyQuiet", quiet);
                step("hops of the committed transactions");
                hops.put("singleRowCommitted", MeshHops.of(cluster.kafkaClient("operator"), single.transactions(), false));
                hops.put("multiPeerCommitted", MeshHops.of(cluster.kafkaClient("operator"), multi.transactions(), true));
                results.put("hops", hops);

                step("queries");
                results.put("query", queries(mesh, shardingSphere, keys));
                step("move: a peer joins and is filled with a replicated table");
                results.put("move", backfill(cluster, mesh, load));
                step("move: shards of the measured table move to the peer that joined");
                results.put("shardMove", shardMove(cluster, mesh));
                if (plan.querySizes().length > 0) {
                    Map<String, Object> bySize = new LinkedHashMap<>();
                    for (int size : plan.querySizes()) {
                        topUp(mesh, shardingSphere, size, keys);
                        bySize.put(Integer.toString(size), queries(mesh, shardingSphere, keys));
                    }
                    results.put("queryBySize", bySize);
                }
            }
        }
        if (plan.scaling()) {
            Map<String, Object> scaling = new LinkedHashMap<>();
            for (int peers = 1; peers <= 4; peers++) {
                step("scaling over " + peers + " peer(s)");
                Path scaled = Files.createTempDirectory("mesh-bench-scaling-");
                cleanUpLater(scaled);
                try (MeshCluster cluster = MeshCluster.start(scaled, peers, 0)) {
                    MeshLoad mesh = new MeshLoad(cluster);
                    mesh.defineTables(List.of("bench_warmup"));
                    mesh.write(plan, "bench_warmup", warmUp);
                    scaling.put(Integer.toString(peers), mesh.write(plan, MeshLoad.TABLE, load)
                            .committedRowsPerSecond());
                }
            }
            results.put("scaling", Map.of("committedRowsPerSecByPeers", scaling));
        }
    }

    /**
     * A replicated table of the run's rows on the three peers, then the spare peer added: its backfill
     * copies them while one-row transactions keep coming at the latency rate. Copy rate from the
     * registration to the verified end; write latency during it, against the same load just before.
     */
    private Map<String, Object> backfill(MeshCluster cluster, MeshLoad mesh, List<List<Payment>> load)
            throws Exception {
        mesh.defineReplicated("bench_replica");
        mesh.write(plan, "bench_replica", load);
        String spare = cluster.spareIds().get(0);
        // Every peer done with the replicated load (each holds every row: two-phase commits finished),
        // then the same one-row load as during the backfill: the baseline.
        long expected = (long) load.stream().mapToInt(List::size).sum() * cluster.peerIds().size();
        long settled = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
        while (mesh.rowsStored("bench_replica") < expected && System.nanoTime() < settled) {
            Thread.sleep(200);
        }
        return measureCopy(mesh, () -> {
            mesh.addPeer(spare);
            return () -> {
                JsonNode move = mesh.backfill("bench_replica", spare);
                return switch (move.get("state").asString()) {
                    case "DONE" -> move.get("rowsCopied").asLong();
                    case "FAILED" -> throw new IllegalStateException("the backfill failed: " + move);
                    default -> null;
                };
            };
        });
    }

    /**
     * A quarter of the measured HASH table's shards moved to the peer that joined: the copy rate from
     * the change to every copy verified (LIVE; the purge a grace later is not counted), and one-row
     * write latency meanwhile against the same load just before.
     */
    private Map<String, Object> shardMove(MeshCluster cluster, MeshLoad mesh) throws Exception {
        String target = cluster.spareIds().get(0);
        int shards = 4;
        Map<String, Object> figures = measureCopy(mesh, () -> {
            List<Long> jobs = mesh.moveShards(MeshLoad.TABLE, target, shards);
            return () -> {
                List<JsonNode> moves = mesh.moves(jobs);
                if (moves.stream().anyMatch(m -> m.get("state").asString().equals("FAILED"))) {
                    throw new IllegalStateException("a move failed: " + moves);
                }
                return moves.stream().allMatch(m -> List.of("LIVE", "PURGING", "DONE").contains(m.get("state").asString()))
                        ? moves.stream().mapToLong(m -> m.get("rowsCopied").asLong()).sum() : null;
            };
        });
        figures.put("shards", shards);
        return figures;
    }

    /** How far a copy is: the rows it copied once done, null while it goes on; throws if it failed. */
    @FunctionalInterface
    private interface CopyProgress {
        Long copiedOnceDone() throws Exception;
    }

    /**
     * Starts a copy while one-row transactions come at the latency rate, and measures its rate (from
     * its start to its end) and the write latency meanwhile, against the same load just before.
     */
    private Map<String, Object> measureCopy(MeshLoad mesh, Callable<CopyProgress> start) throws Exception {
        MeshLoad.Committed before = mesh.committedLatency(plan.latencyRate(), plan.latencySeconds(), 1, rows);
        ExecutorService writers = Executors.newSingleThreadExecutor();
        try {
            long started = System.nanoTime();
            CopyProgress progress = start.call();
            Future<MeshLoad.Committed> during = writers.submit(() ->
                    mesh.committedLatency(plan.latencyRate(), plan.latencySeconds(), 1, rows));
            long deadline = started + TimeUnit.MINUTES.toNanos(10);
            Long copied;
            while ((copied = progress.copiedOnceDone()) == null) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the copy did not finish within 10 minutes");
                }
                Thread.sleep(100);
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            Map<String, Object> figures = new LinkedHashMap<>();
            figures.put("rowsCopied", copied);
            figures.put("seconds", Math.round(seconds * 10) / 10.0);
            figures.put("rowsPerSec", copied / seconds);
            figures.put("writeLatencyBefore", latency(before, plan.latencyRate()));
            figures.put("writeLatencyDuring", latency(during.get(), plan.latencyRate()));
            return figures;
        } finally {
            writers.shutdownNow();
        }
    }

    private Map<String, Object> queries(MeshLoad mesh, ShardingSphereLoad shardingSphere, List<Payment> keys)
            throws Exception {
        Map<String, Object> query = new LinkedHashMap<>();
        Map<String, Object> meshQuery = new LinkedHashMap<>(Report.percentiles(mesh.topHundred(plan.queryRuns())));
        meshQuery.put("point", Report.percentiles(mesh.point(plan.queryRuns(), keys)));
        meshQuery.put("rows", mesh.rowsStored(MeshLoad.TABLE));
        query.put("mesh", meshQuery);
        Map<String, Object> ssQuery = new LinkedHashMap<>(Report.percentiles(shardingSphere.topHundred(plan.queryRuns())));
        ssQuery.put("point", Report.percentiles(shardingSphere.point(plan.queryRuns(), keys)));
        query.put("shardingsphere-jdbc", ssQuery);
        return query;
    }

    /** Brings both tables to about {@code size} rows with the same new rows. */
    private void topUp(MeshLoad mesh, ShardingSphereLoad shardingSphere, int size, List<Payment> keys)
            throws Exception {
        long missing = size - mesh.rowsStored(MeshLoad.TABLE);
        if (missing <= 0) {
            return;
        }
        step("loading both to " + size + " rows");
        List<List<Payment>> more = batches((int) missing);
        shardingSphere.load(plan, more);
        mesh.write(plan, MeshLoad.TABLE, more);
    }

    private List<List<Payment>> batches(int count) {
        List<List<Payment>> batches = new ArrayList<>();
        for (int i = 0; i < count; i += plan.rowsPerTx()) {
            List<Payment> batch = new ArrayList<>(plan.rowsPerTx());
            for (int j = i; j < Math.min(count, i + plan.rowsPerTx()); j++) {
                batch.add(rows.next());
            }
            batches.add(batch);
        }
        return batches;
    }

    private static void record(Map<String, List<Double>> rounds, String system, double rowsPerSecond) {
        log.info("{}: {} rows/s", system, rowsPerSecond);
        rounds.computeIfAbsent(system, s -> new ArrayList<>()).add(rowsPerSecond);
    }

    /** A run's clusters hold gigabytes of rows nobody needs afterwards. */
    private static void cleanUpLater(Path dir) {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                FileSystemUtils.deleteRecursively(dir);
            } catch (java.io.IOException e) {
                log.warn("could not delete {}: {}", dir, e.getMessage());
            }
        }));
    }

    private static void step(String name) {
        log.info("=== {}", name);
    }

    private static Map<String, Object> latency(MeshLoad.Committed committed, int offeredPerSecond) {
        return latency(new OpenLoop.Result(committed.latencies(), committed.txPerSecond()), offeredPerSecond);
    }

    private static Map<String, Object> latency(OpenLoop.Result result, int offeredPerSecond) {
        Map<String, Object> figures = new LinkedHashMap<>(Report.percentiles(result.latencies()));
        figures.put("txPerSec", result.completedPerSecond());
        figures.put("offeredPerSec", offeredPerSecond);
        return figures;
    }
}
