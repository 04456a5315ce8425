package dev.oltpmesh.gateway.web;

import org.springframework.http.HttpStatus;

import java.util.List;
import java.util.Map;

/** An error a client can act on; its message is the problem's detail. */
public class GatewayException extends RuntimeException {

    private final HttpStatus status;
    private final String type;
    private final Map<String, Object> properties;

    private GatewayException(HttpStatus status, String type, String detail, Map<String, Object> properties) {
        super(detail);
        this.status = status;
        this.type = type;
        this.properties = properties;
    }

    public static GatewayException invalidInput(String detail) {
        return new GatewayException(HttpStatus.BAD_REQUEST, "invalid-input", detail, Map.of());
    }

    public static GatewayException invalidRow(String table, int row, String detail) {
        return new GatewayException(HttpStatus.BAD_REQUEST, "invalid-row",
                "table '" + table + "' row " + row + ": " + detail, Map.of("table", table, "row", row));
    }

    public static GatewayException invalidCursor(String detail) {
        return new GatewayException(HttpStatus.BAD_REQUEST, "invalid-cursor", detail, Map.of());
    }

    public static GatewayException unknownTable(String table) {
        return new GatewayException(HttpStatus.BAD_REQUEST, "unknown-table", "table '" + table
                + "' is not defined; define it with PUT /v1/admin/tables/" + table, Map.of("table", table));
    }

    public static GatewayException tooLarge(String detail) {
        return new GatewayException(HttpStatus.CONTENT_TOO_LARGE, "too-large", detail, Map.of());
    }

    public static GatewayException idempotencyKeyReused() {
        return new GatewayException(HttpStatus.UNPROCESSABLE_CONTENT, "idempotency-key-reused",
                "this Idempotency-Key was already used with a different request body", Map.of());
    }

    public static GatewayException idempotencyKeyInFlight() {
        return new GatewayException(HttpStatus.CONFLICT, "idempotency-key-in-flight",
                "the first request with this Idempotency-Key is still being processed; retry shortly", Map.of());
    }

    public static GatewayException backboneUnavailable() {
        return new GatewayException(HttpStatus.SERVICE_UNAVAILABLE, "backbone-unavailable",
                "the transaction could not be stored on Kafka, nothing was accepted; retry later", Map.of());
    }

    public static GatewayException notFound(String what) {
        return new GatewayException(HttpStatus.NOT_FOUND, "not-found", what + " was not found", Map.of());
    }

    public static GatewayException peersUnavailable(List<String> peers) {
        return new GatewayException(HttpStatus.SERVICE_UNAVAILABLE, "peers-unavailable",
                "peers that may hold matching rows did not answer: " + String.join(", ", peers)
                        + "; retry, or ask with partial=true", Map.of("peers", peers));
    }

    public static GatewayException configServiceUnavailable() {
        return new GatewayException(HttpStatus.SERVICE_UNAVAILABLE, "config-service-unavailable",
                "the config service did not answer; retry later", Map.of());
    }

    public static GatewayException forbiddenTable(String table) {
        return new GatewayException(HttpStatus.FORBIDDEN, "forbidden", "this API key may not use table '" + table
                + "'", Map.of("table", table));
    }

    public static GatewayException methodNotAllowed() {
        return new GatewayException(HttpStatus.METHOD_NOT_ALLOWED, "insert-only",
                "rows are insert-only: they are never updated or deleted", Map.of());
    }

    public HttpStatus status() {
        return status;
    }

    public String type() {
        return type;
    }

    public Map<String, Object> properties() {
        return properties;
    }
}
