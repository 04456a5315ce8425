package dev.oltpmesh.it;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RestartIT {

    @Test
    void shouldFindEveryRowAndContinueTheStripeAfterARestart() throws Exception {
        MeshClient mesh = new MeshClient(SharedCluster.get());
        assertThat(mesh.put("/v1/admin/tables/journal", """
                {"columns":[{"name":"line","type":"text"}],"placement":{"strategy":"ROUND_ROBIN"}}""").status())
                .isIn(200, 201);
        var first = mesh.post("/v1/tx?wait=committed",
                "{\"inserts\":[{\"table\":\"journal\",\"rows\":[{\"line\":\"one\"},{\"line\":\"two\"}]}]}");
        assertThat(first.body().get("status").asString()).isEqualTo("COMMITTED");
        String txId = first.body().get("txId").asString();
        String keyed = "{\"inserts\":[{\"table\":\"journal\",\"rows\":[{\"line\":\"keyed\"}]}]}";
        var once = mesh.post("/v1/tx?wait=committed", keyed, "restart-key");
        assertThat(once.body().get("status").asString()).isEqualTo("COMMITTED");

        mesh = new MeshClient(SharedCluster.restart());

        assertThat(mesh.get("/v1/tx/" + txId).body().get("status").asString()).isEqualTo("COMMITTED");
        // Idempotency-Keys outlive the gateway: the same key and body give the first txId, stored once.
        var again = mesh.post("/v1/tx?wait=committed", keyed, "restart-key");
        assertThat(again.body().get("txId").asString()).isEqualTo(once.body().get("txId").asString());
        assertThat(again.body().get("status").asString()).isEqualTo("COMMITTED");
        assertThat(mesh.post("/v1/tx", keyed.replace("keyed", "other"), "restart-key").status()).isEqualTo(422);
        var keyedRows = mesh.get("/v1/tables/journal/rows?line=eq.keyed");
        assertThat(keyedRows.body()).hasSize(1);
        var rows = mesh.get("/v1/tables/journal/rows?order=line.asc");
        assertThat(rows.status()).isEqualTo(200);
        assertThat(rows.body()).hasSize(3);
        var third = mesh.post("/v1/tx?wait=committed",
                "{\"inserts\":[{\"table\":\"journal\",\"rows\":[{\"line\":\"three\"}]}]}");
        assertThat(third.body().get("status").asString()).isEqualTo("COMMITTED");
        // one, two and keyed went to peer-1, peer-2, peer-3: the persisted pointer sends the next to peer-1
        assertThat(third.body().get("parts").get(0).get("peer").asString()).isEqualTo("peer-1");
    }
}
