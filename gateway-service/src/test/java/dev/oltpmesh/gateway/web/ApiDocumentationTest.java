package dev.oltpmesh.gateway.web;

import dev.oltpmesh.gateway.status.TxStatusView;
import dev.oltpmesh.model.event.ConfigEvent;
import dev.oltpmesh.model.event.TxEvent;
import dev.oltpmesh.support.kafka.TopicFollower;
import dev.oltpmesh.support.security.ApiKeyGrants;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

/**
 * The gateway's OpenAPI document as served: every operation typed, keyed and with problems for its
 * refusals, and every admin route its own operation. The whole gateway starts, with Kafka's
 * followers and the key lookup replaced: nothing here needs a broker.
 */
@SpringBootTest(properties = {"spring.config.name=gateway-service",
        "mesh.gateway.config-service-url=http://config", "mesh.gateway.router-url=http://router",
        "mesh.identity.key-dir=target/test-keys", "mesh.identity.generate=true"})
@AutoConfigureMockMvc
class ApiDocumentationTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** The contract's administration, one operation each (DESIGN.md and the README). */
    private static final List<String> ADMIN_OPERATIONS = List.of(
            "PUT /v1/admin/tables/{table}", "GET /v1/admin/tables", "GET /v1/admin/tables/{table}",
            "GET /v1/admin/tables/{table}/stats",
            "PUT /v1/admin/peers/{peerId}", "GET /v1/admin/peers", "POST /v1/admin/peers/{peerId}/drain",
            "GET /v1/admin/placement", "POST /v1/admin/placement/changes", "POST /v1/admin/rebalance",
            "GET /v1/admin/moves", "GET /v1/admin/moves/{id}", "POST /v1/admin/moves/{id}/retry",
            "POST /v1/admin/keys", "GET /v1/admin/keys", "DELETE /v1/admin/keys/{id}",
            "POST /v1/admin/service-keys", "GET /v1/admin/service-keys", "DELETE /v1/admin/service-keys/{keyId}");

    private static JsonNode document;

    @Autowired
    MockMvc mvc;

    @MockitoBean(name = "configFollower")
    TopicFollower<ConfigEvent> configFollower;

    @MockitoBean(name = "txEventsFollower")
    TopicFollower<TxEvent> txEventsFollower;

    @MockitoBean
    TxStatusView statuses;

    @MockitoBean
    ApiKeyGrants grants;

    private JsonNode document() throws Exception {
        if (document == null) {
            // Without a key: the API docs are public.
            var response = mvc.perform(get("/v3/api-docs")).andReturn().getResponse();
            assertThat(response.getStatus()).as(response.getContentAsString()).isEqualTo(200);
            document = JSON.readTree(response.getContentAsString());
        }
        return document;
    }

    @Test
    void shouldTypeEveryBodyAndParameterAndKeyEveryOperation() throws Exception {
        assertThat(ApiDocumentationCheck.problemsOf(document(), "apiKey")).isEmpty();
    }

    @Test
    void shouldDeclareEveryAdminRouteOnItsOwn() throws Exception {
        List<String> operations = new ArrayList<>();
        for (Map.Entry<String, JsonNode> path : document().path("paths").properties()) {
            path.getValue().propertyNames().forEach(method -> operations.add(method.toUpperCase() + " " + path.getKey()));
        }
        assertThat(operations.stream().filter(o -> o.contains("/v1/admin"))).containsExactlyInAnyOrderElementsOf(ADMIN_OPERATIONS);
    }

    @Test
    void shouldDescribeARowAsColumnValuesRatherThanAnyObject() throws Exception {
        JsonNode row = document().path("components").path("schemas").path("Row");
        assertThat(row.path("additionalProperties").path("$ref").asString())
                .isEqualTo("#/components/schemas/ColumnValue");
        JsonNode query = document().path("paths").path("/v1/tables/{table}/rows").path("get")
                .path("responses").path("200").path("content").path("application/json").path("schema");
        assertThat(query.path("items").path("$ref").asString()).isEqualTo("#/components/schemas/Row");
    }

    @Test
    void shouldGiveTheMainRequestsExamples() throws Exception {
        for (String path : List.of("/v1/tx", "/v1/tables/{table}/rows")) {
            assertThat(document().path("paths").path(path).path("post").path("requestBody").path("content")
                    .path("application/json").path("examples").isEmpty()).as(path).isFalse();
        }
        assertThat(document().path("paths").path("/v1/admin/tables/{table}").path("put").path("requestBody")
                .path("content").path("application/json").path("examples").propertyNames())
                .contains("HASH", "RANGE", "REPLICATED", "ROUND_ROBIN");
    }
}
