package dev.oltpmesh.gateway.security;

import dev.oltpmesh.gateway.GatewayProperties;
import dev.oltpmesh.model.security.ApiKeyGrant;
import dev.oltpmesh.model.security.ApiRole;
import dev.oltpmesh.support.config.ConfigUnavailableException;
import dev.oltpmesh.support.security.ApiKeyGrants;
import org.junit.jupiter.api.BeforeEach;
import java.util.Optional;
import java.util.Set;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.BDDMockito.given;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import dev.oltpmesh.model.event.ConfigEvent;
import dev.oltpmesh.support.config.TableLookup;
import dev.oltpmesh.support.kafka.TopicFollower;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.web.bind.annotation.RestController;

import java.net.URI;
import java.util.List;

import static org.assertj.core.api.SoftAssertions.assertSoftly;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.request;

/**
 * Every role against every kind of request, and every spelling of a path that could slip past a
 * check on the raw URI: none reaches a handler without the role it needs. A request that is refused
 * is a 400 (a form the firewall does not accept), a 401 (no or an unknown key) or a 403 (a key
 * without the role) — never a 2xx, nor a 404 or 405 from a handler it should not have reached.
 */
@WebMvcTest(ApiSecurityTest.NoHandlers.class)
@Import({ApiSecurityTest.Properties.class, SecurityConfiguration.class})
@TestPropertySource(properties = {"mesh.gateway.config-service-url=http://config", "mesh.gateway.router-url=http://router"})
class ApiSecurityTest {

    @TestConfiguration
    @EnableConfigurationProperties(GatewayProperties.class)
    static class Properties {
    }

    @Autowired
    MockMvc mvc;

    /** Security alone is under test: a request it lets through finds no handler (404). */
    @RestController
    static class NoHandlers {
    }

    @MockitoBean
    TableLookup tables;

    @MockitoBean(name = "configFollower")
    TopicFollower<ConfigEvent> configFollower;

    /** The keys as the configuration service would answer for them; any other key is unknown. */
    @MockitoBean
    ApiKeyGrants grants;

    /** A key as long as real ones are (shorter ones are refused before anyone is asked). */
    private static String keyOf(String name) {
        return name + "-key-0123456789abcdef0123456789abcdef";
    }

    @BeforeEach
    void issueKeys() {
        for (ApiRole role : ApiRole.values()) {
            String name = role.name().toLowerCase();
            given(grants.find(keyOf(name))).willReturn(Optional.of(new ApiKeyGrant("key-" + name, name, role, Set.of())));
        }
    }

    @Test
    void shouldAnswer503WhenTheKeyCannotBeCheckedNow() throws Exception {
        given(grants.find(keyOf("reader"))).willThrow(ConfigUnavailableException.asking("an API key", new RuntimeException()));
        mvc.perform(get("/v1/tables/payment/rows").header("Authorization", "Bearer " + keyOf("reader")))
                .andExpect(result -> assertThat(result.getResponse().getStatus()).isEqualTo(503))
                .andExpect(result -> assertThat(result.getResponse().getContentType()).isEqualTo("application/problem+json"));
    }

    /** A request and the roles that may make it. */
    private record Call(String method, String path, List<String> allowed) {
    }

    private static final List<String> ROLES = List.of("none", "wrong", "reader", "writer", "admin", "monitor");

    private static final List<Call> CALLS = List.of(
            new Call("POST", "/v1/tx", List.of("writer", "admin")),
            new Call("POST", "/v1/tables/payment/rows", List.of("writer", "admin")),
            new Call("GET", "/v1/tx/01a2f0c0-0000-7000-8000-000000000001", List.of("reader", "writer", "admin")),
            new Call("GET", "/v1/tables/payment/rows", List.of("reader", "writer", "admin")),
            new Call("GET", "/v1/tables/payment/rows/k1", List.of("reader", "writer", "admin")),
            new Call("DELETE", "/v1/tables/payment/rows", List.of("writer", "admin")),
            new Call("PUT", "/v1/admin/tables/payment", List.of("admin")),
            new Call("POST", "/v1/admin/keys", List.of("admin")),
            new Call("GET", "/actuator/prometheus", List.of("monitor", "admin")),
            new Call("GET", "/actuator/metrics", List.of("monitor", "admin")));

    /**
     * Spellings of POST /v1/tx, GET /v1/admin/tables and the metrics that a raw-URI check would misread,
     * with the roles that may make the request they stand for.
     */
    private static final List<Call> DISGUISED = List.of(
            new Call("POST", "/v1;a=b/tx", List.of()),
            new Call("POST", "/v1/tx;a=b", List.of()),
            new Call("POST", "//v1/tx", List.of()),
            new Call("POST", "/v1//tx", List.of()),
            new Call("POST", "/v1/./tx", List.of()),
            new Call("POST", "/v1/admin/../tx", List.of()),
            new Call("POST", "/v1/%2e%2e/v1/tx", List.of()),
            new Call("POST", "/v1%2ftx", List.of()),
            // Decoded, this is POST /v1/tx: a writer may.
            new Call("POST", "/v1/%74x", List.of("writer", "admin")),
            new Call("POST", "/V1/TX", List.of()),
            new Call("POST", "/v1/tx/", List.of()),
            new Call("POST", "/v1%5ctx", List.of()),
            new Call("GET", "/v1;x=y/admin/tables", List.of()),
            new Call("GET", "/v1/ADMIN/tables", List.of()),
            new Call("GET", "/v1/admin/tables/", List.of("admin")),
            new Call("GET", "/v1/tables/../admin/tables", List.of()),
            new Call("GET", "/actuator;a=b/prometheus", List.of()),
            new Call("GET", "/actuator/prometheus/", List.of("monitor", "admin")));

    private MockHttpServletRequestBuilder build(Call call, String role) {
        MockHttpServletRequestBuilder request = request(call.method(), URI.create("http://localhost" + call.path()))
                .contentType("application/json").content("{}");
        String key = switch (role) {
            case "none" -> null;
            case "wrong" -> keyOf("not-a");
            default -> keyOf(role);
        };
        return key == null ? request : request.header("Authorization", "Bearer " + key);
    }

    @Test
    void shouldLetThroughOnlyTheRolesARequestNeeds() {
        assertSoftly(softly -> {
            for (Call call : CALLS) {
                for (String role : ROLES) {
                    int status = status(call, role);
                    String what = role + " " + call.method() + " " + call.path() + " -> " + status;
                    if (call.allowed().contains(role)) {
                        softly.assertThat(status).as(what).isNotIn(400, 401, 403);
                    } else {
                        softly.assertThat(status).as(what).isEqualTo(role.equals("none") || role.equals("wrong") ? 401 : 403);
                    }
                }
            }
        });
    }

    @Test
    void shouldRefuseEveryDisguisedPathToAKeyWithoutTheRole() {
        assertSoftly(softly -> {
            for (Call call : DISGUISED) {
                for (String role : ROLES) {
                    if (!call.allowed().contains(role)) {
                        int status = status(call, role);
                        softly.assertThat(status).as(role + " " + call.method() + " " + call.path() + " -> " + status)
                                .isIn(400, 401, 403);
                    }
                }
            }
        });
    }

    @Test
    void shouldNotLetAMethodOverrideHeaderTurnAWriteIntoARead() {
        assertSoftly(softly -> {
            for (String header : List.of("X-HTTP-Method-Override", "X-HTTP-Method", "X-Method-Override")) {
                int status = status(new Call("POST", "/v1/tx", List.of()), "reader", header);
                softly.assertThat(status).as(header).isEqualTo(403);
            }
        });
    }

    private int status(Call call, String role, String... overrideHeaders) {
        try {
            MockHttpServletRequestBuilder request = build(call, role);
            for (String header : overrideHeaders) {
                request.header(header, "GET");
            }
            return mvc.perform(request).andReturn().getResponse().getStatus();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
