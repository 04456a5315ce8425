package dev.oltpmesh.it;

import dev.oltpmesh.cluster.MeshCluster;
import dev.oltpmesh.model.event.PartRouted;
import dev.oltpmesh.model.event.TableRows;
import dev.oltpmesh.model.json.MeshJson;
import dev.oltpmesh.model.placement.HashPlacement;
import dev.oltpmesh.model.placement.ShardHash;
import dev.oltpmesh.model.schema.ColumnType;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class WritePathIT {

    private static MeshCluster cluster;
    private static MeshClient mesh;

    @BeforeAll
    static void startCluster() throws Exception {
        cluster = SharedCluster.get();
        mesh = new MeshClient(cluster);
        assertThat(mesh.put("/v1/admin/tables/location", """
                {"columns":[{"name":"locationid","type":"text","nullable":false},{"name":"name","type":"text"},
                 {"name":"latitude","type":"numeric"},{"name":"longitude","type":"numeric"}],
                 "primaryKey":["locationid"],"placement":{"strategy":"REPLICATED"}}""").status()).isIn(200, 201);
        assertThat(mesh.put("/v1/admin/tables/payment", """
                {"columns":[{"name":"account","type":"text","nullable":false},{"name":"id","type":"uuid","nullable":false},
                 {"name":"qty","type":"bigint","nullable":false},{"name":"price","type":"numeric"},{"name":"ts","type":"timestamp"}],
                 "primaryKey":["account","id"],"placement":{"strategy":"HASH","column":"account","shards":6}}""")
                .status()).isIn(200, 201);
        assertThat(mesh.put("/v1/admin/tables/fruit", """
                {"columns":[{"name":"f","type":"integer","nullable":false},{"name":"label","type":"text"}],
                 "primaryKey":["f"],"placement":{"strategy":"RANGE","column":"f","basePeer":"peer-1","segments":[
                  {"name":"e2","peer":"peer-2","min":2,"max":2,"minInclusive":true,"maxInclusive":true},
                  {"name":"high","peer":"peer-3","min":100,"max":null}]}}""").status()).isIn(200, 201);
        assertThat(mesh.put("/v1/admin/tables/clicks", """
                {"columns":[{"name":"page","type":"text"}],"placement":{"strategy":"ROUND_ROBIN"}}""").status())
                .isIn(200, 201);
        assertThat(mesh.put("/v1/admin/tables/dup_check", """
                {"columns":[{"name":"n","type":"bigint","nullable":false}],"primaryKey":["n"],
                 "placement":{"strategy":"REPLICATED"}}""").status()).isIn(200, 201);
    }

    private static String tx(String table, String rows) {
        return "{\"inserts\":[{\"table\":\"" + table + "\",\"rows\":" + rows + "}]}";
    }

    @Test
    void shouldCommitDurablyAndOrderTextByBytesOnEveryPeersDatabase() throws Exception {
        for (String peer : cluster.peerIds()) {
            try (var c = java.sql.DriverManager.getConnection(cluster.peerJdbcUrl(peer));
                 var rs = c.createStatement().executeQuery(
                         "select current_setting('fsync'), current_setting('synchronous_commit'), datcollate "
                                 + "from pg_database where datname = current_database()")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).as("fsync on " + peer).isEqualTo("on");
                assertThat(rs.getString(2)).as("synchronous_commit on " + peer).isEqualTo("on");
                assertThat(rs.getString(3)).as("collation of " + peer).isEqualTo("C");
            }
        }
    }

    @Test
    void shouldStoreAReplicatedRowOnEveryPeer() throws Exception {
        String id = sha256("49.2827" + "-123.1207");
        var response = mesh.post("/v1/tx?wait=committed", tx("location",
                "[{\"locationid\":\"" + id + "\",\"name\":\"Vancouver\",\"latitude\":49.2827,\"longitude\":-123.1207}]"));
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.body().get("status").asString()).isEqualTo("COMMITTED");
        assertThat(response.body().get("parts")).hasSize(3);
        for (String peer : cluster.peerIds()) {
            assertThat(mesh.countOnPeer(peer, "select count(*) from location where locationid = '" + id + "'"))
                    .as("rows on %s", peer).isEqualTo(1);
        }
        var read = mesh.get("/v1/tables/location/rows/" + id);
        assertThat(read.status()).isEqualTo(200);
        assertThat(read.body().get("name").asString()).isEqualTo("Vancouver");
    }

    @Test
    void shouldPlaceHashedRowsOnTheOwnerOfTheirShard() throws Exception {
        var placement = mesh.get("/v1/admin/tables/payment").body().get("placement");
        List<String> assignments = new ArrayList<>();
        placement.get("assignments").forEach(n -> assignments.add(n.asString()));
        HashPlacement hash = new HashPlacement("account", 6, assignments);
        Map<String, Long> expected = new HashMap<>();
        StringBuilder rows = new StringBuilder("[");
        for (int i = 0; i < 60; i++) {
            String account = "hash-acct-" + i;
            expected.merge(hash.peerOfShard(ShardHash.shardOf(ColumnType.TEXT, account, 6)), 1L, Long::sum);
            rows.append(i == 0 ? "" : ",").append("{\"account\":\"").append(account).append("\",\"id\":\"")
                    .append(UUID.randomUUID()).append("\",\"qty\":").append(i).append("}");
        }
        var response = mesh.post("/v1/tx?wait=committed", tx("payment", rows + "]"));
        assertThat(response.body().get("status").asString()).isEqualTo("COMMITTED");
        for (String peer : cluster.peerIds()) {
            assertThat(mesh.countOnPeer(peer, "select count(*) from payment where account like 'hash-acct-%'"))
                    .as("rows on %s", peer).isEqualTo(expected.getOrDefault(peer, 0L));
        }
        var one = mesh.get("/v1/tables/payment/rows?account=eq.hash-acct-7");
        assertThat(one.status()).isEqualTo(200);
        assertThat(one.body()).hasSize(1);
        assertThat(one.header("Mesh-Peers").split(",")).hasSize(1);
    }

    @Test
    void shouldPlaceRangeRowsInTheirSegmentOrOnTheBasePeer() throws Exception {
        var response = mesh.post("/v1/tx?wait=committed",
                tx("fruit", "[{\"f\":1},{\"f\":2},{\"f\":3},{\"f\":100},{\"f\":5000}]"));
        assertThat(response.body().get("status").asString()).isEqualTo("COMMITTED");
        assertThat(mesh.countOnPeer("peer-1", "select count(*) from fruit where f in (1, 3)")).isEqualTo(2);
        assertThat(mesh.countOnPeer("peer-2", "select count(*) from fruit where f = 2")).isEqualTo(1);
        assertThat(mesh.countOnPeer("peer-3", "select count(*) from fruit where f >= 100")).isEqualTo(2);
        assertThat(mesh.countOnPeer("peer-1", "select count(*) from fruit where f in (2, 100, 5000)")).isZero();
    }

    @Test
    void shouldStripeRoundRobinRowsOverItsPeers() throws Exception {
        long[] before = new long[3];
        for (int p = 0; p < 3; p++) {
            before[p] = mesh.countOnPeer(cluster.peerIds().get(p), "select count(*) from clicks");
        }
        var response = mesh.post("/v1/tx?wait=committed",
                tx("clicks", "[{\"page\":\"a\"},{\"page\":\"b\"},{\"page\":\"c\"},{\"page\":\"d\"},{\"page\":\"e\"},{\"page\":\"f\"}]"));
        assertThat(response.body().get("status").asString()).isEqualTo("COMMITTED");
        for (int p = 0; p < 3; p++) {
            assertThat(mesh.countOnPeer(cluster.peerIds().get(p), "select count(*) from clicks") - before[p])
                    .isEqualTo(2);
        }
    }

    @Test
    void shouldCommitAThousandRowTransactionSpreadOverThreePeers() throws Exception {
        StringBuilder rows = new StringBuilder("[");
        for (int i = 0; i < 1000; i++) {
            rows.append(i == 0 ? "" : ",").append("{\"account\":\"bulk-").append(i % 97).append("\",\"id\":\"")
                    .append(UUID.randomUUID()).append("\",\"qty\":").append(i)
                    .append(",\"price\":\"12.50\",\"ts\":\"2026-11-23T10:00:00Z\"}");
        }
        var response = mesh.post("/v1/tx?wait=committed&timeout=PT30S", tx("payment", rows + "]"));
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.body().get("status").asString()).isEqualTo("COMMITTED");
        assertThat(response.body().get("rows").asInt()).isEqualTo(1000);
        assertThat(response.body().get("parts")).hasSize(3);
        long total = 0;
        for (String peer : cluster.peerIds()) {
            long onPeer = mesh.countOnPeer(peer, "select count(*) from payment where account like 'bulk-%'");
            assertThat(onPeer).as("rows on %s", peer).isPositive();
            total += onPeer;
        }
        assertThat(total).isEqualTo(1000);
        var page = mesh.get("/v1/tables/payment/rows?account=like.bulk-*&order=qty.desc&limit=5");
        assertThat(page.body()).hasSize(5);
        assertThat(page.body().get(0).get("qty").asInt()).isEqualTo(999);
        assertThat(page.body().get(4).get("qty").asInt()).isEqualTo(995);
    }

    @Test
    void shouldRefuseEveryKindOfBadInputAndStoreNothing() throws Exception {
        long before = mesh.countOnPeer("peer-1", "select count(*) from location");
        assertProblem(mesh.post("/v1/tx", tx("nosuchtable", "[{\"a\":1}]")), 400, "unknown-table");
        assertProblem(mesh.post("/v1/tx", tx("location", "[{\"locationid\":\"x\",\"colour\":\"red\"}]")), 400,
                "invalid-row");
        assertProblem(mesh.post("/v1/tx", tx("location", "[{\"locationid\":\"x\",\"latitude\":\"north\"}]")), 400,
                "invalid-row");
        assertProblem(mesh.post("/v1/tx", tx("location", "[{\"name\":\"no key\"}]")), 400, "invalid-row");
        assertProblem(mesh.post("/v1/tx", tx("location", "[{\"locationid\":\"ok\"},{\"locationid\":5.5,\"latitude\":\"x\"}]")),
                400, "invalid-row");
        assertProblem(mesh.post("/v1/tx", ""), 400, "invalid-input");
        assertProblem(mesh.post("/v1/tx", "{\"inserts\":[]}"), 400, "invalid-input");
        assertProblem(mesh.post("/v1/tx", "{not json"), 400, "invalid-input");
        assertProblem(mesh.post("/v1/tx?wait=forever", tx("location", "[{\"locationid\":\"y\"}]")), 400,
                "invalid-input");
        StringBuilder many = new StringBuilder("[");
        for (int i = 0; i <= 10_000; i++) {
            many.append(i == 0 ? "" : ",").append("{\"locationid\":\"m").append(i).append("\"}");
        }
        assertProblem(mesh.post("/v1/tx", tx("location", many + "]")), 413, "too-large");
        assertProblem(mesh.send(mesh.request("/v1/tables/location/rows").DELETE()), 405, "insert-only");
        var anonymous = mesh.send(mesh.request("/v1/tables/location/rows").setHeader("Authorization", "Bearer wrong").GET());
        assertThat(anonymous.status()).isEqualTo(401);
        assertThat(mesh.countOnPeer("peer-1", "select count(*) from location")).isEqualTo(before);
    }

    @Test
    void shouldStoreAnIdempotentRetryOnce() throws Exception {
        String body = tx("dup_check", "[{\"n\":424242}]");
        var first = mesh.post("/v1/tx?wait=committed", body, "retry-1");
        var second = mesh.post("/v1/tx?wait=committed", body, "retry-1");
        assertThat(first.body().get("txId").asString()).isEqualTo(second.body().get("txId").asString());
        assertProblem(mesh.post("/v1/tx", tx("dup_check", "[{\"n\":1}]"), "retry-1"), 422, "idempotency-key-reused");
        assertThat(mesh.countOnPeer("peer-1", "select count(*) from dup_check where n = 424242")).isEqualTo(1);
    }

    @Test
    void shouldRefuseADuplicateKeyAndSayWhichPeerRefused() throws Exception {
        assertThat(mesh.post("/v1/tx?wait=committed", tx("fruit", "[{\"f\":7}]")).body().get("status").asString())
                .isEqualTo("COMMITTED");
        var again = mesh.post("/v1/tx?wait=committed", tx("fruit", "[{\"f\":7}]"));
        assertThat(again.body().get("status").asString()).isEqualTo("FAILED");
        assertThat(again.body().get("error").asString()).contains("peer-1").contains("duplicate key");
        assertThat(mesh.countOnPeer("peer-1", "select count(*) from fruit where f = 7")).isEqualTo(1);
    }

    @Test
    void shouldApplyAPartDeliveredTwiceOnce() throws Exception {
        String txId = UUID.randomUUID().toString();
        PartRouted part = PartRouted.sealed(txId, "peer-1", 1, Instant.now(),
                List.of(new TableRows("dup_check", 1, List.of(Map.of("n", 777L)))));
        sendTwice("mesh.peer.peer-1", txId, part);
        await().atMost(Duration.ofSeconds(30)).until(() -> mesh.countOnPeer("peer-1",
                "select count(*) from mesh_applied_parts where tx_id = '" + txId + "'") == 1);
        long endOffset = endOffsetOf("mesh.peer.peer-1");
        await().atMost(Duration.ofSeconds(30)).until(() -> mesh.countOnPeer("peer-1",
                "select next_offset from mesh_offsets where topic = 'mesh.peer.peer-1'") >= endOffset);
        assertThat(mesh.countOnPeer("peer-1", "select count(*) from dup_check where n = 777")).isEqualTo(1);
    }

    @Test
    void shouldRefuseAndReportAPartWithAWrongChecksum() throws Exception {
        String txId = UUID.randomUUID().toString();
        PartRouted sealed = PartRouted.sealed(txId, "peer-2", 1, Instant.now(),
                List.of(new TableRows("dup_check", 1, List.of(Map.of("n", 999L)))));
        PartRouted tampered = sealed.withChecksum("0".repeat(64));
        try (var producer = Signers.router(cluster)) {
            producer.send(new ProducerRecord<>("mesh.peer.peer-2", txId, tampered)).get();
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> mesh.countOnPeer("peer-2",
                "select count(*) from mesh_refused_parts where tx_id = '" + txId + "' and reason like 'checksum%'") == 1);
        assertThat(mesh.countOnPeer("peer-2", "select count(*) from dup_check where n = 999")).isZero();
        try (var consumer = new KafkaConsumer<String, String>(KafkaClients.operator(cluster,
                ConsumerConfig.GROUP_ID_CONFIG, "it-dlq-" + txId,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of("mesh.dlq"));
            List<String> seen = new ArrayList<>();
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                consumer.poll(Duration.ofMillis(500)).forEach(r -> seen.add(r.value()));
                return seen.stream().anyMatch(v -> v.contains(txId) && v.contains("checksum mismatch"));
            });
        }
    }

    @Test
    void shouldShowOperatorsOutcomesAndNoLagOnceEveryPeerCaughtUp() throws Exception {
        assertThat(mesh.post("/v1/tx?wait=committed", tx("clicks", "[{\"page\":\"ops\"}]")).body().get("status")
                .asString()).isEqualTo("COMMITTED");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            var peers = mesh.get("/v1/admin/peers").body();
            assertThat(peers).hasSize(3);
            peers.forEach(peer -> {
                assertThat(peer.get("health").asString()).isEqualTo("UP");
                assertThat(peer.get("lag").asLong()).as("lag of %s", peer.get("id")).isZero();
            });
        });
        var metrics = mesh.send(mesh.request("/actuator/prometheus").GET()).raw().body();
        assertThat(metrics).contains("mesh_transactions_total{outcome=\"accepted\"}")
                .contains("mesh_transactions_total{outcome=\"committed\"}")
                .contains("mesh_transactions_commit_latency_seconds_count");
        assertThat(metrics).doesNotContain("mesh_transactions_total{outcome=\"committed\"} 0.0");
    }

    private static void sendTwice(String topic, String key, Object value) throws Exception {
        try (var producer = Signers.router(cluster)) {
            producer.send(new ProducerRecord<>(topic, key, value)).get();
            producer.send(new ProducerRecord<>(topic, key, value)).get();
        }
    }

    private static long endOffsetOf(String topic) {
        try (var consumer = new KafkaConsumer<String, String>(KafkaClients.operator(cluster), new StringDeserializer(),
                new StringDeserializer())) {
            var tp = new org.apache.kafka.common.TopicPartition(topic, 0);
            return consumer.endOffsets(List.of(tp)).get(tp);
        }
    }


    private static void assertProblem(MeshClient.Response response, int status, String type) {
        assertThat(response.status()).as(response.raw().body()).isEqualTo(status);
        assertThat(response.header("Content-Type")).startsWith("application/problem+json");
        assertThat(response.body().get("type").asString()).endsWith("/" + type);
        assertThat(response.body().get("detail").asString()).isNotBlank();
    }

    private static String sha256(String text) {
        return MeshJson.sha256(text);
    }
}
