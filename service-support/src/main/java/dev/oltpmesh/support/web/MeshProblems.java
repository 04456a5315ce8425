package dev.oltpmesh.support.web;

import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;

import java.net.URI;

/** RFC 9457 problems with the mesh's stable type URIs, one base for every service. */
public final class MeshProblems {

    public static final String TYPE_BASE = "https://oltp-mesh.dev/problems/";

    private MeshProblems() {
    }

    public static ProblemDetail problem(HttpStatusCode status, String type, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(URI.create(TYPE_BASE + type));
        return problem;
    }
}
