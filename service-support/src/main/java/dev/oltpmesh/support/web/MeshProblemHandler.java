package dev.oltpmesh.support.web;

import dev.oltpmesh.support.config.ConfigUnavailableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.TypeMismatchException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import tools.jackson.core.JacksonException;

import java.util.List;
import java.util.stream.Collectors;

/**
 * What every service answers for errors it did not foresee: a malformed body is the client's
 * problem; anything else is a 500 whose message stays in the log, never in the response.
 */
public abstract class MeshProblemHandler extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(MeshProblemHandler.class);

    private final String serviceName;

    protected MeshProblemHandler(String serviceName) {
        this.serviceName = serviceName;
    }

    @ExceptionHandler(Exception.class)
    ProblemDetail onUnexpected(Exception e) {
        log.error("unexpected error", e);
        return MeshProblems.problem(HttpStatus.INTERNAL_SERVER_ERROR, "internal-error",
                "The " + serviceName + " failed; the error is in its log.");
    }

    @ExceptionHandler(ConfigUnavailableException.class)
    ProblemDetail onConfigUnavailable(ConfigUnavailableException e) {
        log.warn("{}", e.getMessage());
        return MeshProblems.problem(HttpStatus.SERVICE_UNAVAILABLE, "configuration-unavailable",
                "the configuration could not be read just now, nothing was changed; retry shortly");
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex,
                                                                  HttpHeaders headers, HttpStatusCode status,
                                                                  WebRequest request) {
        String where = ex.getMostSpecificCause() instanceof JacksonException json && !json.getPath().isEmpty()
                ? " (at " + json.getPath().stream().map(r -> r.getPropertyName() != null ? r.getPropertyName()
                        : "[" + r.getIndex() + "]").collect(Collectors.joining(".")) + ")"
                : "";
        return ResponseEntity.badRequest().body(MeshProblems.problem(HttpStatus.BAD_REQUEST, "malformed-body",
                "the body is not valid JSON of the expected shape" + where));
    }

    /** Every constraint a request body broke, by field, rather than Spring's "Invalid request content.". */
    @Override
    protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException ex,
                                                                  HttpHeaders headers, HttpStatusCode status,
                                                                  WebRequest request) {
        List<String> violations = ex.getBindingResult().getFieldErrors().stream()
                .map(e -> e.getField() + ": " + e.getDefaultMessage()).sorted().toList();
        ProblemDetail problem = MeshProblems.problem(HttpStatus.BAD_REQUEST, "invalid-input",
                "the request is invalid: " + String.join("; ", violations));
        problem.setProperty("violations", violations);
        return ResponseEntity.badRequest().body(problem);
    }

    /** A path or query value of the wrong type ({@code /moves/abc}): a stable type, the value named, no Java type. */
    @Override
    protected ResponseEntity<Object> handleTypeMismatch(TypeMismatchException ex, HttpHeaders headers,
                                                        HttpStatusCode status, WebRequest request) {
        String name = ex.getPropertyName() == null ? "a parameter" : "'" + ex.getPropertyName() + "'";
        String value = String.valueOf(ex.getValue());
        return ResponseEntity.badRequest().body(MeshProblems.problem(HttpStatus.BAD_REQUEST, "invalid-input",
                name + " cannot be '" + (value.length() > 64 ? value.substring(0, 64) + "…" : value) + "'"));
    }
}
