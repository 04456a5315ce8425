package dev.oltpmesh.it;

import dev.oltpmesh.cluster.MeshCluster;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.errors.GroupIdNotFoundException;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A peer added to a running mesh, as {@code ./mesh up --spare 1} lets a user try it: it holds nothing
 * until registered, then receives new replicated rows and new stripe rows, is filled with the
 * replicated rows written before it joined (a backfill, while writes go on), and only then is read
 * for them. Its own cluster (two peers and a spare), so the shared one keeps three.
 */
class PeerJoinIT {

    private static MeshCluster cluster;
    private static MeshClient mesh;

    @BeforeAll
    static void start() throws Exception {
        Assumptions.assumeFalse(SharedCluster.onContainers(), "a cluster with a spare peer runs on the embedded "
                + "infrastructure only; the container fixture brings the databases of the shared cluster");
        cluster = MeshCluster.start(Files.createTempDirectory("mesh-join-"), 2, 2, 0);
        mesh = new MeshClient(cluster);
    }

    @AfterAll
    static void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    /** How many consumers read a peer's inbox: its consumer group's members, none where there is no group. */
    private static int inboxReaders(String peer) throws Exception {
        try (Admin admin = Admin.create(KafkaClients.operator(cluster))) {
            String group = "mesh-peer-" + peer;
            return admin.describeConsumerGroups(List.of(group)).all().get(10, TimeUnit.SECONDS).get(group)
                    .members().size();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof GroupIdNotFoundException) {
                return 0;
            }
            throw e;
        }
    }

    /** The backfill of a table to a peer, as GET /v1/admin/moves shows it. */
    private static JsonNode backfill(String table, String peer) throws Exception {
        var moves = mesh.get("/v1/admin/moves").body();
        return moves.valueStream()
                .filter(move -> move.get("table").asString().equals(table) && move.get("to").asString().equals(peer))
                .findFirst().orElseThrow(() -> new AssertionError("no backfill of " + table + " to " + peer + ": " + moves));
    }

    private static void awaitBackfilled(String table, String peer) {
        Awaitility.await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                assertThat(backfill(table, peer).get("state").asString()).isEqualTo("DONE"));
        try {
            var done = backfill(table, peer);
            assertThat(done.path("error").isString()).as("no error left on a finished job: " + done).isFalse();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String rows(String table, String rows) {
        return "{\"inserts\":[{\"table\":\"" + table + "\",\"rows\":" + rows + "}]}";
    }

    private static String cities(String prefix, int count) {
        StringBuilder rows = new StringBuilder("[");
        for (int i = 0; i < count; i++) {
            rows.append(i == 0 ? "" : ",").append("{\"id\":\"").append(prefix).append(i).append("\"}");
        }
        return rows + "]";
    }

    @Test
    void shouldBeFilledWithEveryReplicatedRowWhileWritesGoOnAndOnlyThenBeRead() throws Exception {
        assertThat(cluster.spareIds()).containsExactly("peer-3", "peer-4");
        assertThat(mesh.put("/v1/admin/tables/pj_city", """
                {"columns":[{"name":"id","type":"text","nullable":false}],"primaryKey":["id"],
                 "placement":{"strategy":"REPLICATED"}}""").status()).isEqualTo(201);
        assertThat(mesh.put("/v1/admin/tables/pj_click", """
                {"columns":[{"name":"page","type":"text"}],"placement":{"strategy":"ROUND_ROBIN"}}""").status())
                .isEqualTo(201);
        assertThat(mesh.post("/v1/tx?wait=committed", rows("pj_city", cities("before-", 5))).status()).isEqualTo(200);
        assertThat(mesh.get("/v1/admin/peers").body()).hasSize(2);
        assertThat(inboxReaders("peer-3")).as("a spare reads no inbox before it is added").isZero();

        // Added while its service is down: the backfill waits for it, and goes on once it is back.
        cluster.stopPeer("peer-3");
        var added = mesh.put("/v1/admin/peers/peer-3",
                "{\"queryUrl\":\"" + cluster.serviceUrl("peer-3") + "\",\"region\":\"local\"}");
        assertThat(added.status()).isEqualTo(201);
        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            var move = backfill("pj_city", "peer-3");
            assertThat(move.get("state").asString()).isIn("PLANNED", "COPYING");
            assertThat(move.path("error").isString()).as(move.toString()).isTrue();
            assertThat(move.path("error").stringValue()).startsWith("waiting:");
        });
        cluster.startPeer("peer-3");
        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(inboxReaders("peer-3")).as("reading its inbox once added").isPositive());

        // Nothing is written meanwhile: the router announces the version peer-3 joined at on its own.
        awaitBackfilled("pj_city", "peer-3");
        assertThat(mesh.countOnPeer("peer-3", "select count(*) from pj_city")).isEqualTo(5);

        // Writes go on while the next newcomer is filled: each goes to every holder and to the newcomer.
        assertThat(mesh.put("/v1/admin/peers/peer-4",
                "{\"queryUrl\":\"" + cluster.serviceUrl("peer-4") + "\",\"region\":\"local\"}").status())
                .isEqualTo(201);
        AtomicInteger written = new AtomicInteger(5);
        AtomicReference<String> writeError = new AtomicReference<>();
        Thread writer = Thread.ofVirtual().start(() -> {
            for (int i = 0; i < 20; i++) {
                try {
                    var tx = mesh.post("/v1/tx?wait=committed", rows("pj_city", cities("during-" + i + "-", 5)));
                    if (tx.status() != 200) {
                        writeError.set(tx.raw().body());
                        return;
                    }
                    written.addAndGet(5);
                } catch (Exception e) {
                    writeError.set(e.toString());
                    return;
                }
            }
        });
        awaitBackfilled("pj_city", "peer-4");
        assertThat(writer.join(Duration.ofSeconds(60))).as("the writer finished").isTrue();
        assertThat(writeError.get()).as("no write failed during the backfill").isNull();
        assertThat(written.get()).isEqualTo(105);

        assertThat(mesh.get("/v1/admin/tables/pj_city").body().get("placement").get("peers"))
                .as("read from the newcomer once it holds every row")
                .extracting(p -> p.asString()).containsExactly("peer-1", "peer-2", "peer-3", "peer-4");
        for (String peer : List.of("peer-1", "peer-2", "peer-3", "peer-4")) {
            assertThat(mesh.countOnPeer(peer, "select count(*) from pj_city")).as(peer).isEqualTo(105);
        }
        var verified = mesh.get("/v1/admin/tables/pj_city/stats?digest=true").body();
        assertThat(verified.get("replicas").get("agree").asBoolean()).as(verified.toString()).isTrue();
        assertThat(verified.get("replicas").get("holders")).extracting(p -> p.asString())
                .containsExactly("peer-1", "peer-2", "peer-3", "peer-4");
        for (int i = 0; i < 5; i++) {
            assertThat(mesh.get("/v1/tables/pj_city/rows?limit=1000").body()).hasSize(105);
        }

        var striped = mesh.post("/v1/admin/placement/changes",
                "{\"changes\":[{\"op\":\"addStripePeer\",\"table\":\"pj_click\",\"peer\":\"peer-3\"}]}");
        assertThat(striped.status()).as(striped.raw().body()).isEqualTo(200);
        StringBuilder clicks = new StringBuilder("[");
        for (int i = 0; i < 9; i++) {
            clicks.append(i == 0 ? "" : ",").append("{\"page\":\"p").append(i).append("\"}");
        }
        assertThat(mesh.post("/v1/tx?wait=committed", rows("pj_click", clicks + "]")).status()).isEqualTo(200);
        assertThat(mesh.countOnPeer("peer-3", "select count(*) from pj_click")).as("a third of a 3-peer stripe")
                .isEqualTo(3);
        assertThat(mesh.get("/v1/tables/pj_click/rows?limit=100").body()).hasSize(9);

        assertThat(mesh.put("/v1/admin/tables/pj_country", """
                {"columns":[{"name":"id","type":"text","nullable":false}],"primaryKey":["id"],
                 "placement":{"strategy":"REPLICATED"}}""").body().get("placement").get("peers"))
                .as("a table defined after the peers joined is read from them too")
                .extracting(p -> p.asString()).containsExactly("peer-1", "peer-2", "peer-3", "peer-4");
    }
}
