package dev.oltpmesh.it;

import dev.oltpmesh.cluster.MeshCluster;
import dev.oltpmesh.model.security.ServiceRole;
import dev.oltpmesh.support.identity.Ed25519;
import dev.oltpmesh.support.identity.ServiceIdentity;
import dev.oltpmesh.support.identity.ServiceTokens;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.SoftAssertions.assertSoftly;
import static org.awaitility.Awaitility.await;

/**
 * The permissioned network from outside, against the running cluster: keys created and revoked
 * through the admin API, every role against every class of endpoint and method, paths disguised to
 * slip past the checks, statuses private to their client, keys limited to tables, and the internal
 * services' doors closed to anyone without a credential.
 */
class SecurityIT {

    private static MeshCluster cluster;
    private static MeshClient admin;
    private static final Map<String, String> KEYS = new LinkedHashMap<>();
    private static final String TABLE = "sec_payment";
    private static final String OTHER_TABLE = "sec_other";
    private static String existingRow;

    @BeforeAll
    static void createKeys() throws Exception {
        cluster = SharedCluster.get();
        admin = new MeshClient(cluster);
        for (String table : List.of(TABLE, OTHER_TABLE)) {
            assertThat(admin.put("/v1/admin/tables/" + table, """
                    {"columns":[{"name":"id","type":"text","nullable":false}],"primaryKey":["id"],
                     "placement":{"strategy":"HASH","column":"id","shards":6}}""").status()).isIn(200, 201);
        }
        existingRow = UUID.randomUUID().toString();
        assertThat(admin.post("/v1/tx?wait=committed", "{\"inserts\":[{\"table\":\"" + TABLE + "\",\"rows\":[{\"id\":\""
                + existingRow + "\"}]}]}").status()).isEqualTo(200);
        KEYS.put("admin", cluster.adminKey());
        for (String role : List.of("reader", "writer", "monitor")) {
            KEYS.put(role, create("sec-" + role, role.toUpperCase(), null));
        }
        KEYS.put("other-writer", create("sec-other-writer", "WRITER", null));
        KEYS.put("scoped-writer", create("sec-scoped", "WRITER", List.of(OTHER_TABLE)));
    }

    private static String create(String name, String role, List<String> tables) throws Exception {
        String body = "{\"name\":\"" + name + "\",\"role\":\"" + role + "\""
                + (tables == null ? "" : ",\"tables\":" + MeshClient.JSON.writeValueAsString(tables)) + "}";
        var created = admin.post("/v1/admin/keys", body);
        assertThat(created.status()).as(created.raw().body()).isEqualTo(201);
        return created.body().get("key").asString();
    }

    private static MeshClient.Response call(String key, String method, String path, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(cluster.gatewayUrl() + path))
                .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (key != null) {
            request.header("Authorization", "Bearer " + key);
        }
        return admin.send(request);
    }

    private static String row() {
        return "{\"inserts\":[{\"table\":\"" + TABLE + "\",\"rows\":[{\"id\":\"" + UUID.randomUUID() + "\"}]}]}";
    }

    /** An endpoint class, one request standing for it, and the roles that may make it. */
    private record Endpoint(String method, String path, String body, List<String> allowed) {
    }

    @Test
    void shouldLetEachRoleDoExactlyWhatItMay() throws Exception {
        String tx = call(KEYS.get("writer"), "POST", "/v1/tx", row()).body().get("txId").asString();
        List<Endpoint> endpoints = List.of(
                new Endpoint("POST", "/v1/tx", row(), List.of("writer", "admin")),
                new Endpoint("POST", "/v1/tables/" + TABLE + "/rows", "[{\"id\":\"" + UUID.randomUUID() + "\"}]",
                        List.of("writer", "admin")),
                new Endpoint("GET", "/v1/tables/" + TABLE + "/rows?limit=1", null, List.of("reader", "writer", "admin")),
                new Endpoint("GET", "/v1/tables/" + TABLE + "/rows/x", null, List.of("reader", "writer", "admin")),
                new Endpoint("GET", "/v1/tables/" + TABLE + "/rows?select=count()", null,
                        List.of("reader", "writer", "admin")),
                new Endpoint("DELETE", "/v1/tables/" + TABLE + "/rows/x", null, List.of("writer", "admin")),
                new Endpoint("PUT", "/v1/tables/" + TABLE + "/rows/x", "{}", List.of("writer", "admin")),
                new Endpoint("GET", "/v1/tx/" + tx, null, List.of("writer", "admin")),
                new Endpoint("GET", "/rest/" + TABLE + "?limit=1", null, List.of("reader", "writer", "admin")),
                new Endpoint("HEAD", "/rest/" + TABLE, null, List.of("reader", "writer", "admin")),
                new Endpoint("GET", "/rest/v1/" + TABLE + "?select=count()", null, List.of("reader", "writer", "admin")),
                new Endpoint("POST", "/rest/" + TABLE, "{\"id\":\"" + UUID.randomUUID() + "\"}", List.of("writer", "admin")),
                new Endpoint("POST", "/rest/v1/" + TABLE, "{\"id\":\"" + UUID.randomUUID() + "\"}",
                        List.of("writer", "admin")),
                new Endpoint("PATCH", "/rest/" + TABLE + "?id=eq.x", "{}", List.of("writer", "admin")),
                new Endpoint("DELETE", "/rest/v1/" + TABLE + "?id=eq.x", null, List.of("writer", "admin")),
                new Endpoint("GET", "/v1/admin/tables", null, List.of("admin")),
                new Endpoint("PUT", "/v1/admin/tables/" + TABLE, "{}", List.of("admin")),
                new Endpoint("GET", "/v1/admin/peers", null, List.of("admin")),
                new Endpoint("GET", "/v1/admin/keys", null, List.of("admin")),
                new Endpoint("POST", "/v1/admin/keys", "{\"name\":\"x\",\"role\":\"READER\",\"tables\":[\"pg_x\"]}",
                        List.of("admin")),
                new Endpoint("DELETE", "/v1/admin/keys/key-000000000000", null, List.of("admin")),
                new Endpoint("GET", "/actuator/prometheus", null, List.of("monitor", "admin")),
                new Endpoint("GET", "/actuator/metrics", null, List.of("monitor", "admin")),
                new Endpoint("GET", "/actuator/env", null, List.of("monitor", "admin")),
                new Endpoint("GET", "/internal/status", null, List.of()),
                new Endpoint("POST", "/internal/query", "{}", List.of()));
        List<String> roles = List.of("none", "wrong", "reader", "writer", "admin", "monitor");
        assertSoftly(softly -> {
            for (Endpoint endpoint : endpoints) {
                for (String role : roles) {
                    String key = switch (role) {
                        case "none" -> null;
                        case "wrong" -> "mesh_" + UUID.randomUUID();
                        default -> KEYS.get(role);
                    };
                    int status;
                    try {
                        status = call(key, endpoint.method(), endpoint.path(), endpoint.body()).status();
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                    String what = role + " " + endpoint.method() + " " + endpoint.path() + " -> " + status;
                    if (endpoint.allowed().contains(role)) {
                        softly.assertThat(status).as(what).isNotIn(401, 403).isLessThan(500);
                    } else if (role.equals("none") || role.equals("wrong")) {
                        softly.assertThat(status).as(what).isEqualTo(401);
                    } else if (endpoint.path().equals("/v1/tx/" + tx)) {
                        // Another client's transaction (or none for a monitor key) looks like no transaction.
                        softly.assertThat(status).as(what).isIn(403, 404);
                    } else {
                        softly.assertThat(status).as(what).isEqualTo(403);
                    }
                }
            }
        });
        assertThat(call(null, "GET", "/actuator/health", null).status()).isEqualTo(200);
        assertThat(call(null, "GET", "/actuator/health", null).body().has("components")).isFalse();
        assertThat(call(null, "GET", "/actuator/health/readiness", null).status()).isEqualTo(200);
    }

    /** Raw request lines, sent as written (an HTTP client would normalize them), by a reader. */
    @Test
    void shouldRefuseEveryDisguisedPathToAKeyWithoutTheRole() throws Exception {
        List<String> disguised = List.of("/v1;a=b/tx", "/v1/tx;a=b", "//v1/tx", "/v1//tx", "/v1/./tx",
                "/v1/admin/../tx", "/v1/%2e%2e/v1/tx", "/v1%2ftx", "/v1%2Ftx", "/V1/TX", "/v1/tx/", "/v1%5ctx",
                "/v1/%2e/tx", "/./v1/tx", "/v1/tx%00", "/v1/tx%20", "/v1/t%78", "/v1/tx?", "/v1/tx#x", "/%76%31/tx",
                "/v1/tx/..;/tx", "/v1/tx%3b");
        assertSoftly(softly -> {
            for (String path : disguised) {
                int status = raw("POST", path, KEYS.get("reader"), Map.of());
                softly.assertThat(status).as("reader POST " + path + " -> " + status).isIn(400, 401, 403, 404, 405);
                int anonymous = raw("POST", path, null, Map.of());
                softly.assertThat(anonymous).as("anonymous POST " + path + " -> " + anonymous).isIn(400, 401, 403);
            }
            for (String path : List.of("/rest;a=b/" + TABLE, "/rest//" + TABLE, "/rest/./" + TABLE, "/REST/" + TABLE,
                    "/rest/v1/../" + TABLE, "/rest/%2e%2e/rest/" + TABLE, "/rest%2f" + TABLE, "/rest/" + TABLE + ";x",
                    "/rest/" + TABLE + "/", "/rest/v1/" + TABLE + "/x")) {
                int status = raw("POST", path, KEYS.get("reader"), Map.of());
                softly.assertThat(status).as("reader POST " + path + " -> " + status).isIn(400, 401, 403, 404, 405);
            }
            for (String path : List.of("/v1;a=b/admin/keys", "/v1/ADMIN/keys", "/v1/tables/../admin/keys",
                    "/v1/%61dmin/keys", "/actuator;a=b/prometheus", "/actuator/%70rometheus")) {
                int status = raw("GET", path, KEYS.get("writer"), Map.of());
                softly.assertThat(status).as("writer GET " + path + " -> " + status).isIn(400, 401, 403, 404);
            }
            // Honoured, an override would make the reader's GET a DELETE (403 or 405); it is a read.
            for (String header : List.of("X-HTTP-Method-Override", "X-HTTP-Method", "X-Method-Override")) {
                int status = raw("GET", "/v1/tables/" + TABLE + "/rows/" + existingRow, KEYS.get("reader"),
                        Map.of(header, "DELETE"));
                softly.assertThat(status).as("reader GET with " + header + ": DELETE").isEqualTo(200);
            }
        });
        assertThat(call(KEYS.get("reader"), "GET", "/v1/tables/" + TABLE + "/rows/" + existingRow, null).status())
                .isEqualTo(200);
    }

    private static int raw(String method, String path, String key, Map<String, String> headers) {
        URI gateway = URI.create(cluster.gatewayUrl());
        try (Socket socket = cluster.gatewayTrust().getSocketFactory().createSocket(gateway.getHost(), gateway.getPort())) {
            socket.setSoTimeout(10_000);
            StringBuilder request = new StringBuilder(method + " " + path + " HTTP/1.1\r\nHost: localhost\r\n"
                    + "Content-Type: application/json\r\nContent-Length: 2\r\nConnection: close\r\n");
            if (key != null) {
                request.append("Authorization: Bearer ").append(key).append("\r\n");
            }
            headers.forEach((name, value) -> request.append(name).append(": ").append(value).append("\r\n"));
            request.append("\r\n{}");
            OutputStream out = socket.getOutputStream();
            out.write(request.toString().getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = socket.getInputStream();
            String statusLine = new String(in.readNBytes(12), StandardCharsets.ISO_8859_1);
            return Integer.parseInt(statusLine.substring(9, 12));
        } catch (Exception e) {
            throw new IllegalStateException(method + " " + path, e);
        }
    }

    @Test
    void shouldStopAcceptingARevokedKeyWithinSeconds() throws Exception {
        String key = create("sec-revoked", "WRITER", null);
        assertThat(call(key, "POST", "/v1/tx", row()).status()).isEqualTo(202);
        var listed = admin.get("/v1/admin/keys");
        String id = null;
        for (var k : listed.body()) {
            assertThat(k.has("key")).as("a listing never shows a secret").isFalse();
            if (k.get("name").asString().equals("sec-revoked")) {
                id = k.get("id").asString();
            }
        }
        assertThat(id).isNotNull();
        assertThat(admin.send(admin.request("/v1/admin/keys/" + id).DELETE()).status()).isEqualTo(204);
        await().atMost(Duration.ofSeconds(10)).until(() -> call(key, "POST", "/v1/tx", row()).status() == 401);
    }

    @Test
    void shouldShowATransactionOnlyToItsClientAndToAdmins() throws Exception {
        var written = call(KEYS.get("writer"), "POST", "/v1/tx?wait=committed", row());
        assertThat(written.status()).isEqualTo(200);
        String path = "/v1/tx/" + written.body().get("txId").asString();
        assertThat(call(KEYS.get("writer"), "GET", path, null).status()).isEqualTo(200);
        assertThat(call(KEYS.get("admin"), "GET", path, null).status()).isEqualTo(200);
        assertThat(call(KEYS.get("other-writer"), "GET", path, null).status()).isEqualTo(404);
        assertThat(call(KEYS.get("reader"), "GET", path, null).status()).isEqualTo(404);
    }

    @Test
    void shouldTakeTheKeyFromTheApikeyHeaderOnlyWhenNoAuthorizationIsSent() throws Exception {
        HttpRequest.Builder apikeyOnly = HttpRequest.newBuilder(URI.create(cluster.gatewayUrl() + "/rest/" + TABLE
                + "?limit=1")).timeout(Duration.ofSeconds(30)).header("apikey", KEYS.get("reader")).GET();
        assertThat(admin.send(apikeyOnly).status()).isEqualTo(200);
        // A wrong bearer key is refused even beside a valid apikey: the Authorization header decides.
        HttpRequest.Builder both = HttpRequest.newBuilder(URI.create(cluster.gatewayUrl() + "/rest/" + TABLE))
                .timeout(Duration.ofSeconds(30)).header("apikey", KEYS.get("admin"))
                .header("Authorization", "Bearer mesh_" + UUID.randomUUID()).GET();
        var refused = admin.send(both);
        assertThat(refused.status()).isEqualTo(401);
        assertThat(refused.body().get("code").asString()).isEqualTo("PGRST301");
        // A reader's apikey does not become a writer's by any header.
        HttpRequest.Builder write = HttpRequest.newBuilder(URI.create(cluster.gatewayUrl() + "/rest/" + TABLE))
                .timeout(Duration.ofSeconds(30)).header("apikey", KEYS.get("reader"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"id\":\"" + UUID.randomUUID() + "\"}"));
        assertThat(admin.send(write).status()).isEqualTo(403);
    }

    @Test
    void shouldKeepAKeyLimitedToItsTablesAndStoreNothingElse() throws Exception {
        String id = UUID.randomUUID().toString();
        var refused = call(KEYS.get("scoped-writer"), "POST", "/v1/tx",
                "{\"inserts\":[{\"table\":\"" + TABLE + "\",\"rows\":[{\"id\":\"" + id + "\"}]}]}");
        assertThat(refused.status()).isEqualTo(403);
        assertThat(call(KEYS.get("scoped-writer"), "GET", "/v1/tables/" + TABLE + "/rows", null).status()).isEqualTo(403);
        assertThat(call(KEYS.get("scoped-writer"), "GET", "/rest/" + TABLE, null).status()).isEqualTo(403);
        assertThat(call(KEYS.get("scoped-writer"), "POST", "/rest/" + TABLE, "{\"id\":\"" + id + "\"}").status())
                .isEqualTo(403);
        var allowed = call(KEYS.get("scoped-writer"), "POST", "/v1/tx?wait=committed",
                "{\"inserts\":[{\"table\":\"" + OTHER_TABLE + "\",\"rows\":[{\"id\":\"" + id + "\"}]}]}");
        assertThat(allowed.status()).isEqualTo(200);
        assertThat(call(KEYS.get("admin"), "GET", "/v1/tables/" + TABLE + "/rows/" + id, null).status()).isEqualTo(404);
        assertThat(admin.post("/v1/admin/keys", "{\"name\":\"x\",\"role\":\"ADMIN\",\"tables\":[\"" + TABLE + "\"]}")
                .status()).isEqualTo(400);
    }

    @Test
    void shouldCloseTheConfigServiceAdministrationToAnyoneWithoutAnAdminKey() throws Exception {
        String config = cluster.serviceUrl("config-service");
        for (String path : List.of("/v1/admin/tables", "/v1/admin/keys", "/v1/admin/peers", "/actuator/prometheus")) {
            var request = HttpRequest.newBuilder(URI.create(config + path)).GET();
            assertThat(admin.send(request).status()).as(path).isEqualTo(401);
            var withWriter = HttpRequest.newBuilder(URI.create(config + path)).GET()
                    .header("Authorization", "Bearer " + KEYS.get("writer"));
            assertThat(admin.send(withWriter).status()).as(path).isEqualTo(403);
        }
    }

    /** A request to an internal service, with a service token (or none) and optionally a client key. */
    private static int internal(String service, String method, String path, String token, String apiKey)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(cluster.serviceUrl(service) + path))
                .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json")
                .method(method, method.equals("POST") ? HttpRequest.BodyPublishers.ofString("{}")
                        : HttpRequest.BodyPublishers.noBody());
        if (token != null) {
            request.header(ServiceTokens.HEADER, token);
        }
        if (apiKey != null) {
            request.header("Authorization", "Bearer " + apiKey);
        }
        return admin.send(request).status();
    }

    @Test
    void shouldOpenInternalEndpointsOnlyToTheServicesTheyServe() throws Exception {
        ServiceIdentity gateway = Signers.identity(cluster, "gateway", ServiceRole.GATEWAY);
        ServiceIdentity peer2 = Signers.identity(cluster, "peer-2", ServiceRole.PEER);
        var strangerKeys = Ed25519.generate();
        ServiceIdentity stranger = new ServiceIdentity("gateway", ServiceRole.GATEWAY,
                Ed25519.keyId(strangerKeys.getPublic()), strangerKeys.getPrivate());
        Instant now = Instant.now();
        record Door(String service, String method, String path) {
        }
        List<Door> doors = List.of(
                new Door("config-service", "GET", "/internal/tables/" + TABLE),
                new Door("config-service", "GET", "/internal/transactions/" + UUID.randomUUID()),
                new Door("config-service", "POST", "/internal/idempotency-keys"),
                new Door("config-service", "POST", "/internal/api-keys/lookup"),
                new Door("peer-1", "GET", "/internal/status"),
                new Door("peer-1", "POST", "/internal/query"),
                new Door("peer-1", "GET", "/internal/tables/" + TABLE + "/stats"));
        assertSoftly(softly -> {
            for (Door door : doors) {
                String what = door.service() + " " + door.method() + " " + door.path();
                try {
                    softly.assertThat(internal(door.service(), door.method(), door.path(), null, null))
                            .as("no credential: " + what).isEqualTo(401);
                    softly.assertThat(internal(door.service(), door.method(), door.path(), null, cluster.adminKey()))
                            .as("a client's admin key: " + what).isIn(401, 403);
                    softly.assertThat(internal(door.service(), door.method(), door.path(),
                                    ServiceTokens.issue(gateway, door.method(), door.path(), now), null))
                            .as("the gateway's token: " + what).isNotIn(401, 403).isLessThan(500);
                    softly.assertThat(internal(door.service(), door.method(), door.path(),
                                    ServiceTokens.issue(gateway, door.method(), "/internal/other", now), null))
                            .as("a token for another request: " + what).isEqualTo(401);
                    softly.assertThat(internal(door.service(), door.method(), door.path(),
                                    ServiceTokens.issue(gateway, door.method(), door.path(), now.minusSeconds(600)), null))
                            .as("a stale token: " + what).isEqualTo(401);
                    softly.assertThat(internal(door.service(), door.method(), door.path(),
                                    ServiceTokens.issue(stranger, door.method(), door.path(), now), null))
                            .as("a stranger's token: " + what).isEqualTo(401);
                } catch (Exception e) {
                    throw new IllegalStateException(what, e);
                }
            }
        });
        // A peer is no client of another peer, nor of the gateways' Idempotency-Keys.
        assertThat(internal("peer-1", "POST", "/internal/query",
                ServiceTokens.issue(peer2, "POST", "/internal/query", now), null)).isEqualTo(403);
        assertThat(internal("config-service", "POST", "/internal/idempotency-keys",
                ServiceTokens.issue(peer2, "POST", "/internal/idempotency-keys", now), null)).isEqualTo(403);
        // A backfill: a peer reads another's rows, only the config service has a peer copy them.
        String rows = "/internal/backfill/" + TABLE + "/rows?before=1";
        assertThat(internal("peer-1", "GET", rows, null, null)).isEqualTo(401);
        assertThat(internal("peer-1", "GET", rows, ServiceTokens.issue(gateway, "GET", rows, now), null)).isEqualTo(403);
        assertThat(internal("peer-1", "GET", rows, ServiceTokens.issue(peer2, "GET", rows, now), null))
                .as("a peer, for a table that is not replicated").isEqualTo(400);
        String copy = "/internal/backfill/" + TABLE + "/copy";
        assertThat(internal("peer-1", "POST", copy, ServiceTokens.issue(gateway, "POST", copy, now), null)).isEqualTo(403);
        assertThat(internal("peer-1", "POST", copy, ServiceTokens.issue(peer2, "POST", copy, now), null)).isEqualTo(403);
        // Deleting rows of a move (a purge, a failed attempt's copies) is the config service's alone.
        for (String step : List.of("/internal/moves/1/purge", "/internal/moves/1/discard")) {
            assertThat(internal("peer-1", "POST", step, ServiceTokens.issue(gateway, "POST", step, now), null))
                    .as(step).isEqualTo(403);
            assertThat(internal("peer-1", "POST", step, ServiceTokens.issue(peer2, "POST", step, now), null))
                    .as(step).isEqualTo(403);
        }
        // The router's door is shut to everyone but monitors.
        assertThat(internal("router-service", "GET", "/actuator/prometheus",
                ServiceTokens.issue(gateway, "GET", "/actuator/prometheus", now), null)).isEqualTo(403);
        assertThat(internal("router-service", "GET", "/actuator/prometheus", null, KEYS.get("monitor"))).isEqualTo(200);
        assertThat(internal("peer-1", "GET", "/actuator/prometheus", null, KEYS.get("reader"))).isEqualTo(403);
        assertThat(internal("peer-1", "GET", "/actuator/health/readiness", null, null)).isEqualTo(200);
    }

    @Test
    void shouldServeTheGatewayOverHttpsOnly() throws Exception {
        URI gateway = URI.create(cluster.gatewayUrl());
        assertThat(gateway.getScheme()).isEqualTo("https");
        int plain;
        try {
            plain = java.net.http.HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                            URI.create("http://localhost:" + gateway.getPort() + "/v1/tables/" + TABLE + "/rows"))
                            .header("Authorization", "Bearer " + KEYS.get("reader")).build(),
                    java.net.http.HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (java.io.IOException refused) {
            plain = -1;
        }
        assertThat(plain).as("plain HTTP to the gateway (the key would travel in clear)").isIn(-1, 400);
        assertThat(call(KEYS.get("reader"), "GET", "/v1/tables/" + TABLE + "/rows?limit=1", null).status()).isEqualTo(200);
    }
}
