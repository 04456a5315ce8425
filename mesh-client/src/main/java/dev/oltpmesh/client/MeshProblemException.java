package dev.oltpmesh.client;

import java.net.URI;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The gateway refused a call with an RFC 9457 problem. Subclasses group the statuses by what a caller
 * does about them; {@link #problemType()} tells the exact refusal.
 */
public class MeshProblemException extends MeshException {

    private final int status;
    private final ProblemType problemType;
    private final URI type;
    private final String title;
    private final String detail;
    private final Map<String, Object> properties;

    public MeshProblemException(int status, URI type, String title, String detail, Map<String, Object> properties) {
        super(status + " " + (detail != null ? detail : title != null ? title : "(no detail)"));
        this.status = status;
        this.problemType = ProblemType.of(type == null ? null : type.toString());
        this.type = type;
        this.title = title;
        this.detail = detail;
        // Not Map.copyOf: a member may be null.
        this.properties = Collections.unmodifiableMap(new LinkedHashMap<>(properties));
    }

    public int status() {
        return status;
    }

    public ProblemType problemType() {
        return problemType;
    }

    /** The type URI as sent; null if the answer was not a problem document. */
    public URI type() {
        return type;
    }

    public String title() {
        return title;
    }

    /** What a person can act on. */
    public String detail() {
        return detail;
    }

    /** The problem's other members, e.g. {@code table} and {@code row} of an invalid row. */
    public Map<String, Object> properties() {
        return properties;
    }

    /** Every reason of a refused configuration change, empty if the problem lists none. */
    public List<String> violations() {
        return properties.get("violations") instanceof List<?> list
                ? list.stream().map(String::valueOf).toList() : List.of();
    }
}
