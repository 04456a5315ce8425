package dev.oltpmesh.gateway.rest;

import dev.oltpmesh.gateway.web.GatewayException;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.HttpStatusCode;

/**
 * The {@code /rest} dialect's errors: each mesh error told with the code PostgREST (or PostgreSQL
 * behind it) would answer for the same fault, so a PostgREST client's error handling works unchanged.
 * Where PostgREST has no equivalent the code is the mesh's problem type, stable like PostgREST's.
 */
public final class PostgrestErrors {

    public static final String PREFIX = "/rest/";

    private PostgrestErrors() {
    }

    /** Whether the request speaks PostgREST's dialect, and is answered in its error shape. */
    public static boolean isDialect(HttpServletRequest request) {
        String uri = request.getRequestURI();
        return uri != null && (uri.startsWith(PREFIX) || uri.equals("/rest"));
    }

    public static PostgrestError of(GatewayException e) {
        String code = e.code() != null ? e.code() : codeOf(e.status(), e.type());
        if (code.equals("PGRST116")) {
            // PostgREST's own words: clients show them, and some match on them.
            return new PostgrestError(code, "Cannot coerce the result to a single JSON object",
                    "The result contains " + e.properties().get("rows") + " rows", null);
        }
        return new PostgrestError(code, e.getMessage(), null, hintOf(code));
    }

    /** An error known only by its status and mesh problem type (from Spring MVC or the security chain). */
    public static PostgrestError of(HttpStatusCode status, String type, String detail) {
        String code = codeOf(status, type);
        return new PostgrestError(code, detail, null, hintOf(code));
    }

    static String codeOf(HttpStatusCode status, String type) {
        return switch (type == null ? "" : type) {
            case "invalid-input", "invalid-cursor" -> "PGRST100";
            case "invalid-row" -> "22P02";
            case "not-found", "unknown-table" -> "PGRST205";
            case "forbidden" -> "42501";
            case "unauthenticated" -> "PGRST301";
            case "insert-only" -> "PGRST117";
            case "range-not-satisfiable" -> "PGRST103";
            case "peers-unavailable", "backbone-unavailable", "config-service-unavailable" -> "PGRST000";
            case "too-large" -> "54000";
            default -> switch (status.value()) {
                case 405 -> "PGRST117";
                case 406, 415 -> "PGRST107";
                case 400 -> "PGRST100";
                default -> type == null || type.isEmpty() ? "PGRST" + status.value() : type;
            };
        };
    }

    private static String hintOf(String code) {
        return switch (code) {
            case "PGRST117" -> "rows are insert-only: insert a new row instead of changing or deleting one";
            case "PGRST103" -> "page with limit and offset, or the Range header";
            case "PGRST000" -> "retry; the mesh answers again once every peer that may hold the rows does";
            default -> null;
        };
    }
}
