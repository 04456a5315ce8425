package dev.oltpmesh.client;

import java.net.URI;

/**
 * The stable problem types of the mesh ({@code https://oltp-mesh.dev/problems/<name>}), so that a
 * caller can tell one refusal from another without reading its detail.
 */
public enum ProblemType {
    /** A parameter, header or body value is not acceptable; the detail names it. */
    INVALID_INPUT("invalid-input"),
    /** A row does not fit its table; the problem's {@code table} and {@code row} say which. */
    INVALID_ROW("invalid-row"),
    /** A cursor that is not one the gateway returned for this query. */
    INVALID_CURSOR("invalid-cursor"),
    UNKNOWN_TABLE("unknown-table"),
    /** The body, the rows or their values are over the gateway's limits. */
    TOO_LARGE("too-large"),
    /** The Idempotency-Key was used before with another body. */
    IDEMPOTENCY_KEY_REUSED("idempotency-key-reused"),
    /** The first request with this Idempotency-Key is still being processed. */
    IDEMPOTENCY_KEY_IN_FLIGHT("idempotency-key-in-flight"),
    /** Kafka could not take the transaction; nothing was accepted. */
    BACKBONE_UNAVAILABLE("backbone-unavailable"),
    NOT_FOUND("not-found"),
    /** Peers that may hold matching rows did not answer; the problem's {@code peers} names them. */
    PEERS_UNAVAILABLE("peers-unavailable"),
    CONFIG_SERVICE_UNAVAILABLE("config-service-unavailable"),
    CONFIGURATION_UNAVAILABLE("configuration-unavailable"),
    UNAUTHENTICATED("unauthenticated"),
    FORBIDDEN("forbidden"),
    /** Rows are never updated or deleted. */
    INSERT_ONLY("insert-only"),
    MALFORMED_BODY("malformed-body"),
    /** A table definition the configuration service refuses; {@code violations} lists why. */
    INVALID_DEFINITION("invalid-definition"),
    /** A placement change that cannot be applied; {@code violations} lists every reason. */
    INVALID_CHANGE("invalid-change"),
    /** A change to a table other than appending nullable columns. */
    INCOMPATIBLE_CHANGE("incompatible-change"),
    INTERNAL_ERROR("internal-error"),
    /** A type this client does not know (or none): see the exception's status and detail. */
    OTHER(null);

    static final String BASE = "https://oltp-mesh.dev/problems/";

    private final String name;

    ProblemType(String name) {
        this.name = name;
    }

    /** The type URI the mesh sends, or null for {@link #OTHER}. */
    public URI uri() {
        return name == null ? null : URI.create(BASE + name);
    }

    static ProblemType of(String type) {
        if (type != null && type.startsWith(BASE)) {
            String name = type.substring(BASE.length());
            for (ProblemType known : values()) {
                if (name.equals(known.name)) {
                    return known;
                }
            }
        }
        return OTHER;
    }
}
