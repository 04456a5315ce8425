package dev.oltpmesh.it;

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

/** A client of the gateway as a user has it: HTTP, JSON and the admin key. */
final class MeshClient {

    record Response(int status, JsonNode body, HttpResponse<String> raw) {
        String header(String name) {
            return raw.headers().firstValue(name).orElse(null);
        }
    }

    static final JsonMapper JSON = JsonMapper.builder().build();
    private final MeshCluster cluster;
    /** HTTPS to the gateway, trusting the certificate the cluster made for it; plain HTTP to internal services. */
    private final HttpClient http;

    MeshClient(MeshCluster cluster) {
        this.cluster = cluster;
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).sslContext(cluster.gatewayTrust())
                .build();
    }

    Response put(String path, String body) throws Exception {
        return send(request(path).PUT(HttpRequest.BodyPublishers.ofString(body)));
    }

    Response post(String path, String body) throws Exception {
        return send(request(path).POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    Response post(String path, String body, String idempotencyKey) throws Exception {
        return send(request(path).header("Idempotency-Key", idempotencyKey)
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    Response get(String path) throws Exception {
        return send(request(path).GET());
    }

    Response send(HttpRequest.Builder request) throws Exception {
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        boolean json = response.headers().firstValue("Content-Type").orElse("").contains("json");
        JsonNode body = json && !response.body().isBlank() ? JSON.readTree(response.body()) : null;
        return new Response(response.statusCode(), body, response);
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
