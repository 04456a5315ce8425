package dev.oltpmesh.client;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.InstanceOfAssertFactories.LIST;

class AdminTest {

    private final FakeGateway gateway = new FakeGateway();
    private final MeshClient client = gateway.client();

    AdminTest() throws IOException {
    }

    @AfterEach
    void stop() {
        client.close();
        gateway.close();
    }

    @Test
    void shouldDefineATableAndReadItsDefinition() {
        gateway.json(201, """
                {"name":"payment","version":1,"columns":[{"name":"account","type":"text","nullable":false},
                 {"name":"qty","type":"bigint","nullable":true}],"primaryKey":["account"],
                 "placement":{"strategy":"HASH","column":"account","shards":4,
                              "assignments":["peer-1","peer-2","peer-3","peer-1"]}}""");

        Admin.TableDefinition defined = client.admin().defineTable("payment", TableSpec.builder()
                .requiredColumn("account", "text").column("qty", "bigint").primaryKey("account")
                .placement(Placement.hash("account", 4)).build());

        assertThat(defined.version()).isEqualTo(1);
        assertThat(defined.columns()).contains(new TableSpec.Column("account", "text", false));
        assertThat(defined.placement().get("assignments")).asInstanceOf(LIST).hasSize(4);
        FakeGateway.Received sent = gateway.received().getFirst();
        assertThat(sent.method()).isEqualTo("PUT");
        assertThat(sent.path()).isEqualTo("/v1/admin/tables/payment");
        assertThat(new String(sent.body())).isEqualTo("{\"columns\":[{\"name\":\"account\",\"type\":\"text\","
                + "\"nullable\":false},{\"name\":\"qty\",\"type\":\"bigint\",\"nullable\":true}],"
                + "\"placement\":{\"column\":\"account\",\"shards\":4,\"strategy\":\"HASH\"},"
                + "\"primaryKey\":[\"account\"]}");
    }

    @Test
    void shouldNotRetryAChangeThatMayHaveBeenApplied() {
        gateway.problem(503, "config-service-unavailable", "the config service did not answer")
                .json(200, "{\"version\":2,\"moves\":[],\"jobs\":[]}");

        assertThatThrownBy(() -> client.admin().changePlacement(List.of(
                PlacementChange.addStripePeer("clicks", "peer-4")))).isInstanceOf(MeshUnavailableException.class);
        assertThat(gateway.received()).hasSize(1);
        assertThat(new String(gateway.received().getFirst().body())).isEqualTo(
                "{\"changes\":[{\"op\":\"addStripePeer\",\"peer\":\"peer-4\",\"table\":\"clicks\"}]}");
    }

    @Test
    void shouldReadMovesAndKeys() {
        gateway.json(200, """
                [{"id":7,"kind":"REGION","table":"payment","shards":[0],"from":"peer-1","to":"peer-4",
                  "state":"COPYING","placementVersion":3,"rowsCopied":42000,"rowsTotal":61250,"rowsPerSec":8400.0,
                  "etaSeconds":3,"error":null,"attempt":1,"createdAt":"2026-12-06T07:00:00Z",
                  "updatedAt":"2026-12-06T07:00:05Z","liveAt":null}]""")
                .json(201, """
                {"id":"key-1","name":"shop","role":"WRITER","tables":["payment"],
                 "createdAt":"2026-12-06T07:00:00Z","key":"mesh_secret"}""");

        Admin.Move move = client.admin().moves().getFirst();
        Admin.CreatedApiKey key = client.admin().createKey("shop", Admin.Role.WRITER, Set.of("payment"));

        assertThat(move.state()).isEqualTo("COPYING");
        assertThat(move.rowsTotal()).isEqualTo(61250L);
        assertThat(key.key()).isEqualTo("mesh_secret");
        assertThat(key.role()).isEqualTo(Admin.Role.WRITER);
        assertThat(new String(gateway.received().get(1).body()))
                .isEqualTo("{\"name\":\"shop\",\"role\":\"WRITER\",\"tables\":[\"payment\"]}");
    }
}
