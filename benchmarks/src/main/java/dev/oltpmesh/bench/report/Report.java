package dev.oltpmesh.bench.report;

import dev.oltpmesh.bench.CpuProfile;
import dev.oltpmesh.bench.Latencies;
import org.apache.kafka.common.utils.AppInfoParser;
import org.springframework.boot.SpringBootVersion;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/** The results of a run as JSON, a Markdown report with the ratios and goals, and a chart. */
public final class Report {

    private static final JsonMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    private Report() {
    }

    public static Map<String, Object> machine() {
        Map<String, Object> machine = new LinkedHashMap<>();
        machine.put("cores", Runtime.getRuntime().availableProcessors());
        var os = ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.OperatingSystemMXBean sun) {
            machine.put("memoryGiB", Math.round(sun.getTotalMemorySize() / (1024.0 * 1024 * 1024) * 10) / 10.0);
        }
        machine.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                + System.getProperty("os.arch"));
        machine.put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
        machine.put("jvmMaxHeapGiB", Math.round(Runtime.getRuntime().maxMemory() / (1024.0 * 1024 * 1024) * 10) / 10.0);
        machine.put("note", "every process of the run (Kafka, 4 PostgreSQL servers, the services and the load "
                + "generators) shares these cores");
        machine.put("date", Instant.now().toString());
        return machine;
    }

    public static Map<String, Object> versions(String postgresJdbcUrl) throws Exception {
        Map<String, Object> versions = new LinkedHashMap<>();
        Properties built = new Properties();
        try (InputStream in = Report.class.getResourceAsStream("/bench-versions.properties")) {
            built.load(in);
        }
        versions.put("oltpMesh", built.getProperty("oltpMesh"));
        versions.put("springBoot", SpringBootVersion.getVersion());
        versions.put("kafka", AppInfoParser.getVersion());
        try (Connection c = DriverManager.getConnection(postgresJdbcUrl);
             ResultSet rs = c.createStatement().executeQuery("show server_version")) {
            rs.next();
            versions.put("postgresql", rs.getString(1));
        }
        versions.put("shardingsphereJdbc", built.getProperty("shardingsphere"));
        versions.put("jfreechart", built.getProperty("jfreechart"));
        return versions;
    }

    /** A system's throughput: the median of its rounds, with every round. */
    public static Map<String, Object> median(List<Double> rounds) {
        List<Double> sorted = new ArrayList<>(rounds);
        sorted.sort(null);
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("rowsPerSec", sorted.get(sorted.size() / 2));
        result.put("rounds", rounds);
        return result;
    }

    public static Map<String, Object> percentiles(Latencies latencies) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("p50Ms", latencies.percentileMs(50));
        p.put("p99Ms", latencies.percentileMs(99));
        p.put("runs", latencies.count());
        return p;
    }

    /** Writes {@code latest.*}, and the same under the run's mode ({@code quick.*} or {@code full.*}). */
    @SuppressWarnings("unchecked")
    public static void write(Map<String, Object> results, Path out) throws IOException {
        results.put("goals", goals(results));
        Files.createDirectories(out);
        String mode = String.valueOf(((Map<String, Object>) results.get("plan")).get("mode"));
        for (String name : List.of("latest", mode)) {
            JSON.writeValue(out.resolve(name + ".json").toFile(), results);
            Chart.write(results, out.resolve(name + ".png"));
            Files.writeString(out.resolve(name + ".md"), markdown(results, name + ".png"));
        }
    }

    static double number(Map<String, Object> results, String... path) {
        Object node = results;
        for (String key : path) {
            if (!(node instanceof Map<?, ?> map) || !map.containsKey(key)) {
                return Double.NaN;
            }
            node = map.get(key);
        }
        return node instanceof Number n ? n.doubleValue() : Double.NaN;
    }

    private static List<Map<String, Object>> goals(Map<String, Object> r) {
        List<Map<String, Object>> goals = new ArrayList<>();
        double committed = number(r, "systems", "mesh-committed", "rowsPerSec");
        goal(goals, "mesh-committed ≥ 0.5 × postgres-direct (pooled)",
                committed / number(r, "systems", "postgres-direct", "rowsPerSec"), 0.5, true);
        goal(goals, "mesh-committed ≥ 1.5 × shardingsphere-jdbc",
                committed / number(r, "systems", "shardingsphere-jdbc", "rowsPerSec"), 1.5, true);
        goal(goals, "mesh-accepted ≥ 0.3 × kafka-producer", number(r, "systems", "mesh-accepted", "rowsPerSec")
                / number(r, "systems", "kafka-producer", "rowsPerSec"), 0.3, true);
        goal(goals, "one-row commit p50 ≤ 15 ms (one peer, open loop)",
                number(r, "latency", "singleRowCommitted", "p50Ms"), 15, false);
        goal(goals, "one-row commit p99 ≤ 50 ms (one peer, open loop)",
                number(r, "latency", "singleRowCommitted", "p99Ms"), 50, false);
        goal(goals, "top-100 query p50 ≤ 1.5 × ShardingSphere-JDBC", number(r, "query", "mesh", "p50Ms")
                / number(r, "query", "shardingsphere-jdbc", "p50Ms"), 1.5, false);
        if (r.get("queryBySize") instanceof Map<?, ?> bySize) {
            for (Object size : bySize.keySet()) {
                @SuppressWarnings("unchecked")
                Map<String, Object> sized = (Map<String, Object>) bySize;
                goal(goals, "top-100 query p50 ≤ 1.5 × ShardingSphere-JDBC at " + size + " rows",
                        number(sized, size.toString(), "mesh", "p50Ms")
                                / number(sized, size.toString(), "shardingsphere-jdbc", "p50Ms"), 1.5, false);
            }
        }
        goal(goals, "point query by key p50 ≤ 2 ms", number(r, "query", "mesh", "point", "p50Ms"), 2, false);
        if (!Double.isNaN(number(r, "move", "rowsPerSec"))) {
            goal(goals, "a peer's backfill copies ≥ 0.5 × postgres-direct", number(r, "move", "rowsPerSec")
                    / number(r, "systems", "postgres-direct", "rowsPerSec"), 0.5, true);
            goal(goals, "one-row commit p99 during a backfill ≤ 2 × before", number(r, "move", "writeLatencyDuring", "p99Ms")
                    / number(r, "move", "writeLatencyBefore", "p99Ms"), 2.0, false);
        }
        if (!Double.isNaN(number(r, "shardMove", "rowsPerSec"))) {
            goal(goals, "a shard move copies ≥ 0.5 × postgres-direct", number(r, "shardMove", "rowsPerSec")
                    / number(r, "systems", "postgres-direct", "rowsPerSec"), 0.5, true);
            goal(goals, "one-row commit p99 during a shard move ≤ 2 × before",
                    number(r, "shardMove", "writeLatencyDuring", "p99Ms")
                            / number(r, "shardMove", "writeLatencyBefore", "p99Ms"), 2.0, false);
        }
        return goals;
    }

    /** A copy's section: what was copied, how fast, and one-row write latency during it against before. */
    private static void copyParagraph(StringBuilder md, Map<String, Object> r, String key, double pg, String title,
                                      String what) {
        double rate = number(r, key, "rowsPerSec");
        if (Double.isNaN(rate)) {
            return;
        }
        md.append(String.format(Locale.ROOT, "%n## %s%n%n%s in %.1f s: %,.0f rows/s, %.2f × postgres-direct. "
                        + "One-row transactions at %.0f/s meanwhile: p50 %.1f ms, p99 %.1f ms (before: %.1f / %.1f ms).%n",
                title, what, number(r, key, "seconds"), rate, rate / pg, number(r, key, "writeLatencyDuring", "offeredPerSec"),
                number(r, key, "writeLatencyDuring", "p50Ms"), number(r, key, "writeLatencyDuring", "p99Ms"),
                number(r, key, "writeLatencyBefore", "p50Ms"), number(r, key, "writeLatencyBefore", "p99Ms")));
    }

    private static void goal(List<Map<String, Object>> goals, String name, double value, double target,
                             boolean atLeast) {
        Map<String, Object> goal = new LinkedHashMap<>();
        goal.put("goal", name);
        goal.put("value", Math.round(value * 100) / 100.0);
        goal.put("target", target);
        goal.put("met", atLeast ? value >= target : value <= target);
        goals.add(goal);
    }

    @SuppressWarnings("unchecked")
    private static String markdown(Map<String, Object> r, String chart) throws IOException {
        StringBuilder md = new StringBuilder("# OLTP Mesh benchmark\n\n");
        Map<String, Object> machine = (Map<String, Object>) r.get("machine");
        Map<String, Object> plan = (Map<String, Object>) r.get("plan");
        md.append(String.format(Locale.ROOT, "Run of %s, `%s` mode, %s s. Machine: %s cores, %s GiB, %s, %s. "
                        + "Every process of the run shares these cores: Kafka, four PostgreSQL servers, the services "
                        + "and the load generators.%n%n", machine.get("date"), plan.get("mode"), r.get("durationSeconds"),
                machine.get("cores"), machine.get("memoryGiB"), machine.get("os"), machine.get("java")));
        md.append("Versions: ").append(r.get("versions")).append(".\n\n");
        md.append(String.format(Locale.ROOT, "Workload: %s payment-like rows per system (text account, uuid id, "
                        + "bigint qty, numeric price, timestamp; HASH on account), %s rows per transaction, batch or "
                        + "event, %s concurrent writers, each system after a warm-up of as many rows (not kept for the queries).%n%n",
                plan.get("rows"), plan.get("rowsPerTx"), plan.get("clients")));
        md.append("![throughput and latency](").append(chart).append(")\n\n## Throughput\n\nThe median of ")
                .append(plan.get("rounds")).append(" rounds; the systems take turns in each round.\n\n")
                .append("| system | rows/s | × postgres-direct | rounds |\n|---|---:|---:|---|\n");
        double pg = number(r, "systems", "postgres-direct", "rowsPerSec");
        Map<String, Object> systems = (Map<String, Object>) r.get("systems");
        for (String system : systems.keySet()) {
            double rate = number(r, "systems", system, "rowsPerSec");
            Object each = ((Map<String, Object>) systems.get(system)).get("rounds");
            md.append(String.format(Locale.ROOT, "| `%s` | %,.0f | %.2f | %s |%n", system, rate, rate / pg,
                    each instanceof List<?> list ? list.stream().map(v -> String.format(Locale.ROOT, "%,.0f",
                            ((Number) v).doubleValue())).collect(java.util.stream.Collectors.joining(" · ")) : ""));
        }
        baselines(md, r);
        cpuTable(md, r);
        latencyTable(md, r);
        hopTable(md, r, "singleRowCommitted", "one-row transactions (one peer, one phase)");
        hopTable(md, r, "multiPeerCommitted", "four-row transactions over two or three peers (two-phase commit)");
        copyParagraph(md, r, "move", pg, "A peer joining", String.format(Locale.ROOT, "A fourth peer added to "
                + "the mesh is filled with a replicated table of %,.0f rows (a backfill: copied, verified, then read)",
                number(r, "move", "rowsCopied")));
        copyParagraph(md, r, "shardMove", pg, "Shards moving", String.format(Locale.ROOT, "%.0f shards of the "
                        + "measured table moved to the peer that joined: %,.0f rows copied and verified (the source purges "
                        + "them a grace later, not counted)", number(r, "shardMove", "shards"),
                number(r, "shardMove", "rowsCopied")));
        md.append(String.format(Locale.ROOT, "%n## Queries (%,.0f rows over 3 peers)%n%n", number(r, "query", "mesh", "rows")));
        queryTable(md, r, "query");
        if (r.containsKey("queryBySize")) {
            for (String size : ((Map<String, Object>) r.get("queryBySize")).keySet()) {
                md.append(String.format(Locale.ROOT, "%nAt %s rows:%n%n", size));
                queryTable(md, (Map<String, Object>) r.get("queryBySize"), size);
            }
        }
        if (r.containsKey("scaling")) {
            md.append("\n## Committed rows/s by number of peers\n\n| peers | rows/s |\n|---:|---:|\n");
            ((Map<String, Object>) ((Map<String, Object>) r.get("scaling")).get("committedRowsPerSecByPeers"))
                    .forEach((peers, rate) -> md.append(String.format(Locale.ROOT, "| %s | %,.0f |%n", peers,
                            ((Number) rate).doubleValue())));
        }
        md.append("\n## Goals\n\n| goal | measured | target | met |\n|---|---:|---:|---|\n");
        for (Map<String, Object> goal : (List<Map<String, Object>>) r.get("goals")) {
            md.append(String.format(Locale.ROOT, "| %s | %s | %s | %s |%n", goal.get("goal"), goal.get("value"),
                    goal.get("target"), Boolean.TRUE.equals(goal.get("met")) ? "yes" : "**no**"));
        }
        Path notes = Path.of("benchmarks/profile-notes.md");
        if (Files.exists(notes)) {
            md.append("\n").append(Files.readString(notes));
        }
        return md.toString();
    }

    /** What each system measured against is, set up as its users would set it up. */
    private static void baselines(StringBuilder md, Map<String, Object> r) {
        md.append("\n## Baselines\n\n")
                .append("- `postgres-direct`: one PostgreSQL server of the peers' build (fsync, synchronous commit, "
                        + "full page writes on), a Hikari pool of as many connections as writers, one prepared insert "
                        + "per batch with `reWriteBatchedInserts`, one commit per batch.\n")
                .append("- `kafka-producer`: the mesh's own `TransactionSubmitted` events, serialized beforehand, "
                        + "produced to the run's broker with acks=all and idempotence, linger 1 ms.\n")
                .append("- `shardingsphere-jdbc`: ShardingSphere-JDBC over the three peers' PostgreSQL servers, "
                        + "sharded on account, a Hikari pool per shard, batched inserts.\n");
        double unpooled = number(r, "baselinesBefore", "postgres-direct-unpooled");
        if (!Double.isNaN(unpooled)) {
            double pooled = number(r, "systems", "postgres-direct", "rowsPerSec");
            md.append(String.format(Locale.ROOT, "%nBaseline changed: `postgres-direct` opened a new connection for "
                            + "every batch before it had a pool: %,.0f rows/s in this run, against %,.0f rows/s pooled "
                            + "(%.2f ×). mesh-committed is %.2f × the old baseline, %.2f × the new one.%n",
                    unpooled, pooled, pooled / unpooled, number(r, "systems", "mesh-committed", "rowsPerSec") / unpooled,
                    number(r, "systems", "mesh-committed", "rowsPerSec") / pooled));
        }
    }

    /**
     * CPU per 1,000 committed rows by component in the profiled mesh round, and what throughput that
     * would allow if each peer (with its PostgreSQL), the gateway, the router and the broker each had a
     * machine of this one's cores: the busiest machine bounds it. CPU no component could be told from
     * (Kafka clients, HTTP servers, the JVM) is shared out in proportion to the services' own.
     */
    @SuppressWarnings("unchecked")
    private static void cpuTable(StringBuilder md, Map<String, Object> r) {
        if (!(r.get("cpu") instanceof Map<?, ?> cpu) || !(cpu.get("cpuMsPer1000Rows") instanceof Map<?, ?> costs)) {
            return;
        }
        md.append(String.format(Locale.ROOT, "%n## Where the CPU goes%n%nThe last round's mesh writes (%,.0f rows "
                        + "in %.1f s), profiled: the JVM's %.1f CPU-seconds split by Java Flight Recorder's %,.0f "
                        + "execution samples (each counted for the service whose code is nearest the top of its stack; "
                        + "CPU outside Java code, such as garbage collection, shared out in proportion), the peers' and "
                        + "the config service's PostgreSQL's %.1f CPU-seconds from `/proc`.%n%n"
                        + "| component | CPU ms per 1,000 committed rows |%n"
                        + "|---|---:|%n", number(r, "cpu", "rows"), number(r, "cpu", "wallSeconds"),
                number(r, "cpu", "jvmCpuSeconds"), number(r, "cpu", "samples"), number(r, "cpu", "postgresCpuSeconds")));
        double total = 0;
        for (Map.Entry<?, ?> cost : costs.entrySet()) {
            double ms = ((Number) cost.getValue()).doubleValue();
            total += ms;
            md.append(String.format(Locale.ROOT, "| %s | %.1f |%n", cost.getKey(), ms));
        }
        md.append(String.format(Locale.ROOT, "| **all** | **%.1f** |%n", total));
        if (cpu.get("allocatedMbPer1000Rows") instanceof Map<?, ?> allocated) {
            md.append("\nMemory: what each component allocates per 1,000 committed rows (JFR allocation samples), and ")
                    .append(String.format(Locale.ROOT, "the heap the one JVM of the services, the broker and the load "
                            + "generators keeps after a full collection at the end of the round: %.0f MB. The services "
                            + "share that JVM here, so a heap per service is not told apart; each runs in its own "
                            + "process in compose and Kubernetes.%n%n| component | MB allocated per 1,000 rows |%n"
                            + "|---|---:|%n", number(r, "cpu", "heapUsedAfterGcMb")));
            allocated.forEach((component, mb) -> md.append(String.format(Locale.ROOT, "| %s | %.1f |%n", component,
                    ((Number) mb).doubleValue())));
        }
        Map<String, Double> ms = new LinkedHashMap<>();
        costs.forEach((k, v) -> ms.put((String) k, ((Number) v).doubleValue()));
        int peers = (int) number(r, "plan", "peers");
        double cores = number(r, "machine", "cores");
        double services = ms.getOrDefault("gateway", 0.0) + ms.getOrDefault("router", 0.0)
                + ms.getOrDefault("peer", 0.0) + ms.getOrDefault("config", 0.0);
        double spread = services <= 0 ? 1 : 1 + (ms.getOrDefault(CpuProfile.KAFKA_CLIENTS, 0.0)
                + ms.getOrDefault(CpuProfile.OTHER, 0.0)) / services;
        Map<String, Double> machines = new LinkedHashMap<>();
        machines.put("a peer and its PostgreSQL",
                (ms.getOrDefault("peer", 0.0) * spread + ms.getOrDefault("PostgreSQL", 0.0)) / peers);
        machines.put("gateway", ms.getOrDefault("gateway", 0.0) * spread);
        machines.put("router", ms.getOrDefault("router", 0.0) * spread);
        machines.put("broker", ms.getOrDefault("broker", 0.0));
        md.append(String.format(Locale.ROOT, "%nOn paper, each of these with %.0f cores of its own (CPU ms per 1,000 "
                + "rows on it → the rows/s it could take):%n%n| machine | CPU ms per 1,000 rows | rows/s |%n|---|---:|---:|%n",
                cores));
        String busiest = null;
        double bound = Double.MAX_VALUE;
        for (Map.Entry<String, Double> machine : machines.entrySet()) {
            double rate = machine.getValue() <= 0 ? Double.NaN : cores * 1000 / machine.getValue() * 1000;
            md.append(String.format(Locale.ROOT, "| %s | %.1f | %,.0f |%n", machine.getKey(), machine.getValue(), rate));
            if (!Double.isNaN(rate) && rate < bound) {
                bound = rate;
                busiest = machine.getKey();
            }
        }
        md.append(String.format(Locale.ROOT, "%nThe busiest would be %s: about %,.0f committed rows/s with %d peers, "
                + "against %,.0f measured here with everything on one machine.%n", busiest, bound, peers,
                number(r, "systems", "mesh-committed", "rowsPerSec")));
    }

    private static void latencyTable(StringBuilder md, Map<String, Object> r) {
        md.append(String.format(Locale.ROOT, "%n## Latency%n%nOffered at %.0f per second, open loop (each latency "
                        + "counts from when its request was due).", number(r, "latency", "singleRowCommitted",
                "offeredPerSec")));
        if (r.get("latencyQuiet") instanceof Map) {
            // Older results have no such entry: they were measured right after the write rounds.
            md.append(String.format(Locale.ROOT, " Each once the machine has digested the load before it (under "
                            + "%.0f%% busy for a second, %.0f s at most; waited %.0f s, %.0f s and %.0f s).",
                    number(r, "latencyQuiet", "busyBelow") * 100, number(r, "latencyQuiet", "atMostSeconds"),
                    number(r, "latencyQuiet", "singleRowCommitted"), number(r, "latencyQuiet", "multiPeerCommitted"),
                    number(r, "latencyQuiet", "baselines")));
        }
        if (r.get("latencyWarmUp") instanceof Map) {
            // Older results have none: their latencies partly measured the JIT compiler at work.
            md.append(String.format(Locale.ROOT, " Before each, its own workload ran unmeasured until the JIT "
                            + "compiler worked less than %.0f%% of a pass (%.0f s at most): one-row %.0f s (compiler "
                            + "%.0f%% in the last pass), four-row %.0f s (%.0f%%), baselines %.0f s (%.0f%%).",
                    number(r, "latencyWarmUp", "compilingBelow") * 100, number(r, "latencyWarmUp", "atMostSeconds"),
                    number(r, "latencyWarmUp", "singleRowCommitted", "seconds"),
                    number(r, "latencyWarmUp", "singleRowCommitted", "compilerShareOfLastPass") * 100,
                    number(r, "latencyWarmUp", "multiPeerCommitted", "seconds"),
                    number(r, "latencyWarmUp", "multiPeerCommitted", "compilerShareOfLastPass") * 100,
                    number(r, "latencyWarmUp", "baselines", "seconds"),
                    number(r, "latencyWarmUp", "baselines", "compilerShareOfLastPass") * 100));
        }
        md.append(String.format("%n%n| what | p50 | p99 | completed per s |%n|---|---:|---:|---:|%n"));
        Map<String, String> rows = new LinkedHashMap<>();
        rows.put("singleRowCommitted", "mesh: one-row transaction, `wait=committed` (one peer)");
        rows.put("multiPeerCommitted", "mesh: four-row transaction over 2–3 peers, `wait=committed` (two-phase)");
        rows.put("postgresDirectSingleRow", "postgres-direct: one-row insert and durable commit, pooled");
        rows.put("kafkaRoundTrip", "Kafka: produce (acks=all) → consume");
        rows.put("kafkaTransactionalRoundTrip", "Kafka: produce in a transaction → consume `read_committed`");
        rows.forEach((key, label) -> {
            if (!Double.isNaN(number(r, "latency", key, "p50Ms"))) {
                md.append(String.format(Locale.ROOT, "| %s | %.1f ms | %.1f ms | %.1f |%n", label,
                        number(r, "latency", key, "p50Ms"), number(r, "latency", key, "p99Ms"),
                        number(r, "latency", key, "txPerSec")));
            }
        });
    }

    /** Each hop of the latency phase's transactions, from the times their events were written. */
    @SuppressWarnings("unchecked")
    private static void hopTable(StringBuilder md, Map<String, Object> r, String key, String what) {
        if (!(r.get("hops") instanceof Map<?, ?> hops) || !(hops.get(key) instanceof Map<?, ?> path)
                || !(path.get("hops") instanceof Map<?, ?> steps)) {
            return;
        }
        md.append(String.format(Locale.ROOT, "%n### Where the time goes: %s%n%n%s transactions, from the client's "
                + "clock and the time each event was sent to Kafka by its service (record CreateTime, ms; a record "
                + "sent in a Kafka transaction is read once that commits), read back after the run.%n%n"
                + "| hop | p50 | p99 |%n|---|---:|---:|%n", what, path.get("transactions")));
        ((Map<String, Object>) steps).forEach((hop, figures) -> md.append(String.format(Locale.ROOT,
                "| %s | %.0f ms | %.0f ms |%n", hop, ((Number) ((Map<String, Object>) figures).get("p50Ms")).doubleValue(),
                ((Number) ((Map<String, Object>) figures).get("p99Ms")).doubleValue())));
    }

    private static void queryTable(StringBuilder md, Map<String, Object> r, String key) {
        md.append("| query | mesh p50 | mesh p99 | ShardingSphere-JDBC p50 | ShardingSphere-JDBC p99 | p50 ratio |\n")
                .append("|---|---:|---:|---:|---:|---:|\n");
        md.append(String.format(Locale.ROOT, "| top 100 by price, all peers | %.1f ms | %.1f ms | %.1f ms | %.1f ms | %.2f |%n",
                number(r, key, "mesh", "p50Ms"), number(r, key, "mesh", "p99Ms"),
                number(r, key, "shardingsphere-jdbc", "p50Ms"), number(r, key, "shardingsphere-jdbc", "p99Ms"),
                number(r, key, "mesh", "p50Ms") / number(r, key, "shardingsphere-jdbc", "p50Ms")));
        md.append(String.format(Locale.ROOT, "| one row by key | %.1f ms | %.1f ms | %.1f ms | %.1f ms | %.2f |%n",
                number(r, key, "mesh", "point", "p50Ms"), number(r, key, "mesh", "point", "p99Ms"),
                number(r, key, "shardingsphere-jdbc", "point", "p50Ms"),
                number(r, key, "shardingsphere-jdbc", "point", "p99Ms"),
                number(r, key, "mesh", "point", "p50Ms") / number(r, key, "shardingsphere-jdbc", "point", "p50Ms")));
    }
}
