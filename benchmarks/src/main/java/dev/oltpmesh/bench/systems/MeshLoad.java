package dev.oltpmesh.bench.systems;

import dev.oltpmesh.bench.Latencies;
import dev.oltpmesh.bench.OpenLoop;
import dev.oltpmesh.bench.Parallel;
import dev.oltpmesh.bench.Payment;
import dev.oltpmesh.bench.Plan;
import dev.oltpmesh.cluster.MeshCluster;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The mesh as its users see it: REST clients writing and reading through the gateway. */
public final class MeshLoad {

    public static final String TABLE = "bench_payment";
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Pattern ROWS = Pattern.compile("\"rows\":(\\d+)");

    /** Rows/s until the last 202, and until the last row was committed on its peer. */
    public record Throughput(double acceptedRowsPerSecond, double committedRowsPerSecond) {
    }

    /** When a client sent a transaction and had its answer, in epoch milliseconds (as Kafka's record times). */
    public record ClientTimes(long sentMillis, long answeredMillis) {
    }

    /** Latencies of committed transactions, the rate at which they completed, and each one by txId. */
    public record Committed(Latencies latencies, double txPerSecond, Map<String, ClientTimes> transactions) {
    }

    private final MeshCluster cluster;
    private final HttpClient http;

    public MeshLoad(MeshCluster cluster) {
        this.cluster = cluster;
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).sslContext(cluster.gatewayTrust())
                .version(HttpClient.Version.HTTP_1_1).build();
    }

    /** The measured table, and one more per name given (warm-up and earlier rounds). */
    public void defineTables(List<String> others) throws Exception {
        List<String> tables = new ArrayList<>(others);
        tables.add(TABLE);
        for (String table : tables) {
            send("PUT", "/v1/admin/tables/" + table, """
                    {"columns":[{"name":"account","type":"text","nullable":false},
                      {"name":"id","type":"uuid","nullable":false},{"name":"qty","type":"bigint","nullable":false},
                      {"name":"price","type":"numeric"},{"name":"ts","type":"timestamp"}],
                     "primaryKey":["account","id"],"placement":{"strategy":"HASH","column":"account","shards":16}}""",
                    200, 201);
        }
    }

    /** A table of the same columns on every peer (REPLICATED): what a peer joining later is filled with. */
    public void defineReplicated(String table) throws Exception {
        send("PUT", "/v1/admin/tables/" + table, """
                {"columns":[{"name":"account","type":"text","nullable":false},
                  {"name":"id","type":"uuid","nullable":false},{"name":"qty","type":"bigint","nullable":false},
                  {"name":"price","type":"numeric"},{"name":"ts","type":"timestamp"}],
                 "primaryKey":["account","id"],"placement":{"strategy":"REPLICATED"}}""", 200, 201);
    }

    /** Registers a spare peer of the cluster: it joins the mesh, and its backfills start. */
    public void addPeer(String peer) throws Exception {
        send("PUT", "/v1/admin/peers/" + peer, "{\"queryUrl\":\"" + cluster.serviceUrl(peer) + "\",\"region\":\"bench\"}",
                201);
    }

    /** The state and rows copied of the backfill of a table to a peer, as {@code GET /v1/admin/moves} shows it. */
    public JsonNode backfill(String table, String peer) throws Exception {
        for (JsonNode move : JSON.readTree(get("/v1/admin/moves"))) {
            if (move.get("table").asString().equals(table) && move.get("to").asString().equals(peer)) {
                return move;
            }
        }
        throw new IllegalStateException("no backfill of " + table + " to " + peer);
    }

    /**
     * Moves {@code count} shards of a HASH table that another peer owns to {@code peer}, as one
     * placement change; returns the ids of the moves (jobs) that carry their rows.
     */
    public List<Long> moveShards(String table, String peer, int count) throws Exception {
        JsonNode assignments = JSON.readTree(get("/v1/admin/tables/" + table)).get("placement").get("assignments");
        List<String> changes = new ArrayList<>();
        for (int shard = 0; shard < assignments.size() && changes.size() < count; shard++) {
            if (!assignments.get(shard).asString().equals(peer)) {
                changes.add("{\"op\":\"moveShard\",\"table\":\"" + table + "\",\"shard\":" + shard
                        + ",\"to\":\"" + peer + "\"}");
            }
        }
        JsonNode applied = JSON.readTree(send("POST", "/v1/admin/placement/changes",
                "{\"changes\":[" + String.join(",", changes) + "]}", 200));
        List<Long> jobs = new ArrayList<>();
        applied.get("jobs").forEach(id -> jobs.add(id.asLong()));
        return jobs;
    }

    /** The moves (jobs) with these ids, as {@code GET /v1/admin/moves} shows them. */
    public List<JsonNode> moves(List<Long> ids) throws Exception {
        List<JsonNode> found = new ArrayList<>();
        for (JsonNode move : JSON.readTree(get("/v1/admin/moves"))) {
            if (ids.contains(move.get("id").asLong())) {
                found.add(move);
            }
        }
        return found;
    }

    /** Writes every batch as one transaction with {@code wait=accepted}, then waits for the last commit. */
    public Throughput write(Plan plan, String table, List<List<Payment>> batches) throws Exception {
        long before = rowsStored(table);
        List<String> bodies = new ArrayList<>(batches.size());
        for (List<Payment> batch : batches) {
            bodies.add(body(table, batch));
        }
        long rows = batches.stream().mapToLong(List::size).sum();
        long started = System.nanoTime();
        long acceptedNanos = Parallel.run(plan.clients(), bodies, body -> send("POST", "/v1/tx", body, 202));
        // Five minutes, or longer for a large load (the 1M-row top-up): at least 1,000 rows/s must commit.
        long patienceNanos = Math.max(TimeUnit.MINUTES.toNanos(5), TimeUnit.MILLISECONDS.toNanos(rows));
        while (rowsStored(table) < before + rows) {
            if (System.nanoTime() - started > patienceNanos) {
                throw new IllegalStateException("the mesh did not commit " + rows + " rows within "
                        + TimeUnit.NANOSECONDS.toSeconds(patienceNanos) + " s (transactions failed?)");
            }
            Thread.sleep(250);
        }
        long committedNanos = System.nanoTime() - started;
        return new Throughput(Parallel.perSecond(rows, acceptedNanos), Parallel.perSecond(rows, committedNanos));
    }

    /**
     * Transactions of {@code rowsPerTransaction} rows with {@code wait=committed} at a fixed offered rate
     * ({@link OpenLoop}). One row is one peer (one phase); four rows of random accounts land on two or
     * three peers in 26 of 27 cases (two-phase commit). Each transaction's txId is kept with when its
     * client sent it and had the answer, to be set beside the times its events were written.
     */
    public Committed committedLatency(int ratePerSecond, int seconds, int rowsPerTransaction, Payment.Generator rows)
            throws Exception {
        int total = ratePerSecond * seconds;
        List<String> bodies = new ArrayList<>(total);
        for (int i = 0; i < total; i++) {
            List<Payment> transaction = new ArrayList<>(rowsPerTransaction);
            for (int r = 0; r < rowsPerTransaction; r++) {
                transaction.add(rows.next());
            }
            bodies.add(body(TABLE, transaction));
        }
        Map<String, ClientTimes> transactions = new ConcurrentHashMap<>();
        OpenLoop.Result result = OpenLoop.run(ratePerSecond, seconds, i -> {
            long sent = Instant.now().toEpochMilli();
            String answer = send("POST", "/v1/tx?wait=committed&timeout=PT30S", bodies.get(i), 200);
            long answered = Instant.now().toEpochMilli();
            transactions.put(JSON.readTree(answer).get("txId").asString(), new ClientTimes(sent, answered));
        });
        return new Committed(result.latencies(), result.completedPerSecond(), transactions);
    }

    public Latencies topHundred(int runs) throws Exception {
        return measure(runs, i -> "/v1/tables/" + TABLE + "/rows?order=price.desc&limit=100");
    }

    public Latencies point(int runs, List<Payment> keys) throws Exception {
        return measure(runs, i -> {
            Payment key = keys.get(i % keys.size());
            return "/v1/tables/" + TABLE + "/rows?account=eq." + URLEncoder.encode(key.account(), StandardCharsets.UTF_8)
                    + "&id=eq." + key.id();
        });
    }

    private interface Path {
        String of(int run);
    }

    private Latencies measure(int runs, Path path) throws Exception {
        Latencies latencies = new Latencies();
        for (int i = 0; i < runs; i++) {
            get(path.of(i));
        }
        for (int i = 0; i < runs; i++) {
            long started = System.nanoTime();
            String rows = get(path.of(i));
            latencies.record(System.nanoTime() - started);
            if (rows.length() < 3) {
                throw new IllegalStateException("a benchmark query found no rows: " + path.of(i));
            }
        }
        return latencies;
    }

    public long rowsStored(String table) throws Exception {
        String stats = send("GET", "/v1/admin/tables/" + table + "/stats", null, 200);
        long rows = 0;
        Matcher m = ROWS.matcher(stats);
        while (m.find()) {
            rows += Long.parseLong(m.group(1));
        }
        return rows;
    }

    private static String body(String table, List<Payment> rows) {
        StringBuilder out = new StringBuilder(rows.size() * 140).append("{\"inserts\":[{\"table\":\"").append(table)
                .append("\",\"rows\":[");
        for (int i = 0; i < rows.size(); i++) {
            if (i > 0) {
                out.append(',');
            }
            rows.get(i).appendJson(out);
        }
        return out.append("]}]}").toString();
    }

    private String get(String path) throws Exception {
        return send("GET", path, null, 200);
    }

    private String send(String method, String path, String body, int... expected) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(cluster.gatewayUrl() + path))
                .timeout(Duration.ofSeconds(60))
                .header("Authorization", "Bearer " + cluster.adminKey())
                .header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body))
                .build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        for (int status : expected) {
            if (response.statusCode() == status) {
                return response.body();
            }
        }
        throw new IllegalStateException(method + " " + path + " answered " + response.statusCode() + ": "
                + response.body());
    }
}
