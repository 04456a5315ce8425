package dev.oltpmesh.gateway.web;

import dev.oltpmesh.gateway.rest.PostgrestErrors;
import dev.oltpmesh.support.web.MeshProblemHandler;
import dev.oltpmesh.support.web.MeshProblems;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * Every error of the gateway as an RFC 9457 problem with a stable type URI, or, on the {@code /rest}
 * dialect, as PostgREST's {@code {code, message, details, hint}} (errors raised elsewhere are turned
 * into that shape by {@link PostgrestProblemShape}).
 */
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
    ResponseEntity<Object> onGatewayException(GatewayException e, HttpServletRequest request) {
        if (PostgrestErrors.isDialect(request)) {
            return ResponseEntity.status(e.status()).contentType(MediaType.APPLICATION_JSON)
                    .body(PostgrestErrors.of(e));
        }
        return ResponseEntity.status(e.status()).body(problemOf(e));
    }
}
