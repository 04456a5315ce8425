package dev.oltpmesh.gateway.web;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

import java.net.URI;

/** Every error of the gateway as an RFC 9457 problem with a stable type URI. */
@RestControllerAdvice
public class GatewayProblemHandler extends ResponseEntityExceptionHandler {

    public static final String TYPE_BASE = "https://oltp-mesh.dev/problems/";
    private static final Logger log = LoggerFactory.getLogger(GatewayProblemHandler.class);

    public static ProblemDetail problemOf(GatewayException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(e.status(), e.getMessage());
        problem.setType(URI.create(TYPE_BASE + e.type()));
        e.properties().forEach(problem::setProperty);
        return problem;
    }

    @ExceptionHandler(GatewayException.class)
    ResponseEntity<ProblemDetail> onGatewayException(GatewayException e) {
        return ResponseEntity.status(e.status()).body(problemOf(e));
    }

    @ExceptionHandler(Exception.class)
    ProblemDetail onUnexpected(Exception e) {
        log.error("unexpected error", e);
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.INTERNAL_SERVER_ERROR,
                "The gateway failed; the error is in its log.");
        problem.setType(URI.create(TYPE_BASE + "internal-error"));
        return problem;
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex,
                                                                  HttpHeaders headers, HttpStatusCode status,
                                                                  WebRequest request) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST,
                "the body is not valid JSON of the expected shape");
        problem.setType(URI.create(TYPE_BASE + "malformed-body"));
        return ResponseEntity.badRequest().body(problem);
    }
}
