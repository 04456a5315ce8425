package dev.oltpmesh.config.web;

import dev.oltpmesh.config.publish.ConfigPublisher;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.core.MethodParameter;
import org.springframework.http.MediaType;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.servlet.mvc.method.annotation.ResponseBodyAdvice;

/**
 * A request that changed the configuration is answered once the change is on {@code mesh.config}
 * (published on a thread of its own, see {@link ConfigPublisher}): a client that defines a table or
 * changes placement and then writes finds every service routing by it.
 */
@RestControllerAdvice
class PublishedBeforeAnswered implements ResponseBodyAdvice<Object> {

    /** Absent in web slice tests, which publish nothing. */
    private final ObjectProvider<ConfigPublisher> publisher;

    PublishedBeforeAnswered(ObjectProvider<ConfigPublisher> publisher) {
        this.publisher = publisher;
    }

    @Override
    public boolean supports(MethodParameter returnType, Class<? extends HttpMessageConverter<?>> converterType) {
        return true;
    }

    @Override
    public Object beforeBodyWrite(Object body, MethodParameter returnType, MediaType selectedContentType,
                                  Class<? extends HttpMessageConverter<?>> selectedConverterType,
                                  ServerHttpRequest request, ServerHttpResponse response) {
        publisher.ifAvailable(ConfigPublisher::awaitThisThreadsChanges);
        return body;
    }
}
