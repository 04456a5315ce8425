package dev.oltpmesh.gateway.web;

import org.springframework.http.HttpStatus;

import java.util.List;
import java.util.Map;

/**
 * An error a client can act on; its message is the problem's detail. {@code code} is the
 * PostgreSQL or PostgREST error code the {@code /rest} dialect answers with where the type alone does
 * not tell it (see {@code PostgrestErrors}).
 */
public class GatewayException extends RuntimeException {

    private final HttpStatus status;
    private final String type;
    private final Map<String, Object> properties;
    private final String code;

    private GatewayException(HttpStatus status, String type, String detail, Map<String, Object> properties) {
        this(status, type, detail, properties, null);
    }

    private GatewayException(HttpStatus status, String type, String detail, Map<String, Object> properties,
                             String code) {
        super(detail);
        this.status = status;
        this.type = type;
        this.properties = properties;
        this.code = code;
    }

    public static GatewayException invalidInput(String detail) {
        return new GatewayException(HttpStatus.BAD_REQUEST, "invalid-input", detail, Map.of());
    }

    /** A value its column's type cannot hold: PostgreSQL's invalid_text_representation. */
    public static GatewayException invalidValue(String detail) {
        return new GatewayException(HttpStatus.BAD_REQUEST, "invalid-input", detail, Map.of(), "22P02");
    }

    /** A column named in a query that its table does not have: PostgreSQL's undefined_column. */
    public static GatewayException unknownColumn(String detail) {
        return new GatewayException(HttpStatus.BAD_REQUEST, "invalid-input", detail, Map.of(), "42703");
    }

    /** Something PostgREST offers that the mesh does not, such as full-text search or embedding. */
    public static GatewayException notImplemented(String detail, String code) {
        return new GatewayException(HttpStatus.BAD_REQUEST, "not-implemented", detail, Map.of(), code);
    }

    /** A page the mesh will not return in one answer, or one beyond the end of a counted result. */
    public static GatewayException rangeNotSatisfiable(String detail) {
        return new GatewayException(HttpStatus.REQUESTED_RANGE_NOT_SATISFIABLE, "range-not-satisfiable", detail,
                Map.of(), "PGRST103");
    }

    /** A {@code Prefer} header with {@code handling=strict} asked for what the mesh does not honour. */
    public static GatewayException invalidPreferences(String detail) {
        return new GatewayException(HttpStatus.BAD_REQUEST, "invalid-preferences", detail, Map.of(), "PGRST122");
    }

    /** An Accept the dialect cannot answer in, or a body type it cannot read. */
    public static GatewayException mediaType(HttpStatus status, String detail) {
        return new GatewayException(status, "media-type", detail, Map.of(), "PGRST107");
    }

    /** A schema other than the one the dialect serves, asked for with Accept-Profile or Content-Profile. */
    public static GatewayException unknownSchema(String schema) {
        return new GatewayException(HttpStatus.NOT_ACCEPTABLE, "unknown-schema", "the schema must be one of the "
                + "following: public; '" + schema + "' is not served: every mesh table is in one schema",
                Map.of(), "PGRST106");
    }

    /** A path of the PostgREST dialect that names no table. */
    public static GatewayException invalidPath(String detail) {
        return new GatewayException(HttpStatus.NOT_FOUND, "not-found", detail, Map.of(), "PGRST125");
    }

    /** An answer of one object was asked for and the query matched none or several rows. */
    public static GatewayException notOneRow(long rows) {
        return new GatewayException(HttpStatus.NOT_ACCEPTABLE, "not-one-row", "the result contains " + rows
                + " rows; one object was asked for (Accept: application/vnd.pgrst.object+json)",
                Map.of("rows", rows), "PGRST116");
    }

    /** The transaction was decided and failed: a peer refused its rows. */
    public static GatewayException transactionFailed(String txId, String reason) {
        return new GatewayException(HttpStatus.CONFLICT, "transaction-failed", "transaction " + txId
                + " failed and stored nothing: " + reason, Map.of("txId", txId),
                reason != null && reason.contains("duplicate key") ? "23505" : null);
    }

    public static GatewayException invalidRow(String table, int row, String detail) {
        return invalidRow(table, row, detail, "22P02");
    }

    /** @param code PostgreSQL's code for what is wrong with the row: a bad value, a missing one, an unknown column */
    public static GatewayException invalidRow(String table, int row, String detail, String code) {
        return new GatewayException(HttpStatus.BAD_REQUEST, "invalid-row",
                "table '" + table + "' row " + row + ": " + detail, Map.of("table", table, "row", row), code);
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

    /** Rows are insert-only: what the request asked to change can only be inserted anew. */
    public static GatewayException insertOnly(String detail) {
        return new GatewayException(HttpStatus.METHOD_NOT_ALLOWED, "insert-only", detail, Map.of());
    }

    /** An on_conflict target other than the table's primary key, the only uniqueness the mesh keeps. */
    public static GatewayException noSuchConflictTarget(String detail) {
        return new GatewayException(HttpStatus.BAD_REQUEST, "invalid-input", detail, Map.of(), "42P10");
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

    /** PostgreSQL's or PostgREST's code for this error, when its type does not tell it. */
    public String code() {
        return code;
    }
}
