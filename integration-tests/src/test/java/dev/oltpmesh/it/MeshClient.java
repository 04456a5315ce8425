package dev.oltpmesh.it;

import dev.oltpmesh.client.RawResponse;
import dev.oltpmesh.client.RetryPolicy;
import dev.oltpmesh.cluster.MeshCluster;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;

/**
 * A client of the gateway as a user has it: HTTP, JSON and the admin key. Calls by path go through
 * mesh-client's {@code exchange}, with no retries, so that a scenario sees every status as the gateway
 * gave it; requests a scenario builds itself (odd headers, methods, paths) go out as built.
 */
final class MeshClient {

    record Response(int status, JsonNode body, RawResponse raw) {
        String header(String name) {
            return raw.headers().firstValue(name).orElse(null);
        }
    }

    static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Map<String, String> JSON_BODY = Map.of("Content-Type", "application/json");
    private final MeshCluster cluster;
    /** HTTPS to the gateway, trusting the certificate the cluster made for it; plain HTTP to internal services. */
    private final HttpClient http;
    private final dev.oltpmesh.client.MeshClient client;

    MeshClient(MeshCluster cluster) {
        this.cluster = cluster;
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).sslContext(cluster.gatewayTrust())
                .build();
        this.client = dev.oltpmesh.client.MeshClient.builder().baseUrl(cluster.gatewayUrl())
                .apiKey(cluster.adminKey()).httpClient(http).requestTimeout(Duration.ofSeconds(60))
                .retryPolicy(RetryPolicy.none()).build();
    }

    Response put(String path, String body) {
        return response(client.exchange("PUT", path, body, JSON_BODY));
    }

    Response post(String path, String body) {
        return response(client.exchange("POST", path, body, JSON_BODY));
    }

    Response post(String path, String body, String idempotencyKey) {
        return response(client.exchange("POST", path, body,
                Map.of("Content-Type", "application/json", "Idempotency-Key", idempotencyKey)));
    }

    Response get(String path) {
        return response(client.exchange("GET", path, null, Map.of()));
    }

    Response send(HttpRequest.Builder request) throws Exception {
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        return response(new RawResponse(response.statusCode(), response.headers(), response.body()));
    }

    private static Response response(RawResponse raw) {
        boolean json = raw.headers().firstValue("Content-Type").orElse("").contains("json");
        JsonNode body = json && !raw.body().isBlank() ? JSON.readTree(raw.body()) : null;
        return new Response(raw.status(), body, raw);
    }

    HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(cluster.gatewayUrl() + path))
                .timeout(Duration.ofSeconds(60))
                .header("Authorization", "Bearer " + cluster.adminKey())
                .header("Content-Type", "application/json");
    }

    /**
     * Counts rows in a peer's own database, as an operator would with psql. A peer creates a table
     * with the first rows it receives, so a table it has not created yet holds no rows.
     */
    long countOnPeer(String peer, String sql) throws SQLException, java.io.IOException {
        try (Connection c = DriverManager.getConnection(cluster.peerJdbcUrl(peer));
             ResultSet rs = c.createStatement().executeQuery(sql)) {
            return rs.next() ? rs.getLong(1) : 0;
        } catch (SQLException e) {
            if ("42P01".equals(e.getSQLState())) {
                return 0;
            }
            throw e;
        }
    }
}
