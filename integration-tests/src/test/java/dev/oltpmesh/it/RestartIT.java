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

        mesh = new MeshClient(SharedCluster.restart());

        assertThat(mesh.get("/v1/tx/" + txId).body().get("status").asString()).isEqualTo("COMMITTED");
        var rows = mesh.get("/v1/tables/journal/rows?order=line.asc");
        assertThat(rows.status()).isEqualTo(200);
        assertThat(rows.body()).hasSize(2);
        var third = mesh.post("/v1/tx?wait=committed",
                "{\"inserts\":[{\"table\":\"journal\",\"rows\":[{\"line\":\"three\"}]}]}");
        assertThat(third.body().get("status").asString()).isEqualTo("COMMITTED");
        // rows one and two went to peer-1 and peer-2: the persisted pointer sends the third to peer-3
        assertThat(third.body().get("parts").get(0).get("peer").asString()).isEqualTo("peer-3");
    }
}
