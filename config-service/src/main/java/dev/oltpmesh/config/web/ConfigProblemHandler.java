package dev.oltpmesh.config.web;

import dev.oltpmesh.support.web.MeshProblemHandler;
import dev.oltpmesh.support.web.MeshProblems;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** Every error of the config service as an RFC 9457 problem with a stable type. */
@RestControllerAdvice
class ConfigProblemHandler extends MeshProblemHandler {

    ConfigProblemHandler() {
        super("config service");
    }

    @ExceptionHandler(ConfigException.class)
    ProblemDetail onConfigException(ConfigException e) {
        ProblemDetail problem = MeshProblems.problem(e.status(), e.type(), e.getMessage());
        if (!e.violations().isEmpty()) {
            problem.setProperty("violations", e.violations());
        }
        return problem;
    }
}
