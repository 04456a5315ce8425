package dev.oltpmesh.it;

import dev.oltpmesh.cluster.MeshCluster;
import dev.oltpmesh.model.json.MeshJson;
import dev.oltpmesh.model.placement.RowPlacer;
import dev.oltpmesh.model.schema.TableDefinition;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The whole local cluster (one JVM with Kafka and the services, and its PostgreSQL servers) is killed
 * with SIGKILL at random moments under sustained writes from several clients, and started again on
 * the same data folder, several times. Then every transaction a client was told about must be final;
 * every COMMITTED one has all its rows exactly once, every FAILED one none, no row belongs to anything
 * else, and no Idempotency-Key made two transactions.
 */
class CrashIT {

    private static final int KILLS = 3;
    private static final int MOVE_BEFORE_KILL = 2;
    private static final int CLIENTS = 4;
    /**
     * A cluster that restarted must take writes again: the bound is far above the second or so it takes
     * here (a prepare timeout and a move's settling included), so only a stuck cluster fails it.
     */
    private static final Duration FIRST_COMMIT_WITHIN = Duration.ofSeconds(90);
    private static final JsonMapper JSON = JsonMapper.builder().build();
    /** Made once the cluster has made its gateway's certificate (on its first start), which it trusts. */
    private static volatile HttpClient http;

    private static Path dataDir;
    private static int gatewayPort;
    private static Process cluster;
    private static int starts;
    private static final AtomicInteger accepted = new AtomicInteger();

    /** A transaction as a client sent it: its key, its rows (account, n) and what it was told. */
    private static final class Sent {
        final String key;
        final String body;
        final List<String> rows;
        final Set<String> txIds = ConcurrentHashMap.newKeySet();
        volatile boolean resolved;

        Sent(String key, String body, List<String> rows) {
            this.key = key;
            this.body = body;
            this.rows = rows;
        }
    }

    @BeforeAll
    static void onlyOnTheEmbeddedRun() throws IOException {
        Assumptions.assumeFalse(SharedCluster.onContainers(),
                "the crash test kills the embedded cluster's processes; it runs once, in the embedded run");
        // Its recovery times are measured on a machine not also running the other scenarios' cluster.
        SharedCluster.release();
        dataDir = Files.createTempDirectory("mesh-crash-");
        try (ServerSocket free = new ServerSocket(0)) {
            gatewayPort = free.getLocalPort();
        }
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            killEverything();
        }
    }

    @Test
    void shouldLoseDuplicateAndHalfApplyNothingWhenTheWholeClusterIsKilledAgainAndAgain() throws Exception {
        start();
        // On a first start the services read each other's new public keys from the folder every few
        // seconds: until the config service has read the gateway's, a request is answered 503 "retry later".
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).untilAsserted(() ->
                assertThat(send("PUT", "/v1/admin/tables/crash_ledger", """
                        {"columns":[{"name":"account","type":"text","nullable":false},{"name":"n","type":"bigint","nullable":false},
                         {"name":"amount","type":"numeric"}],
                         "primaryKey":["account","n"],"placement":{"strategy":"HASH","column":"account","shards":12}}""")
                        .statusCode()).isIn(200, 201));

        List<Sent> sent = new ArrayList<>();
        AtomicBoolean generating = new AtomicBoolean(true);
        ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
        for (int c = 0; c < CLIENTS; c++) {
            int client = c;
            clients.submit(() -> {
                runClient(client, generating, sent);
                return null;
            });
        }
        Random random = new Random(7);
        List<String> recoveries = new ArrayList<>();
        for (int kill = 1; kill <= KILLS; kill++) {
            // A random moment under load: after some more transactions were accepted.
            awaitAccepted(20 + random.nextInt(80));
            if (kill == MOVE_BEFORE_KILL) {
                // In the middle of a move: four shards change owner, and the kill comes while they move.
                startMoves();
                awaitAccepted(2 + random.nextInt(5));
                recoveries.add("kill " + kill + " during moves: " + moveStates());
            }
            killEverything();
            long restarted = System.nanoTime();
            start();
            long up = System.nanoTime();
            long firstCommit = firstCommitAfterUp();
            // How soon is reported, not asserted (speed is the benchmark's to measure); that a write commits
            // at all after a restart is what firstCommitAfterUp holds the cluster to.
            recoveries.add(String.format("kill %d: UP %.1f s after the restart, first write committed %.1f s after UP",
                    kill, (up - restarted) / 1e9, firstCommit / 1e3));
        }
        awaitAccepted(50);
        // The moves the kill interrupted resume where they were and finish.
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(500)).untilAsserted(() ->
                assertThat(moveStates()).as("every move done").allMatch("DONE"::equals));
        generating.set(false);
        clients.shutdown();
        assertThat(clients.awaitTermination(3, TimeUnit.MINUTES)).as("every client got its answers").isTrue();

        check(sent, recoveries);
    }

    private static void runClient(int client, AtomicBoolean generating, List<Sent> sent) throws InterruptedException {
        Random random = new Random(client);
        List<String> earlier = new ArrayList<>();
        for (int seq = 0; generating.get(); seq++) {
            List<String> rows = new ArrayList<>();
            int size = seq % 3 == 0 ? 1 : 2 + random.nextInt(6);
            for (int i = 0; i < size; i++) {
                rows.add("c" + client + "-" + seq + "-" + i + ":" + seq);
            }
            if (seq % 5 == 4 && !earlier.isEmpty()) {
                // Designed to fail: a key some earlier transaction already used.
                rows.add(earlier.get(random.nextInt(earlier.size())));
            }
            StringBuilder body = new StringBuilder("{\"inserts\":[{\"table\":\"crash_ledger\",\"rows\":[");
            for (int i = 0; i < rows.size(); i++) {
                String[] row = rows.get(i).split(":");
                body.append(i == 0 ? "" : ",").append("{\"account\":\"").append(row[0]).append("\",\"n\":")
                        .append(row[1]).append(",\"amount\":\"1.00\"}");
            }
            Sent tx = new Sent("crash-" + client + "-" + seq, body + "]}]}", rows);
            synchronized (sent) {
                sent.add(tx);
            }
            earlier.add(rows.get(0));
            // The same key and body until a definite answer: a kill may cut any request short.
            await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(200)).until(() -> answered(tx));
            accepted.incrementAndGet();
        }
    }

    /** Whether the request got a definite answer: a txId, or (failing the test) a refusal. */
    private static boolean answered(Sent tx) throws Exception {
        HttpResponse<String> answer;
        try {
            answer = http().send(request("/v1/tx", tx.key).POST(HttpRequest.BodyPublishers.ofString(tx.body)).build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException cut) {
            return false;
        }
        if (answer.statusCode() == 202 || answer.statusCode() == 200) {
            tx.txIds.add(JSON.readTree(answer.body()).get("txId").asString());
            tx.resolved = true;
            return true;
        }
        if (answer.statusCode() >= 400 && answer.statusCode() < 500 && answer.statusCode() != 409) {
            throw new AssertionError(tx.key + " refused: " + answer.body());
        }
        return false;
    }

    private static void awaitAccepted(int more) {
        int target = accepted.get() + more;
        await().atMost(Duration.ofMinutes(3)).until(() -> accepted.get() >= target);
    }

    /** The transaction's status once it is final, or the last one seen when the deadline passes. */
    private static String finalStatus(String txId, long deadline) {
        String[] status = {"ACCEPTED"};
        try {
            // Asked at once, then every 250 ms: hundreds of transactions share one deadline.
            await().atMost(Duration.ofNanos(Math.max(Duration.ofMillis(50).toNanos(), deadline - System.nanoTime())))
                    .pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(250)).until(() -> {
                        HttpResponse<String> answer = send("GET", "/v1/tx/" + txId, null);
                        if (answer.statusCode() == 200) {
                            status[0] = JSON.readTree(answer.body()).get("status").asString();
                        }
                        return !"ACCEPTED".equals(status[0]);
                    });
        } catch (ConditionTimeoutException stillOpen) {
            // reported as lost by the checker
        }
        return status[0];
    }

    private static void check(List<Sent> sent, List<String> recoveries) throws Exception {
        Map<String, String> statusOf = new HashMap<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        for (Sent tx : sent) {
            for (String txId : tx.txIds) {
                statusOf.put(txId, finalStatus(txId, deadline));
            }
        }
        Map<String, List<String>> rowsByKey = new HashMap<>();
        // Where the final placement puts each row: every move is done, so that is where it must be.
        TableDefinition ledger = MeshJson.mapper().readValue(send("GET", "/v1/admin/tables/crash_ledger", null).body(),
                TableDefinition.class);
        List<String> misplaced = new ArrayList<>();
        Set<String> inDoubt = new HashSet<>();
        for (String peer : List.of("peer-1", "peer-2", "peer-3")) {
            try (Connection c = peerDatabase(peer)) {
                try (ResultSet rs = c.createStatement().executeQuery("select account, n, _tx from crash_ledger where account <> 'probe'")) {
                    while (rs.next()) {
                        rowsByKey.computeIfAbsent(rs.getString(1) + ":" + rs.getLong(2), k -> new ArrayList<>())
                                .add(rs.getString(3));
                        String owner = RowPlacer.peersFor(ledger, Map.of("account", rs.getString(1)), List.of(), null)
                                .get(0);
                        if (!owner.equals(peer)) {
                            misplaced.add(rs.getString(1) + ":" + rs.getLong(2) + " on " + peer + ", owned by " + owner);
                        }
                    }
                }
                try (ResultSet rs = c.createStatement().executeQuery("select gid from pg_prepared_xacts")) {
                    while (rs.next()) {
                        inDoubt.add(peer + " " + rs.getString(1));
                    }
                }
            }
        }
        int committed = 0;
        int failed = 0;
        int lost = 0;
        int duplicated = 0;
        int partial = 0;
        int keysWithTwoTransactions = 0;
        List<String> problems = new ArrayList<>();
        for (Sent tx : sent) {
            if (tx.txIds.size() > 1) {
                keysWithTwoTransactions++;
                problems.add(tx.key + " got several txIds " + tx.txIds);
            }
            for (String txId : tx.txIds) {
                String status = statusOf.get(txId);
                switch (status) {
                    case "COMMITTED" -> {
                        committed++;
                        for (String row : tx.rows) {
                            List<String> holders = rowsByKey.getOrDefault(row, List.of());
                            long mine = holders.stream().filter(txId::equals).count();
                            if (mine == 0) {
                                partial++;
                                problems.add(txId + " COMMITTED without row " + row);
                            } else if (holders.size() > 1) {
                                duplicated++;
                                problems.add("row " + row + " stored " + holders.size() + " times");
                            }
                        }
                    }
                    case "FAILED" -> {
                        failed++;
                        rowsByKey.forEach((row, holders) -> {
                            if (holders.contains(txId)) {
                                problems.add(txId + " FAILED but row " + row + " exists");
                            }
                        });
                    }
                    default -> {
                        lost++;
                        problems.add(txId + " never became final");
                    }
                }
            }
        }
        Set<String> committedIds = new HashSet<>();
        statusOf.forEach((txId, status) -> {
            if ("COMMITTED".equals(status)) {
                committedIds.add(txId);
            }
        });
        rowsByKey.forEach((row, holders) -> holders.stream().filter(h -> !committedIds.contains(h))
                .forEach(h -> problems.add("row " + row + " belongs to " + h + ", which is not COMMITTED")));
        misplaced.stream().limit(10).forEach(row -> problems.add("row " + row));
        if (!inDoubt.isEmpty()) {
            problems.add("prepared transactions left undecided: " + inDoubt);
        }
        System.out.printf("""
                crash test: %d transactions (%d with a designed duplicate key), %d kills of the whole cluster
                  committed %d, failed %d, lost %d, duplicated %d, partial %d, keys with two transactions %d,
                  rows stored %d, problems %d
                  %s
                """, sent.size(), sent.stream().filter(t -> t.key.endsWith("4") || t.key.endsWith("9")).count(), KILLS,
                committed, failed, lost, duplicated, partial, keysWithTwoTransactions, rowsByKey.size(),
                problems.size(), String.join("\n  ", recoveries));
        assertThat(problems).isEmpty();
        assertThat(committed).isPositive();
        assertThat(failed).as("some transactions were made to fail").isPositive();
    }

    private static void start() throws Exception {
        Path jar = Path.of(System.getProperty("mesh.it.cluster-jar"));
        String java = ProcessHandle.current().info().command().orElse("java");
        starts++;
        cluster = new ProcessBuilder(java, "-Xmx2g", "-jar", jar.toString(), "up", "--data", dataDir.toString(),
                "--port", Integer.toString(gatewayPort))
                .redirectErrorStream(true)
                .redirectOutput(dataDir.resolveSibling(dataDir.getFileName() + "-start-" + starts + ".log").toFile())
                .start();
        await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofMillis(250)).until(() -> {
            assertThat(cluster.isAlive()).as("the cluster process runs").isTrue();
            try {
                return http().send(HttpRequest.newBuilder(URI.create("https://localhost:" + gatewayPort
                        + "/actuator/health/readiness")).GET().build(), HttpResponse.BodyHandlers.discarding())
                        .statusCode() == 200;
            } catch (IOException | IllegalStateException stillStarting) {
                return false;
            }
        });
    }

    private static HttpClient http() {
        if (http == null) {
            http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2))
                    .sslContext(MeshCluster.gatewayTrust(dataDir)).build();
        }
        return http;
    }

    /** SIGKILL to the JVM and to every PostgreSQL server of the cluster: nothing is stopped cleanly. */
    private static void killEverything() {
        List<ProcessHandle> postmasters = new ArrayList<>();
        try (var dirs = Files.list(dataDir.resolve("postgres"))) {
            dirs.map(d -> d.resolve("postmaster.pid")).filter(Files::exists).forEach(lock -> {
                try {
                    ProcessHandle.of(Long.parseLong(Files.readAllLines(lock).get(0).trim())).ifPresent(postmasters::add);
                } catch (IOException | RuntimeException ignored) {
                    // no server runs there
                }
            });
        } catch (IOException noDatabases) {
            // nothing started yet
        }
        cluster.destroyForcibly();
        postmasters.forEach(ProcessHandle::destroyForcibly);
        try {
            cluster.waitFor(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static long firstCommitAfterUp() throws Exception {
        long started = System.nanoTime();
        String key = "probe-" + starts;
        String body = "{\"inserts\":[{\"table\":\"crash_ledger\",\"rows\":[{\"account\":\"probe\",\"n\":" + starts + "}]}]}";
        while (true) {
            HttpResponse<String> answer = http().send(request("/v1/tx?wait=committed&timeout=PT30S", key)
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
            JsonNode status = answer.statusCode() == 200 || answer.statusCode() == 202 ? JSON.readTree(answer.body()) : null;
            if (status != null && "COMMITTED".equals(status.get("status").asString())) {
                return (System.nanoTime() - started) / 1_000_000;
            }
            if (System.nanoTime() - started > FIRST_COMMIT_WITHIN.toNanos()) {
                // Where it stands (its parts, peer by peer) and what the moves do, to tell which hop holds it.
                String where = status == null ? answer.body()
                        : send("GET", "/v1/tx/" + status.get("txId").asString(), null).body();
                throw new AssertionError("no commit " + FIRST_COMMIT_WITHIN.toSeconds() + " s after UP (start " + starts + "): " + where
                        + "; moves " + send("GET", "/v1/admin/moves", null).body() + "; the cluster's threads: "
                        + threadDump() + "; its databases' sessions, locks and prepared transactions: "
                        + databaseActivity());
            }
        }
    }

    /**
     * The running cluster's threads, written beside its log: a write that never commits says which
     * inbox, move job or request waits, and on what.
     */
    private static Path threadDump() {
        Path dump = dataDir.resolveSibling(dataDir.getFileName() + "-threads-start-" + starts + ".txt");
        try {
            // Thread.dump_to_file, not Thread.print: the listeners run on virtual threads, which only it shows.
            new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                    Long.toString(cluster.pid()), "Thread.dump_to_file", "-overwrite", dump.toString())
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start().waitFor(30, TimeUnit.SECONDS);
        } catch (IOException e) {
            return Path.of("(not written: " + e.getMessage() + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return dump;
    }

    /** A waiting session and whom it waits for; locks not granted, or held by prepared transactions; those; offsets. */
    private static final List<String> DATABASE_ACTIVITY = List.of(
            "select pid, state, wait_event_type, wait_event, now() - xact_start as in_tx, "
                    + "pg_blocking_pids(pid) as blocked_by, left(query, 300) as query from pg_stat_activity "
                    + "where datname = current_database() and pid <> pg_backend_pid() and state <> 'idle'",
            "select l.locktype, l.relation::regclass, l.transactionid, l.mode, l.granted, l.pid, "
                    + "l.virtualtransaction from pg_locks l where not l.granted or l.pid is null",
            "select gid, prepared from pg_prepared_xacts",
            "select * from mesh_offsets");

    /** The query, then its rows, a line each with the columns between bars. */
    private static void appendAnswer(StringBuilder out, Connection c, String sql) throws SQLException {
        out.append("-- ").append(sql).append('\n');
        try (ResultSet rs = c.createStatement().executeQuery(sql)) {
            int columns = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                for (int i = 1; i <= columns; i++) {
                    out.append(i == 1 ? "" : " | ").append(rs.getString(i));
                }
                out.append('\n');
            }
        }
    }

    /** The peer's own PostgreSQL, at the port the cluster chose on its first start. */
    private static Connection peerDatabase(String peer) throws IOException, SQLException {
        Properties ports = new Properties();
        try (var in = Files.newInputStream(dataDir.resolve("ports.properties"))) {
            ports.load(in);
        }
        return DriverManager.getConnection("jdbc:postgresql://localhost:" + ports.getProperty("postgres-" + peer)
                + "/postgres?user=postgres");
    }

    /**
     * What each peer's PostgreSQL is doing, written beside the cluster's log: a step that waits on a
     * lock (and on whose transaction, prepared ones included) shows here, not in the thread dump.
     */
    private static Path databaseActivity() {
        Path file = dataDir.resolveSibling(dataDir.getFileName() + "-databases-start-" + starts + ".txt");
        StringBuilder out = new StringBuilder();
        try {
            for (String peer : List.of("peer-1", "peer-2", "peer-3")) {
                out.append("== ").append(peer).append('\n');
                try (Connection c = peerDatabase(peer)) {
                    for (String sql : DATABASE_ACTIVITY) {
                        appendAnswer(out, c, sql);
                    }
                }
            }
            Files.writeString(file, out);
        } catch (IOException | SQLException e) {
            return Path.of("(not written: " + e + ")");
        }
        return file;
    }

    private static HttpRequest.Builder request(String path, String idempotencyKey) throws IOException {
        return HttpRequest.newBuilder(URI.create("https://localhost:" + gatewayPort + path))
                .timeout(Duration.ofSeconds(40))
                .header("Authorization", "Bearer " + Files.readString(dataDir.resolve("admin.key")).trim())
                .header("Content-Type", "application/json")
                .header("Idempotency-Key", idempotencyKey);
    }

    /** Moves shards 0 to 3 of the ledger each to the next peer. */
    private static void startMoves() throws Exception {
        JsonNode assignments = JSON.readTree(send("GET", "/v1/admin/tables/crash_ledger", null).body())
                .get("placement").get("assignments");
        List<String> changes = new ArrayList<>();
        List<String> peers = List.of("peer-1", "peer-2", "peer-3");
        for (int shard = 0; shard < 4; shard++) {
            String to = peers.get((peers.indexOf(assignments.get(shard).asString()) + 1) % peers.size());
            changes.add("{\"op\":\"moveShard\",\"table\":\"crash_ledger\",\"shard\":" + shard + ",\"to\":\"" + to + "\"}");
        }
        HttpResponse<String> applied = send("POST", "/v1/admin/placement/changes",
                "{\"changes\":[" + String.join(",", changes) + "]}");
        assertThat(applied.statusCode()).as(applied.body()).isEqualTo(200);
    }

    private static List<String> moveStates() throws Exception {
        List<String> states = new ArrayList<>();
        JSON.readTree(send("GET", "/v1/admin/moves", null).body()).valueStream()
                .forEach(move -> states.add(move.get("state").asString()));
        return states;
    }

    private static HttpResponse<String> send(String method, String path, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("https://localhost:" + gatewayPort + path))
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + Files.readString(dataDir.resolve("admin.key")).trim())
                .header("Content-Type", "application/json");
        request.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return http().send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
