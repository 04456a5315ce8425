package dev.oltpmesh.it;

import dev.oltpmesh.cluster.MeshCluster;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class PeerOutageIT {

    private static MeshCluster cluster;
    private static MeshClient mesh;

    @BeforeAll
    static void defineTable() throws Exception {
        cluster = SharedCluster.get();
        mesh = new MeshClient(cluster);
        assertThat(mesh.put("/v1/admin/tables/ledger", """
                {"columns":[{"name":"n","type":"bigint","nullable":false},{"name":"note","type":"text"}],
                 "primaryKey":["n"],"placement":{"strategy":"HASH","column":"n","shards":9}}""").status())
                .isIn(200, 201);
    }

    @Test
    void shouldAcceptWritesWhileAPeerIsDownAndApplyThemOnceWhenItReturns() throws Exception {
        cluster.stopPeer("peer-2");
        List<String> txIds = new ArrayList<>();
        try {
            for (int t = 0; t < 5; t++) {
                StringBuilder rows = new StringBuilder("[");
                for (int i = 0; i < 30; i++) {
                    rows.append(i == 0 ? "" : ",").append("{\"n\":").append(t * 100 + i).append("}");
                }
                var accepted = mesh.post("/v1/tx", "{\"inserts\":[{\"table\":\"ledger\",\"rows\":" + rows + "]}]}");
                assertThat(accepted.status()).isEqualTo(202);
                txIds.add(accepted.body().get("txId").asString());
            }
            var down = mesh.get("/v1/tables/ledger/rows?limit=1000");
            assertThat(down.status()).isEqualTo(503);
            assertThat(down.body().get("detail").asString()).contains("peer-2");
            var partial = mesh.get("/v1/tables/ledger/rows?limit=1000&partial=true");
            assertThat(partial.status()).isEqualTo(200);
            assertThat(partial.header("Mesh-Partial")).isEqualTo("peer-2");
            assertThat(mesh.get("/v1/tx/" + txIds.get(0)).body().get("status").asString()).isEqualTo("ACCEPTED");
        } finally {
            cluster.startPeer("peer-2");
        }
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            for (String txId : txIds) {
                assertThat(mesh.get("/v1/tx/" + txId).body().get("status").asString()).isEqualTo("COMMITTED");
            }
        });
        long total = 0;
        for (String peer : cluster.peerIds()) {
            total += mesh.countOnPeer(peer, "select count(*) from ledger");
        }
        assertThat(total).isEqualTo(150);
        assertThat(mesh.countOnPeer("peer-2", "select count(*) from ledger")).isPositive();
        var all = mesh.get("/v1/tables/ledger/rows?limit=1000");
        assertThat(all.status()).isEqualTo(200);
        assertThat(all.body()).hasSize(150);
    }
}
