package dev.oltpmesh.config.web;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

import java.net.URI;

/** Every error of the config service as an RFC 9457 problem with a stable type. */
@RestControllerAdvice
class ConfigProblemHandler extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ConfigProblemHandler.class);
    static final String TYPE_BASE = "https://oltp-mesh.dev/problems/";

    @ExceptionHandler(ConfigException.class)
    ProblemDetail onConfigException(ConfigException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(e.status(), e.getMessage());
        problem.setType(URI.create(TYPE_BASE + e.type()));
        if (!e.violations().isEmpty()) {
            problem.setProperty("violations", e.violations());
        }
        return problem;
    }

    @ExceptionHandler(Exception.class)
    ProblemDetail onUnexpected(Exception e) {
        log.error("unexpected error", e);
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.INTERNAL_SERVER_ERROR,
                "The config service failed; the error is in its log.");
        problem.setType(URI.create(TYPE_BASE + "internal-error"));
        return problem;
    }

    @Override
    protected org.springframework.http.ResponseEntity<Object> handleHttpMessageNotReadable(
            HttpMessageNotReadableException ex, org.springframework.http.HttpHeaders headers,
            org.springframework.http.HttpStatusCode status, org.springframework.web.context.request.WebRequest request) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST,
                "The body is not valid JSON of the expected shape.");
        problem.setType(URI.create(TYPE_BASE + "malformed-body"));
        return org.springframework.http.ResponseEntity.badRequest().body(problem);
    }
}
