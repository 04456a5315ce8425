package dev.oltpmesh.config.web;

import org.springframework.http.HttpStatus;

import java.util.List;

/** A refused configuration change, with every reason. */
public class ConfigException extends RuntimeException {

    private final HttpStatus status;
    private final String type;
    private final List<String> violations;

    private ConfigException(HttpStatus status, String type, String detail, List<String> violations) {
        super(detail);
        this.status = status;
        this.type = type;
        this.violations = List.copyOf(violations);
    }

    public static ConfigException invalid(String what, List<String> violations) {
        return new ConfigException(HttpStatus.BAD_REQUEST, "invalid-definition",
                what + " is invalid: " + String.join("; ", violations), violations);
    }

    /** A change that is well-formed but cannot be applied as asked (a group of placement changes). */
    public static ConfigException unprocessable(String what, List<String> violations) {
        return new ConfigException(HttpStatus.UNPROCESSABLE_CONTENT, "invalid-change",
                what + " cannot be applied: " + String.join("; ", violations), violations);
    }

    public static ConfigException conflict(String detail) {
        return new ConfigException(HttpStatus.CONFLICT, "incompatible-change", detail, List.of(detail));
    }

    public static ConfigException notFound(String what) {
        return new ConfigException(HttpStatus.NOT_FOUND, "not-found", what + " does not exist", List.of());
    }

    public static ConfigException backboneUnavailable(String detail) {
        return new ConfigException(HttpStatus.SERVICE_UNAVAILABLE, "backbone-unavailable", detail, List.of());
    }

    public HttpStatus status() {
        return status;
    }

    public String type() {
        return type;
    }

    public List<String> violations() {
        return violations;
    }
}
