package dev.oltpmesh.it;

import dev.oltpmesh.cluster.MeshCluster;
import dev.oltpmesh.model.placement.ShardHash;
import dev.oltpmesh.model.schema.ColumnType;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Placement changes as an administrator makes them through the gateway: a group applied as one new
 * placement version that routing follows at once, or refused whole with every reason and nothing
 * changed; rows already written stay readable.
 */
class PlacementChangeIT {

    private static MeshCluster cluster;
    private static MeshClient mesh;

    @BeforeAll
    static void tables() throws Exception {
        cluster = SharedCluster.get();
        mesh = new MeshClient(cluster);
        assertThat(mesh.put("/v1/admin/tables/pc_range", """
                {"columns":[{"name":"n","type":"integer","nullable":false},{"name":"label","type":"text"}],
                 "primaryKey":["n"],"placement":{"strategy":"RANGE","column":"n","basePeer":"peer-1","segments":[
                  {"name":"low","peer":"peer-2","min":0,"max":100},
                  {"name":"high","peer":"peer-3","min":1000,"max":null}]}}""").status()).isIn(200, 201);
        assertThat(mesh.put("/v1/admin/tables/pc_stripe", """
                {"columns":[{"name":"page","type":"text"}],"placement":{"strategy":"ROUND_ROBIN"}}""").status())
                .isIn(200, 201);
    }

    private static String rows(String table, String rows) {
        return "{\"inserts\":[{\"table\":\"" + table + "\",\"rows\":" + rows + "}]}";
    }

    private static long placementVersion() throws Exception {
        return mesh.get("/v1/admin/placement").body().get("version").asLong();
    }

    private static MeshClient.Response change(String changes) throws Exception {
        return mesh.post("/v1/admin/placement/changes", "{\"changes\":" + changes + "}");
    }

    @Test
    void shouldRouteByTheNewVersionOnceAGroupOfChangesIsApplied() throws Exception {
        assertThat(mesh.post("/v1/tx?wait=committed", rows("pc_range",
                "[{\"n\":10,\"label\":\"before\"},{\"n\":150,\"label\":\"before\"}]")).status()).isEqualTo(200);
        long before = placementVersion();

        var applied = change("""
                [{"op":"splitSegment","table":"pc_range","segment":"low","at":50,"name":"low-upper"},
                 {"op":"addSegment","table":"pc_range","segment":{"name":"base-200s","peer":"peer-1","min":200,"max":300}},
                 {"op":"mergeSegments","table":"pc_range","segments":["low","low-upper"],"name":"low"},
                 {"op":"splitSegment","table":"pc_range","segment":"high","at":2000,"name":"higher"}]""");

        assertThat(applied.status()).as(applied.raw().body()).isEqualTo(200);
        assertThat(applied.body().get("version").asLong()).isEqualTo(before + 1);
        assertThat(applied.body().get("moves")).isEmpty();
        var placement = mesh.get("/v1/admin/placement").body().get("tables").get("pc_range");
        assertThat(placement.get("segments")).extracting(s -> s.get("name").asString())
                .containsExactlyInAnyOrder("low", "base-200s", "high", "higher");
        var table = mesh.get("/v1/admin/tables/pc_range").body();
        assertThat(table.get("version").asInt()).as("a placement change is a new version of the table").isEqualTo(2);

        var written = mesh.post("/v1/tx?wait=committed", rows("pc_range",
                "[{\"n\":60,\"label\":\"after\"},{\"n\":250,\"label\":\"after\"},{\"n\":2500,\"label\":\"after\"}]"));
        assertThat(written.status()).as(written.raw().body()).isEqualTo(200);
        assertThat(mesh.countOnPeer("peer-2", "select count(*) from pc_range where n in (10, 60)")).isEqualTo(2);
        assertThat(mesh.countOnPeer("peer-1", "select count(*) from pc_range where n in (150, 250)")).isEqualTo(2);
        assertThat(mesh.countOnPeer("peer-3", "select count(*) from pc_range where n = 2500")).isEqualTo(1);
        assertThat(mesh.get("/v1/tables/pc_range/rows?limit=100").body()).hasSize(5);
        var stats = mesh.get("/v1/admin/tables/pc_range/stats").body();
        assertThat(stats.get("segments").toString())
                .isEqualTo("{\"low\":2,\"high\":0,\"higher\":1,\"base-200s\":1,\"base\":1}");
        assertThat(stats.get("peers")).anySatisfy(peer -> {
            assertThat(peer.get("peer").asString()).isEqualTo("peer-1");
            assertThat(peer.get("segments").toString()).isEqualTo("{\"base-200s\":1,\"base\":1}");
        });

        // The definition re-applied as it was first given keeps the placement the changes made.
        var reapplied = mesh.put("/v1/admin/tables/pc_range", """
                {"columns":[{"name":"n","type":"integer","nullable":false},{"name":"label","type":"text"}],
                 "primaryKey":["n"],"placement":{"strategy":"RANGE","column":"n","basePeer":"peer-1","segments":[
                  {"name":"low","peer":"peer-2","min":0,"max":100},
                  {"name":"high","peer":"peer-3","min":1000,"max":null}]}}""");
        assertThat(reapplied.status()).isEqualTo(200);
        assertThat(reapplied.body().get("placement").get("segments")).hasSize(4);
    }

    @Test
    void shouldCountTheRowsOfEveryShardWhereTheyLie() throws Exception {
        assertThat(mesh.put("/v1/admin/tables/pc_hash", """
                {"columns":[{"name":"account","type":"text","nullable":false}],"primaryKey":["account"],
                 "placement":{"strategy":"HASH","column":"account","shards":4}}""").status()).isIn(200, 201);
        var placement = mesh.get("/v1/admin/tables/pc_hash").body().get("placement");
        Map<Integer, Long> expected = new TreeMap<>();
        StringBuilder rows = new StringBuilder("[");
        for (int i = 0; i < 40; i++) {
            rows.append(i == 0 ? "" : ",").append("{\"account\":\"acct-").append(i).append("\"}");
            expected.merge(ShardHash.shardOf(ColumnType.TEXT, "acct-" + i, 4), 1L, Long::sum);
        }
        assertThat(mesh.post("/v1/tx?wait=committed", rows("pc_hash", rows + "]")).status()).isEqualTo(200);

        var stats = mesh.get("/v1/admin/tables/pc_hash/stats").body();

        for (var shard : expected.entrySet()) {
            assertThat(stats.get("shards").get(String.valueOf(shard.getKey())).asLong()).isEqualTo(shard.getValue());
            String owner = placement.get("assignments").get(shard.getKey()).asString();
            assertThat(stats.get("peers")).anySatisfy(peer -> {
                assertThat(peer.get("peer").asString()).isEqualTo(owner);
                assertThat(peer.get("shards").get(String.valueOf(shard.getKey())).asLong()).isEqualTo(shard.getValue());
            });
        }
    }

    @Test
    void shouldStopStripingOnAPeerTakenOutAndStillReadItsRows() throws Exception {
        StringBuilder before = new StringBuilder("[");
        for (int i = 0; i < 9; i++) {
            before.append(i == 0 ? "" : ",").append("{\"page\":\"before-").append(i).append("\"}");
        }
        assertThat(mesh.post("/v1/tx?wait=committed", rows("pc_stripe", before + "]")).status()).isEqualTo(200);
        long onPeer2 = mesh.countOnPeer("peer-2", "select count(*) from pc_stripe");
        assertThat(onPeer2).isPositive();

        var applied = change("[{\"op\":\"removeStripePeer\",\"table\":\"pc_stripe\",\"peer\":\"peer-2\"}]");
        assertThat(applied.status()).as(applied.raw().body()).isEqualTo(200);

        StringBuilder after = new StringBuilder("[");
        for (int i = 0; i < 9; i++) {
            after.append(i == 0 ? "" : ",").append("{\"page\":\"after-").append(i).append("\"}");
        }
        assertThat(mesh.post("/v1/tx?wait=committed", rows("pc_stripe", after + "]")).status()).isEqualTo(200);
        assertThat(mesh.countOnPeer("peer-2", "select count(*) from pc_stripe")).isEqualTo(onPeer2);
        assertThat(mesh.get("/v1/tables/pc_stripe/rows?limit=100").body()).hasSize(18);
    }

    @Test
    void shouldRefuseAGroupWholeWithEveryReasonAndChangeNothing() throws Exception {
        long before = placementVersion();
        String placement = mesh.get("/v1/admin/placement").body().toString();

        var refused = change("""
                [{"op":"splitSegment","table":"pc_range","segment":"high","at":5000,"name":"top"},
                 {"op":"moveSegment","table":"pc_range","segment":"nowhere","to":"peer-1"},
                 {"op":"addSegment","table":"pc_range","segment":{"name":"clash","peer":"peer-1","min":5,"max":20}},
                 {"op":"addStripePeer","table":"pc_stripe","peer":"peer-9"}]""");

        assertThat(refused.status()).isEqualTo(422);
        assertThat(refused.body().get("type").asString()).endsWith("/invalid-change");
        assertThat(refused.body().get("violations")).extracting(v -> v.asString()).anySatisfy(
                        v -> assertThat(v).contains("has no segment 'nowhere'"))
                .anySatisfy(v -> assertThat(v).contains("'peer-9' is not an active peer"))
                .anySatisfy(v -> assertThat(v).contains("overlap"));
        assertThat(placementVersion()).isEqualTo(before);
        assertThat(mesh.get("/v1/admin/placement").body().toString()).isEqualTo(placement);

        assertThat(change("[{\"op\":\"teleport\",\"table\":\"pc_range\"}]").status()).isEqualTo(400);
        assertThat(change("[]").status()).isEqualTo(422);
        assertThat(mesh.post("/v1/admin/placement/changes", "not json").status()).isEqualTo(400);
    }

    @Test
    void shouldKeepReadingTheSourceOfAMoveThatFailedToVerifyAndFinishItWhenRetried() throws Exception {
        assertThat(mesh.put("/v1/admin/tables/pc_retry", """
                {"columns":[{"name":"id","type":"integer","nullable":false},{"name":"note","type":"text"}],
                 "primaryKey":["id"],"placement":{"strategy":"HASH","column":"id","shards":4}}""").status())
                .isIn(200, 201);
        StringBuilder rows = new StringBuilder("[");
        for (int i = 0; i < 60; i++) {
            rows.append(i == 0 ? "" : ",").append("{\"id\":").append(i).append(",\"note\":\"n").append(i).append("\"}");
        }
        assertThat(mesh.post("/v1/tx?wait=committed", rows("pc_retry", rows + "]")).status()).isEqualTo(200);
        var assignments = mesh.get("/v1/admin/tables/pc_retry").body().get("placement").get("assignments");
        String from = assignments.get(0).asString();
        String to = assignments.get(1).asString();
        assertThat(to).as("shards 0 and 1 on different peers").isNotEqualTo(from);
        long inShard0 = IntStream.range(0, 60).filter(i -> ShardHash.shardOf(ColumnType.INTEGER, i, 4) == 0).count();

        // The next move's target already holds a row marked as one of its copies, as a fault would leave
        // it: the copies will not match the source.
        long moveId;
        try (Connection config = DriverManager.getConnection(cluster.configJdbcUrl());
             ResultSet rs = config.createStatement().executeQuery(
                     "select case when is_called then last_value + 1 else last_value end from moves_id_seq")) {
            assertThat(rs.next()).isTrue();
            moveId = rs.getLong(1);
        }
        try (Connection target = DriverManager.getConnection(cluster.peerJdbcUrl(to))) {
            target.createStatement().executeUpdate("insert into pc_retry (id, note, _tx, _seq, _row, _move, _shard) "
                    + "values (1000000, 'stray', gen_random_uuid(), 0, 0, " + moveId + ", 0)");
        }
        var applied = change("[{\"op\":\"moveShard\",\"table\":\"pc_retry\",\"shard\":0,\"to\":\"" + to + "\"}]");
        assertThat(applied.status()).as(applied.raw().body()).isEqualTo(200);
        assertThat(applied.body().get("jobs")).extracting(j -> j.asLong()).containsExactly(moveId);

        Awaitility.await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                assertThat(mesh.get("/v1/admin/moves/" + moveId).body().get("state").asString()).isEqualTo("FAILED"));
        var failed = mesh.get("/v1/admin/moves/" + moveId).body();
        assertThat(failed.get("error").asString()).contains(inShard0 + " rows of the region", (inShard0 + 1) + " (digest",
                "still read from " + from);
        assertThat(ids(mesh.get("/v1/tables/pc_retry/rows?limit=1000").body())).as("the source's rows, each once")
                .containsExactlyElementsOf(IntStream.range(0, 60).boxed().toList());
        assertThat(change("[{\"op\":\"moveShard\",\"table\":\"pc_retry\",\"shard\":2,\"to\":\"" + to + "\"}]")
                .status()).as("a table with a failed move takes no change").isEqualTo(422);
        assertThat(mesh.post("/v1/tx?wait=committed", rows("pc_retry", "[{\"id\":60,\"note\":\"during\"}]")).status())
                .isEqualTo(200);

        var retried = mesh.post("/v1/admin/moves/" + moveId + "/retry", "");
        assertThat(retried.status()).as(retried.raw().body()).isEqualTo(202);
        assertThat(retried.body().get("state").asString()).isEqualTo("PLANNED");
        assertThat(mesh.post("/v1/admin/moves/" + moveId + "/retry", "").status()).as("only a failed move")
                .isEqualTo(409);
        assertThat(mesh.post("/v1/admin/moves/999999/retry", "").status()).isEqualTo(404);
        var notAnId = mesh.post("/v1/admin/moves/99999999999999999999/retry", "");
        assertThat(notAnId.status()).isEqualTo(400);
        assertThat(notAnId.body().get("type").asString()).endsWith("/invalid-input");

        Awaitility.await().atMost(Duration.ofSeconds(90)).untilAsserted(() ->
                assertThat(mesh.get("/v1/admin/moves/" + moveId).body().get("state").asString()).isEqualTo("DONE"));
        assertThat(mesh.get("/v1/admin/moves/" + moveId).body().get("attempt").asInt()).isEqualTo(1);
        assertThat(ids(mesh.get("/v1/tables/pc_retry/rows?limit=1000").body()))
                .containsExactlyElementsOf(IntStream.rangeClosed(0, 60).boxed().toList());
        assertThat(mesh.countOnPeer(to, "select count(*) from pc_retry where id = 1000000")).isZero();
        assertThat(mesh.countOnPeer(from, "select count(*) from pc_retry where _shard = 0")).isZero();
        assertThat(mesh.countOnPeer(to, "select count(*) from pc_retry where _shard = 0"))
                .isEqualTo(inShard0 + (ShardHash.shardOf(ColumnType.INTEGER, 60, 4) == 0 ? 1 : 0));
    }

    private static List<Integer> ids(tools.jackson.databind.JsonNode rows) {
        List<Integer> ids = new java.util.ArrayList<>();
        rows.forEach(row -> ids.add(row.get("id").asInt()));
        return ids.stream().sorted().toList();
    }

    @Test
    void shouldShowARebalancePlanWithoutApplyingItAndRefuseToDrainAPeerThatIsNotThere() throws Exception {
        long before = placementVersion();
        var plan = mesh.post("/v1/admin/rebalance?dryRun=true", "");
        assertThat(plan.status()).as(plan.raw().body()).isEqualTo(200);
        assertThat(plan.body().get("moves").isArray()).isTrue();
        assertThat(plan.body().get("before").isObject()).isTrue();
        assertThat(plan.body().get("jobs")).isEmpty();
        assertThat(placementVersion()).as("a dry run changes nothing").isEqualTo(before);

        var unknown = mesh.post("/v1/admin/peers/peer-99/drain", "");
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(placementVersion()).isEqualTo(before);
    }

    @Test
    void shouldRefusePeerIdsThatWouldTakeAServicesIdentityOrAnotherPeersTopics() throws Exception {
        for (String id : List.of("router", "config", "gateway", "broker", "operator", "peer-1-decisions")) {
            var refused = mesh.put("/v1/admin/peers/" + id, "{\"queryUrl\":\"http://localhost:1\"}");
            assertThat(refused.status()).as(id).isEqualTo(400);
        }
        assertThat(mesh.get("/v1/admin/peers").body()).extracting(p -> p.get("id").asString())
                .containsExactlyInAnyOrder("peer-1", "peer-2", "peer-3");
    }
}
