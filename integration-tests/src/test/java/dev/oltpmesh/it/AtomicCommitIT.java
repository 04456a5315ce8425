package dev.oltpmesh.it;

import dev.oltpmesh.cluster.MeshCluster;
import dev.oltpmesh.model.event.PartRouted;
import dev.oltpmesh.model.event.TableRows;
import dev.oltpmesh.model.event.TransactionDecided;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Transactions over several peers commit on all of them or on none, by two-phase commit over the log
 * with PostgreSQL's prepared transactions; the router decides.
 */
class AtomicCommitIT {

    private static MeshCluster cluster;
    private static MeshClient mesh;

    @BeforeAll
    static void defineTable() throws Exception {
        cluster = SharedCluster.get();
        mesh = new MeshClient(cluster);
        assertThat(mesh.put("/v1/admin/tables/transfer", """
                {"columns":[{"name":"account","type":"text","nullable":false},{"name":"n","type":"bigint","nullable":false},
                 {"name":"amount","type":"numeric"}],
                 "primaryKey":["account","n"],"placement":{"strategy":"HASH","column":"account","shards":12}}""")
                .status()).isIn(200, 201);
    }

    /** Rows for 24 accounts: with 12 shards over three peers, every peer holds some of them. */
    private static String rows(String prefix, long n) {
        StringBuilder rows = new StringBuilder("[");
        for (int i = 0; i < 24; i++) {
            rows.append(i == 0 ? "" : ",").append("{\"account\":\"").append(prefix).append(i)
                    .append("\",\"n\":").append(n).append(",\"amount\":\"10.00\"}");
        }
        return rows + "]";
    }

    private static String tx(String rows) {
        return "{\"inserts\":[{\"table\":\"transfer\",\"rows\":" + rows + "}]}";
    }

    private static long rowsEverywhere(String where) throws Exception {
        long total = 0;
        for (String peer : cluster.peerIds()) {
            total += mesh.countOnPeer(peer, "select count(*) from transfer where " + where);
        }
        return total;
    }

    private static long inDoubtEverywhere() throws Exception {
        long total = 0;
        for (String peer : cluster.peerIds()) {
            total += mesh.countOnPeer(peer, "select count(*) from pg_prepared_xacts");
        }
        return total;
    }

    private static List<String> partStatuses(JsonNode status) {
        List<String> statuses = new ArrayList<>();
        status.get("parts").forEach(p -> statuses.add(p.get("peer").asString() + "=" + p.get("status").asString()));
        return statuses;
    }

    @Test
    void shouldCommitOnEveryPeerAndShowRowsRightAfter() throws Exception {
        var answer = mesh.post("/v1/tx?wait=committed", tx(rows("c", 1)));
        assertThat(answer.body().get("status").asString()).isEqualTo("COMMITTED");
        assertThat(answer.body().get("decision").asString()).isEqualTo("COMMIT");
        assertThat(partStatuses(answer.body())).hasSize(3).allMatch(s -> s.endsWith("=COMMITTED"));
        answer.body().get("parts").forEach(p -> assertThat(p.get("seq").isNumber()).isTrue());
        var read = mesh.get("/v1/tables/transfer/rows?account=like.c*&n=eq.1&limit=100");
        assertThat(read.body()).hasSize(24);
        await().atMost(Duration.ofSeconds(10)).until(() -> inDoubtEverywhere() == 0);
    }

    @Test
    void shouldAbortEverywhereWhenOnePeerRefuses() throws Exception {
        assertThat(mesh.post("/v1/tx?wait=committed", tx("[{\"account\":\"a5\",\"n\":2}]")).body().get("status")
                .asString()).isEqualTo("COMMITTED");
        var answer = mesh.post("/v1/tx?wait=committed", tx(rows("a", 2)));
        assertThat(answer.body().get("status").asString()).isEqualTo("FAILED");
        assertThat(answer.body().get("decision").asString()).isEqualTo("ABORT");
        assertThat(answer.body().get("error").asString()).contains("duplicate key");
        assertThat(rowsEverywhere("n = 2")).as("only the row committed before").isEqualTo(1);
        await().atMost(Duration.ofSeconds(10)).until(() -> inDoubtEverywhere() == 0);
        String txId = answer.body().get("txId").asString();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(partStatuses(mesh.get("/v1/tx/" + txId)
                .body())).allMatch(s -> s.endsWith("=REFUSED") || s.endsWith("=ABORTED")));
        assertThat(mesh.post("/v1/tx?wait=committed", tx(rows("a", 3))).body().get("status").asString())
                .isEqualTo("COMMITTED");
    }

    @Test
    void shouldAbortWhenAPeerDoesNotVoteAndTellItTheDecisionWhenItReturns() throws Exception {
        cluster.stopPeer("peer-3");
        String txId;
        try {
            var answer = mesh.post("/v1/tx?wait=committed&timeout=PT60S", tx(rows("d", 4)));
            assertThat(answer.body().get("status").asString()).isEqualTo("FAILED");
            assertThat(answer.body().get("error").asString()).contains("peer-3").contains("did not vote");
            txId = answer.body().get("txId").asString();
            assertThat(mesh.countOnPeer("peer-1", "select count(*) from transfer where n = 4")
                    + mesh.countOnPeer("peer-2", "select count(*) from transfer where n = 4")).isZero();
        } finally {
            cluster.startPeer("peer-3");
        }
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(partStatuses(mesh.get("/v1/tx/" + txId)
                .body())).contains("peer-3=ABORTED"));
        assertThat(rowsEverywhere("n = 4")).isZero();
        await().atMost(Duration.ofSeconds(10)).until(() -> inDoubtEverywhere() == 0);
        assertThat(mesh.post("/v1/tx?wait=committed", tx(rows("d", 5))).body().get("status").asString())
                .isEqualTo("COMMITTED");
    }

    @Test
    void shouldKeepRowsOfAPreparedPartInvisibleUntilTheDecision() throws Exception {
        String txId = UUID.randomUUID().toString();
        PartRouted part = PartRouted.sealed(txId, "peer-1", 1, Instant.now(), List.of(new TableRows("transfer", 1,
                List.of(Map.of("account", "hidden", "n", 6L, "amount", "1.00")))), List.of("peer-1", "peer-2"));
        try (var producer = Signers.router(cluster)) {
            producer.send(new ProducerRecord<>("mesh.peer.peer-1", txId, part)).get();
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> mesh.countOnPeer("peer-1",
                "select count(*) from pg_prepared_xacts where gid = 'mesh:" + txId + "'") == 1);
        assertThat(mesh.countOnPeer("peer-1", "select count(*) from transfer where account = 'hidden'")).isZero();
        assertThat(mesh.get("/v1/tables/transfer/rows?account=eq.hidden").body()).isEmpty();
        try (var producer = Signers.router(cluster)) {
            producer.send(new ProducerRecord<>("mesh.peer.peer-1.decisions", txId, new TransactionDecided(txId, true,
                    List.of("peer-1", "peer-2"), null, Instant.now()))).get();
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> mesh.countOnPeer("peer-1",
                "select count(*) from transfer where account = 'hidden'") == 1);
        assertThat(mesh.countOnPeer("peer-1", "select count(*) from mesh_applied_parts where tx_id = '" + txId + "'"))
                .isEqualTo(1);
        assertThat(mesh.countOnPeer("peer-1", "select count(*) from pg_prepared_xacts")).isZero();
    }

}
