package dev.oltpmesh.it;

import dev.oltpmesh.cluster.MeshCluster;
import dev.oltpmesh.model.json.MeshJson;
import dev.oltpmesh.model.placement.HashPlacement;
import dev.oltpmesh.model.placement.RoundRobinPlacement;
import dev.oltpmesh.model.placement.RowPlacer;
import dev.oltpmesh.model.placement.ShardHash;
import dev.oltpmesh.model.schema.ColumnType;
import dev.oltpmesh.model.schema.TableDefinition;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.nio.file.Files;
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
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Online repartitioning under sustained writes, as an operator would run it: a peer is added, shards
 * move to it, segments are split, moved and dropped, the base peer changes, a peer is drained, the
 * mesh rebalanced and two peers swap shards, while clients commit single- and multi-peer transactions into a HASH, a RANGE and a
 * ROUND_ROBIN table and a reader checks over and over that every row committed before its read
 * started is in the read exactly once. Its own cluster: three peers and a spare.
 */
class MoveIT {

    private static final List<String> TABLES = List.of("mv_account", "mv_order", "mv_click");
    private static final Map<String, String> KEYS = Map.of("mv_account", "id", "mv_order", "n", "mv_click", "k");

    private static MeshCluster cluster;
    private static MeshClient mesh;

    /** Keys committed per table; a key is added once its transaction is COMMITTED. */
    private final Map<String, Set<Long>> committed = new ConcurrentHashMap<>();
    private final Queue<String> writeErrors = new ConcurrentLinkedQueue<>();
    private final Queue<String> readErrors = new ConcurrentLinkedQueue<>();
    private final AtomicLong next = new AtomicLong();
    private final AtomicInteger reads = new AtomicInteger();
    private final AtomicInteger multiPeer = new AtomicInteger();
    private final AtomicBoolean running = new AtomicBoolean(true);

    @BeforeAll
    static void start() throws Exception {
        Assumptions.assumeFalse(SharedCluster.onContainers(), "a cluster with a spare peer runs on the embedded "
                + "infrastructure only; the container fixture brings the databases of the shared cluster");
        // Longer than a gateway's query timeout (5 s) plus its configuration lag; short, so the test is too.
        System.setProperty("mesh.config-service.move-purge-grace", "PT7S");
        cluster = MeshCluster.start(Files.createTempDirectory("mesh-move-"), 3, 1, 0);
        mesh = new MeshClient(cluster);
    }

    @AfterAll
    static void stop() {
        System.clearProperty("mesh.config-service.move-purge-grace");
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void shouldMoveRowsUnderLoadWithEveryRowReadOnceAndNoWriteFailing() throws Exception {
        defineTables();
        TABLES.forEach(t -> committed.put(t, ConcurrentHashMap.newKeySet()));
        for (int i = 0; i < 20; i++) {
            writeBatch(100);
        }
        List<Thread> load = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            load.add(Thread.ofVirtual().start(this::writeUntilStopped));
        }
        load.add(Thread.ofVirtual().start(this::readUntilStopped));

        // A peer joins, and shards of the HASH table move to it.
        assertThat(mesh.put("/v1/admin/peers/peer-4",
                "{\"queryUrl\":\"" + cluster.serviceUrl("peer-4") + "\",\"region\":\"local\"}").status()).isEqualTo(201);
        change("""
                [{"op":"moveShard","table":"mv_account","shard":0,"to":"peer-4"},
                 {"op":"moveShard","table":"mv_account","shard":1,"to":"peer-4"},
                 {"op":"moveShard","table":"mv_account","shard":2,"to":"peer-4"}]""");
        // Segments: one is split, its upper half moves; another is dropped (its rows go to the base);
        // the base moves.
        change("""
                [{"op":"splitSegment","table":"mv_order","segment":"a","at":500000,"name":"a2"},
                 {"op":"moveSegment","table":"mv_order","segment":"a2","to":"peer-4"}]""");
        change("[{\"op\":\"dropSegment\",\"table\":\"mv_order\",\"segment\":\"b\"}]");
        change("[{\"op\":\"changeBasePeer\",\"table\":\"mv_order\",\"to\":\"peer-3\"}]");

        // A peer is drained: everything it owns moves, it leaves the stripe, and it is retired.
        var drained = mesh.post("/v1/admin/peers/peer-2/drain", "");
        assertThat(drained.status()).as(drained.raw().body()).isEqualTo(202);
        assertThat(drained.body().get("jobs")).as("the moves that empty it: %s", drained.body()).isNotEmpty();
        awaitMovesDone();
        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(peerStatus("peer-2"))
                .isEqualTo("RETIRED"));

        var plan = mesh.post("/v1/admin/rebalance?dryRun=true", "");
        assertThat(plan.status()).as(plan.raw().body()).isEqualTo(200);
        assertThat(plan.body().get("moves")).as("three active peers own the shards peer-2 left: %s", plan.body())
                .isNotNull();
        var rebalanced = mesh.post("/v1/admin/rebalance", "");
        assertThat(rebalanced.status()).as(rebalanced.raw().body()).isEqualTo(200);
        awaitMovesDone();

        // Two peers swap shards in one version: each is the source of one move and the target of the
        // other, and neither waits on the other while writes to both shards go on.
        HashPlacement accounts = (HashPlacement) MeshJson.mapper().readValue(
                mesh.get("/v1/admin/tables/mv_account").raw().body(), TableDefinition.class).placement();
        int one = accounts.assignments().indexOf("peer-1");
        int three = accounts.assignments().indexOf("peer-3");
        change("[{\"op\":\"moveShard\",\"table\":\"mv_account\",\"shard\":" + one + ",\"to\":\"peer-3\"},"
                + "{\"op\":\"moveShard\",\"table\":\"mv_account\",\"shard\":" + three + ",\"to\":\"peer-1\"}]");

        int readsDuringMoves = reads.get();
        running.set(false);
        for (Thread thread : load) {
            assertThat(thread.join(Duration.ofSeconds(60))).isTrue();
        }
        assertThat(writeErrors).as("no write failed while rows moved").isEmpty();
        assertThat(readErrors).as("every read had each committed row exactly once").isEmpty();
        assertThat(readsDuringMoves).as("reads checked during the moves").isGreaterThan(10);
        assertThat(multiPeer.get()).as("multi-peer transactions committed during the moves").isPositive();

        refuseKeysThatExistAtTheSourceOfAMove();

        for (String table : TABLES) {
            assertEveryRowOnceOnItsOwner(table);
            assertThat(mesh.countOnPeer("peer-2", "select count(*) from " + table)).as("%s on the drained peer", table)
                    .isZero();
        }
        var moves = mesh.get("/v1/admin/moves").body();
        assertThat(moves.valueStream().filter(m -> m.get("kind").asString().equals("REGION")))
                .as("moves: %s", moves).isNotEmpty()
                .allSatisfy(m -> assertThat(m.get("state").asString()).isEqualTo("DONE"));
    }

    /**
     * Until a move's copies are verified, a key of its region may exist only at the source: the target
     * asks the source before it stores a row. The target is down while the move settles, so the
     * duplicates wait in its inbox and meet a move that is copying (or, if the copy wins, the copies).
     */
    private void refuseKeysThatExistAtTheSourceOfAMove() throws Exception {
        TableDefinition accounts = MeshJson.mapper().readValue(mesh.get("/v1/admin/tables/mv_account").raw().body(),
                TableDefinition.class);
        HashPlacement hash = (HashPlacement) accounts.placement();
        int shard = 5;
        String from = hash.peerOfShard(shard);
        String to = List.of("peer-1", "peer-3", "peer-4").stream().filter(p -> !p.equals(from)).findFirst().orElseThrow();
        List<Long> existing = committed.get("mv_account").stream()
                .filter(k -> ShardHash.shardOf(ColumnType.BIGINT, k, hash.shards()) == shard).limit(5).toList();
        assertThat(existing).hasSize(5);
        long fresh = next.incrementAndGet();
        while (ShardHash.shardOf(ColumnType.BIGINT, fresh, hash.shards()) != shard) {
            fresh = next.incrementAndGet();
        }

        cluster.stopPeer(to);
        var applied = mesh.post("/v1/admin/placement/changes", "{\"changes\":[{\"op\":\"moveShard\","
                + "\"table\":\"mv_account\",\"shard\":" + shard + ",\"to\":\"" + to + "\"}]}");
        assertThat(applied.status()).as(applied.raw().body()).isEqualTo(200);
        List<String> duplicates = new ArrayList<>();
        for (long k : existing) {
            var tx = mesh.post("/v1/tx", "{\"inserts\":[{\"table\":\"mv_account\",\"rows\":[{\"id\":" + k
                    + ",\"owner\":\"again\"}]}]}");
            assertThat(tx.status()).as(tx.raw().body()).isEqualTo(202);
            duplicates.add(tx.body().get("txId").asString());
        }
        var newKey = mesh.post("/v1/tx", "{\"inserts\":[{\"table\":\"mv_account\",\"rows\":[{\"id\":" + fresh
                + ",\"owner\":\"new\"}]}]}");
        assertThat(newKey.status()).isEqualTo(202);
        cluster.startPeer(to);

        awaitMovesDone();
        for (String txId : duplicates) {
            Awaitility.await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                    assertThat(mesh.get("/v1/tx/" + txId).body().get("status").asString()).isEqualTo("FAILED"));
        }
        String freshTx = newKey.body().get("txId").asString();
        Awaitility.await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                assertThat(mesh.get("/v1/tx/" + freshTx).body().get("status").asString()).isEqualTo("COMMITTED"));
        committed.get("mv_account").add(fresh);
    }

    private static void defineTables() throws Exception {
        assertThat(mesh.put("/v1/admin/tables/mv_account", """
                {"columns":[{"name":"id","type":"bigint","nullable":false},{"name":"owner","type":"text"}],
                 "primaryKey":["id"],"placement":{"strategy":"HASH","column":"id","shards":8}}""").status())
                .isEqualTo(201);
        assertThat(mesh.put("/v1/admin/tables/mv_order", """
                {"columns":[{"name":"n","type":"bigint","nullable":false},{"name":"note","type":"text"}],
                 "primaryKey":["n"],"placement":{"strategy":"RANGE","column":"n","basePeer":"peer-1","segments":[
                  {"name":"a","peer":"peer-2","min":0,"max":1000000},
                  {"name":"b","peer":"peer-3","min":1000000,"max":null}]}}""").status()).isEqualTo(201);
        assertThat(mesh.put("/v1/admin/tables/mv_click", """
                {"columns":[{"name":"k","type":"bigint","nullable":false}],"placement":{"strategy":"ROUND_ROBIN"}}""")
                .status()).isEqualTo(201);
    }

    /** A key of mv_order: negative ones fall outside every segment (the base), the rest spread over both. */
    private static long orderKey(long k) {
        return switch ((int) (k % 3)) {
            case 0 -> -k;
            case 1 -> k * 7919 % 1_000_000;
            default -> 1_000_000 + k;
        };
    }

    /** One transaction of {@code size} accounts, orders and clicks: several peers, two-phase. */
    private void writeBatch(int size) throws Exception {
        List<Long> keys = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            keys.add(next.incrementAndGet());
        }
        write(keys, true);
    }

    private void writeUntilStopped() {
        while (running.get()) {
            long k = next.incrementAndGet();
            try {
                // Every other transaction is one account (one peer); the others touch all three tables.
                write(List.of(k), k % 2 == 1);
            } catch (Exception e) {
                writeErrors.add(k + ": " + e);
            }
        }
    }

    private void write(List<Long> keys, boolean everyTable) throws Exception {
        StringBuilder accounts = new StringBuilder();
        StringBuilder orders = new StringBuilder();
        StringBuilder clicks = new StringBuilder();
        for (long k : keys) {
            String comma = accounts.isEmpty() ? "" : ",";
            accounts.append(comma).append("{\"id\":").append(k).append(",\"owner\":\"o").append(k).append("\"}");
            orders.append(comma).append("{\"n\":").append(orderKey(k)).append(",\"note\":\"x\"}");
            clicks.append(comma).append("{\"k\":").append(k).append("}");
        }
        String body = "{\"inserts\":[{\"table\":\"mv_account\",\"rows\":[" + accounts + "]}"
                + (everyTable ? ",{\"table\":\"mv_order\",\"rows\":[" + orders + "]},{\"table\":\"mv_click\",\"rows\":["
                + clicks + "]}" : "") + "]}";
        var tx = mesh.post("/v1/tx?wait=committed", body);
        if (tx.status() != 200 || !"COMMITTED".equals(tx.body().get("status").asString())) {
            writeErrors.add(keys.get(0) + ": " + tx.status() + " " + tx.raw().body());
            return;
        }
        if (everyTable && tx.body().get("parts").size() > 1) {
            multiPeer.incrementAndGet();
        }
        for (long k : keys) {
            committed.get("mv_account").add(k);
            if (everyTable) {
                committed.get("mv_order").add(orderKey(k));
                committed.get("mv_click").add(k);
            }
        }
    }

    private void readUntilStopped() {
        while (running.get()) {
            for (String table : TABLES) {
                try {
                    Set<Long> before = new HashSet<>(committed.get(table));
                    var read = mesh.get("/v1/tables/" + table + "/rows?select=" + KEYS.get(table) + "&limit=10000");
                    if (read.status() != 200) {
                        readErrors.add(table + ": " + read.status() + " " + read.raw().body());
                        continue;
                    }
                    if (read.body().size() >= 10000) {
                        readErrors.add(table + ": more rows than one page; the check needs the whole table");
                    }
                    Map<Long, Integer> seen = new HashMap<>();
                    read.body().valueStream().forEach(row -> seen.merge(row.get(KEYS.get(table)).asLong(), 1, Integer::sum));
                    seen.forEach((key, times) -> {
                        if (times > 1) {
                            readErrors.add(table + ": " + key + " read " + times + " times");
                        }
                    });
                    before.stream().filter(key -> !seen.containsKey(key)).limit(3)
                            .forEach(key -> readErrors.add(table + ": committed " + key + " missing from a read"));
                    reads.incrementAndGet();
                } catch (Exception e) {
                    readErrors.add(table + ": " + e);
                }
            }
        }
    }

    private static void change(String changes) throws Exception {
        var applied = mesh.post("/v1/admin/placement/changes", "{\"changes\":" + changes + "}");
        assertThat(applied.status()).as(applied.raw().body()).isEqualTo(200);
        assertThat(applied.body().get("jobs")).as("moves planned: %s", applied.body()).isNotEmpty();
        awaitMovesDone();
    }

    private static void awaitMovesDone() {
        Awaitility.await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
            var moves = mesh.get("/v1/admin/moves").body();
            assertThat(moves.valueStream().filter(m -> m.get("state").asString().equals("FAILED")))
                    .as("failed moves").isEmpty();
            assertThat(moves.valueStream().filter(m -> !m.get("state").asString().equals("DONE")))
                    .as("moves not done").isEmpty();
        });
    }

    private static String peerStatus(String peer) throws Exception {
        return mesh.get("/v1/admin/peers").body().valueStream().filter(p -> p.get("id").asString().equals(peer))
                .findFirst().orElseThrow().get("status").asString();
    }

    /** Every committed row exists once in the mesh, on the peer the final placement names for it. */
    private void assertEveryRowOnceOnItsOwner(String table) throws Exception {
        TableDefinition definition = MeshJson.mapper().readValue(mesh.get("/v1/admin/tables/" + table).raw().body(),
                TableDefinition.class);
        String key = KEYS.get(table);
        Map<Long, List<String>> where = new HashMap<>();
        for (String peer : List.of("peer-1", "peer-2", "peer-3", "peer-4")) {
            keysOn(peer, table, key).forEach(k -> where.computeIfAbsent(k, x -> new ArrayList<>()).add(peer));
        }
        List<String> active = List.of("peer-1", "peer-3", "peer-4");
        for (long k : committed.get(table)) {
            List<String> peers = where.getOrDefault(k, List.of());
            assertThat(peers).as("%s %s=%d is stored once", table, key, k).hasSize(1);
            if (definition.placement() instanceof RoundRobinPlacement stripe) {
                assertThat(stripe.peers()).as("%s %s=%d on a stripe peer", table, key, k).contains(peers.get(0));
            } else {
                Map<String, Object> row = Map.of(key, k);
                assertThat(peers.get(0)).as("%s %s=%d on its owner", table, key, k)
                        .isEqualTo(RowPlacer.peersFor(definition, row, active, null).get(0));
            }
        }
        assertThat(where.keySet()).as("%s holds no row that was not committed", table)
                .containsExactlyInAnyOrderElementsOf(committed.get(table));
    }

    private static List<Long> keysOn(String peer, String table, String key) throws Exception {
        List<Long> keys = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(cluster.peerJdbcUrl(peer));
             ResultSet rs = c.createStatement().executeQuery("select " + key + " from " + table)) {
            while (rs.next()) {
                keys.add(rs.getLong(1));
            }
        } catch (SQLException e) {
            if (!"42P01".equals(e.getSQLState())) {
                throw e;
            }
        }
        return keys;
    }
}
