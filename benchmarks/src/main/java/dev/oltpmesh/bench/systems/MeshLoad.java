package dev.oltpmesh.bench.systems;

import dev.oltpmesh.bench.Latencies;
import dev.oltpmesh.bench.OpenLoop;
import dev.oltpmesh.bench.Parallel;
import dev.oltpmesh.bench.Payment;
import dev.oltpmesh.bench.Plan;
import dev.oltpmesh.client.Admin;
import dev.oltpmesh.client.MeshClient;
import dev.oltpmesh.client.Order;
import dev.oltpmesh.client.Placement;
import dev.oltpmesh.client.PlacementChange;
import dev.oltpmesh.client.Query;
import dev.oltpmesh.client.RetryPolicy;
import dev.oltpmesh.client.TableSpec;
import dev.oltpmesh.client.Transaction;
import dev.oltpmesh.client.TxStatus;
import dev.oltpmesh.client.Wait;
import dev.oltpmesh.cluster.MeshCluster;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.net.http.HttpClient;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;

/**
 * The mesh as its users see it: mesh-client writing and reading through the gateway, as many
 * concurrent callers as the plan has, on one HTTP/1.1 client. The client tries nothing again: a
 * failed request fails the run rather than hiding in a latency. Writes carry no Idempotency-Key, as
 * the rounds always have, so the figures stay comparable across runs (a key costs the gateway a claim
 * in the configuration database per transaction).
 */
public final class MeshLoad {

    public static final String TABLE = "bench_payment";
    private static final JsonMapper JSON = JsonMapper.builder().build();

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
    private final MeshClient mesh;

    public MeshLoad(MeshCluster cluster) {
        this.cluster = cluster;
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
                .sslContext(cluster.gatewayTrust()).version(HttpClient.Version.HTTP_1_1).build();
        this.mesh = MeshClient.builder().baseUrl(cluster.gatewayUrl()).apiKey(cluster.adminKey()).httpClient(http)
                .requestTimeout(Duration.ofSeconds(60)).retryPolicy(RetryPolicy.none()).build();
    }

    /** The measured table, and one more per name given (warm-up and earlier rounds). */
    public void defineTables(List<String> others) {
        List<String> tables = new ArrayList<>(others);
        tables.add(TABLE);
        for (String table : tables) {
            mesh.admin().defineTable(table, paymentTable(Placement.hash("account", 16)));
        }
    }

    /** A table of the same columns on every peer (REPLICATED): what a peer joining later is filled with. */
    public void defineReplicated(String table) {
        mesh.admin().defineTable(table, paymentTable(Placement.replicated()));
    }

    private static TableSpec paymentTable(Placement placement) {
        return TableSpec.builder().requiredColumn("account", "text").requiredColumn("id", "uuid")
                .requiredColumn("qty", "bigint").column("price", "numeric").column("ts", "timestamp")
                .primaryKey("account", "id").placement(placement).build();
    }

    /** Registers a spare peer of the cluster: it joins the mesh, and its backfills start. */
    public void addPeer(String peer) throws Exception {
        mesh.admin().registerPeer(peer, cluster.serviceUrl(peer), "bench");
    }

    /** The state and rows copied of the backfill of a table to a peer, as {@code GET /v1/admin/moves} shows it. */
    public JsonNode backfill(String table, String peer) {
        return mesh.admin().moves().stream().filter(m -> m.table().equals(table) && m.to().equals(peer))
                .findFirst().<JsonNode>map(JSON::valueToTree)
                .orElseThrow(() -> new IllegalStateException("no backfill of " + table + " to " + peer));
    }

    /**
     * Moves {@code count} shards of a HASH table that another peer owns to {@code peer}, as one
     * placement change; returns the ids of the moves (jobs) that carry their rows.
     */
    public List<Long> moveShards(String table, String peer, int count) {
        List<?> assignments = (List<?>) mesh.admin().table(table).placement().get("assignments");
        List<PlacementChange> changes = new ArrayList<>();
        for (int shard = 0; shard < assignments.size() && changes.size() < count; shard++) {
            if (!assignments.get(shard).equals(peer)) {
                changes.add(PlacementChange.moveShard(table, shard, peer));
            }
        }
        return mesh.admin().changePlacement(changes).jobs();
    }

    /** The moves (jobs) with these ids, as {@code GET /v1/admin/moves} shows them. */
    public List<JsonNode> moves(List<Long> ids) {
        return mesh.admin().moves().stream().filter(m -> ids.contains(m.id())).<JsonNode>map(JSON::valueToTree)
                .toList();
    }

    /** Writes every batch as one transaction with {@code wait=accepted}, then waits for the last commit. */
    public Throughput write(Plan plan, String table, List<List<Payment>> batches) throws Exception {
        long before = rowsStored(table);
        // Serialized before the clock starts: the rounds measure the mesh, not the client's JSON.
        List<Transaction> transactions = new ArrayList<>(batches.size());
        for (List<Payment> batch : batches) {
            transactions.add(transaction(table, batch));
        }
        long rows = batches.stream().mapToLong(List::size).sum();
        long started = System.nanoTime();
        long acceptedNanos = Parallel.run(plan.clients(), transactions, mesh::submit);
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
        List<Transaction> transactions = new ArrayList<>(total);
        for (int i = 0; i < total; i++) {
            List<Payment> transaction = new ArrayList<>(rowsPerTransaction);
            for (int r = 0; r < rowsPerTransaction; r++) {
                transaction.add(rows.next());
            }
            transactions.add(transaction(TABLE, transaction));
        }
        Wait committed = Wait.committed(Duration.ofSeconds(30));
        Map<String, ClientTimes> answered = new ConcurrentHashMap<>();
        OpenLoop.Result result = OpenLoop.run(ratePerSecond, seconds, i -> {
            long sent = Instant.now().toEpochMilli();
            TxStatus status = mesh.submit(transactions.get(i), committed);
            long done = Instant.now().toEpochMilli();
            if (!status.isFinal()) {
                throw new IllegalStateException("transaction " + status.txId() + " was not decided within 30 s");
            }
            answered.put(status.txId(), new ClientTimes(sent, done));
        });
        return new Committed(result.latencies(), result.completedPerSecond(), answered);
    }

    public Latencies topHundred(int runs) {
        return measure(runs, i -> mesh.table(TABLE).query().order(Order.desc("price")).limit(100));
    }

    public Latencies point(int runs, List<Payment> keys) {
        return measure(runs, i -> {
            Payment key = keys.get(i % keys.size());
            return mesh.table(TABLE).query().eq("account", key.account()).eq("id", key.id());
        });
    }

    private static Latencies measure(int runs, IntFunction<Query> query) {
        Latencies latencies = new Latencies();
        for (int i = 0; i < runs; i++) {
            query.apply(i).list();
        }
        for (int i = 0; i < runs; i++) {
            Query q = query.apply(i);
            long started = System.nanoTime();
            List<Map<String, Object>> rows = q.list();
            latencies.record(System.nanoTime() - started);
            if (rows.isEmpty()) {
                throw new IllegalStateException("a benchmark query found no rows: " + q.queryString());
            }
        }
        return latencies;
    }

    public long rowsStored(String table) {
        return mesh.admin().tableStats(table).rows();
    }

    private static Transaction transaction(String table, List<Payment> rows) {
        return Transaction.builder().insert(table, rows).withoutIdempotencyKey().build();
    }
}
