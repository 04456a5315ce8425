package dev.oltpmesh.gateway.web;

import dev.oltpmesh.gateway.rest.PostgrestErrors;
import dev.oltpmesh.support.web.MeshProblems;
import org.springframework.core.MethodParameter;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.http.server.ServletServerHttpRequest;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.servlet.mvc.method.annotation.ResponseBodyAdvice;

/**
 * The problems Spring MVC and the shared handler write (a method not allowed, an unreadable request,
 * an unexpected failure) told in PostgREST's shape when the request came to the {@code /rest} dialect.
 */
@RestControllerAdvice
class PostgrestProblemShape implements ResponseBodyAdvice<Object> {

    @Override
    public boolean supports(MethodParameter returnType, Class<? extends HttpMessageConverter<?>> converterType) {
        return true;
    }

    @Override
    public Object beforeBodyWrite(Object body, MethodParameter returnType, MediaType selectedContentType,
                                  Class<? extends HttpMessageConverter<?>> selectedConverterType,
                                  ServerHttpRequest request, ServerHttpResponse response) {
        if (!(body instanceof ProblemDetail problem) || !(request instanceof ServletServerHttpRequest servlet)
                || !PostgrestErrors.isDialect(servlet.getServletRequest())) {
            return body;
        }
        String uri = problem.getType() == null ? "" : problem.getType().toString();
        String type = uri.startsWith(MeshProblems.TYPE_BASE) ? uri.substring(MeshProblems.TYPE_BASE.length()) : null;
        response.getHeaders().setContentType(MediaType.APPLICATION_JSON);
        return PostgrestErrors.of(HttpStatusCode.valueOf(problem.getStatus()), type, problem.getDetail());
    }
}
