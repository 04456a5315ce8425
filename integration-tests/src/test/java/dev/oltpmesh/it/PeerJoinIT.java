package dev.oltpmesh.it;

import dev.oltpmesh.cluster.MeshCluster;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.errors.GroupIdNotFoundException;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A peer added to a running mesh, as {@code ./mesh up --spare 1} lets a user try it: it holds nothing
 * until registered, then receives new replicated rows and new stripe rows, and no read asks it for
 * rows it never received. Its own cluster (two peers and a spare), so the shared one keeps three.
 */
class PeerJoinIT {

    private static MeshCluster cluster;
    private static MeshClient mesh;

    @BeforeAll
    static void start() throws Exception {
        Assumptions.assumeFalse(SharedCluster.onContainers(), "a cluster with a spare peer runs on the embedded "
                + "infrastructure only; the container fixture brings the databases of the shared cluster");
        cluster = MeshCluster.start(Files.createTempDirectory("mesh-join-"), 2, 1, 0);
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
    void shouldReceiveNewRowsAndNeverBeReadForRowsItNeverReceived() throws Exception {
        assertThat(cluster.spareIds()).containsExactly("peer-3");
        assertThat(mesh.put("/v1/admin/tables/pj_city", """
                {"columns":[{"name":"id","type":"text","nullable":false}],"primaryKey":["id"],
                 "placement":{"strategy":"REPLICATED"}}""").status()).isEqualTo(201);
        assertThat(mesh.put("/v1/admin/tables/pj_click", """
                {"columns":[{"name":"page","type":"text"}],"placement":{"strategy":"ROUND_ROBIN"}}""").status())
                .isEqualTo(201);
        assertThat(mesh.post("/v1/tx?wait=committed", rows("pj_city", cities("before-", 5))).status()).isEqualTo(200);
        assertThat(mesh.get("/v1/admin/peers").body()).hasSize(2);
        assertThat(inboxReaders("peer-3")).as("a spare reads no inbox before it is added").isZero();

        var added = mesh.put("/v1/admin/peers/peer-3",
                "{\"queryUrl\":\"" + cluster.serviceUrl("peer-3") + "\",\"region\":\"local\"}");
        assertThat(added.status()).isEqualTo(201);
        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(inboxReaders("peer-3")).as("reading its inbox once added").isPositive());

        var written = mesh.post("/v1/tx?wait=committed", rows("pj_city", cities("after-", 5)));
        assertThat(written.status()).as(written.raw().body()).isEqualTo(200);
        assertThat(written.body().get("parts")).hasSize(3);
        assertThat(mesh.countOnPeer("peer-3", "select count(*) from pj_city")).isEqualTo(5);
        assertThat(mesh.get("/v1/admin/tables/pj_city").body().get("placement").get("peers"))
                .extracting(p -> p.asString()).containsExactly("peer-1", "peer-2");
        for (int i = 0; i < 5; i++) {
            var read = mesh.get("/v1/tables/pj_city/rows?limit=100");
            assertThat(read.body()).hasSize(10);
            assertThat(read.header("Mesh-Peers")).isNotEqualTo("peer-3");
        }

        var verified = mesh.get("/v1/admin/tables/pj_city/stats?digest=true").body();
        assertThat(verified.get("replicas").get("agree").asBoolean()).as(verified.toString()).isTrue();
        assertThat(verified.get("replicas").get("holders")).extracting(p -> p.asString())
                .containsExactly("peer-1", "peer-2");
        var digests = verified.get("peers").valueStream().map(p -> p.get("digest").asString()).toList();
        assertThat(digests.get(0)).as("the two holders hold the same rows").isEqualTo(digests.get(1));
        assertThat(digests.get(2)).as("the newcomer holds only the rows written since it joined")
                .isNotEqualTo(digests.get(0));

        var striped = mesh.post("/v1/admin/placement/changes",
                "{\"changes\":[{\"op\":\"addStripePeer\",\"table\":\"pj_click\",\"peer\":\"peer-3\"}]}");
        assertThat(striped.status()).as(striped.raw().body()).isEqualTo(200);
        StringBuilder clicks = new StringBuilder("[");
        for (int i = 0; i < 9; i++) {
            clicks.append(i == 0 ? "" : ",").append("{\"page\":\"p").append(i).append("\"}");
        }
        assertThat(mesh.post("/v1/tx?wait=committed", rows("pj_click", clicks + "]")).status()).isEqualTo(200);
        assertThat(mesh.countOnPeer("peer-3", "select count(*) from pj_click")).isEqualTo(3);
        assertThat(mesh.get("/v1/tables/pj_click/rows?limit=100").body()).hasSize(9);

        assertThat(mesh.put("/v1/admin/tables/pj_country", """
                {"columns":[{"name":"id","type":"text","nullable":false}],"primaryKey":["id"],
                 "placement":{"strategy":"REPLICATED"}}""").body().get("placement").get("peers"))
                .as("a table defined after the peer joined is read from it too")
                .extracting(p -> p.asString()).containsExactly("peer-1", "peer-2", "peer-3");
    }
}
