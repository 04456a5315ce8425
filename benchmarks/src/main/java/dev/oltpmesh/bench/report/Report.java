package dev.oltpmesh.bench.report;

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
        goal(goals, "mesh-committed ≥ 0.5 × postgres-direct",
                committed / number(r, "systems", "postgres-direct", "rowsPerSec"), 0.5, true);
        goal(goals, "mesh-committed ≥ shardingsphere-jdbc",
                committed / number(r, "systems", "shardingsphere-jdbc", "rowsPerSec"), 1.0, true);
        goal(goals, "mesh-accepted ≥ 0.6 × kafka-producer", number(r, "systems", "mesh-accepted", "rowsPerSec")
                / number(r, "systems", "kafka-producer", "rowsPerSec"), 0.6, true);
        goal(goals, "single-row commit p99 ≤ 25 ms", number(r, "latency", "singleRowCommitted", "p99Ms"), 25, false);
        goal(goals, "top-100 query p50 ≤ 1.5 × ShardingSphere-JDBC", number(r, "query", "mesh", "p50Ms")
                / number(r, "query", "shardingsphere-jdbc", "p50Ms"), 1.5, false);
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
        md.append(String.format(Locale.ROOT, "%n## Latency%n%nOne-row transactions with `wait=committed` offered "
                        + "at %.0f/s: p50 %.1f ms, p99 %.1f ms, %.1f tx/s completed.%n",
                number(r, "latency", "singleRowCommitted", "offeredPerSec"),
                number(r, "latency", "singleRowCommitted", "p50Ms"), number(r, "latency", "singleRowCommitted", "p99Ms"),
                number(r, "latency", "singleRowCommitted", "txPerSec")));
        if (!Double.isNaN(number(r, "latency", "multiPeerCommitted", "p50Ms"))) {
            md.append(String.format(Locale.ROOT, "%nFour-row transactions over two or three peers (two-phase commit) "
                            + "at the same rate: p50 %.1f ms, p99 %.1f ms, %.1f tx/s completed.%n",
                    number(r, "latency", "multiPeerCommitted", "p50Ms"),
                    number(r, "latency", "multiPeerCommitted", "p99Ms"),
                    number(r, "latency", "multiPeerCommitted", "txPerSec")));
        }
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
