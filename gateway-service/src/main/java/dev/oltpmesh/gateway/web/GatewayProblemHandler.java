package dev.oltpmesh.gateway.web;

import dev.oltpmesh.support.web.MeshProblemHandler;
import dev.oltpmesh.support.web.MeshProblems;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** Every error of the gateway as an RFC 9457 problem with a stable type URI. */
@RestControllerAdvice
public class GatewayProblemHandler extends MeshProblemHandler {

    GatewayProblemHandler() {
        super("gateway");
    }

    public static ProblemDetail problemOf(GatewayException e) {
        ProblemDetail problem = MeshProblems.problem(e.status(), e.type(), e.getMessage());
        e.properties().forEach(problem::setProperty);
        return problem;
    }

    @ExceptionHandler(GatewayException.class)
    ResponseEntity<ProblemDetail> onGatewayException(GatewayException e) {
        return ResponseEntity.status(e.status()).body(problemOf(e));
    }
}
