package dev.oltpmesh.gateway.admin;

import dev.oltpmesh.gateway.GatewayProperties;
import dev.oltpmesh.gateway.web.GatewayException;
import dev.oltpmesh.support.web.HttpTimeouts;
import jakarta.servlet.http.HttpServletRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClient;

import java.time.Duration;
import java.util.function.UnaryOperator;

/**
 * Administration is served by the config service; the gateway's admin handlers check the role (by
 * security) and forward the request as it came, and the answer as it went. The bytes pass untouched:
 * the config service validates every change and owns the representation, its refusals included; the
 * gateway's records only document them.
 */
@Component
class AdminForwarder {

    private static final Logger log = LoggerFactory.getLogger(AdminForwarder.class);

    private final RestClient configService;

    AdminForwarder(RestClient.Builder builder, GatewayProperties properties) {
        this.configService = builder.baseUrl(properties.configServiceUrl())
                .requestFactory(HttpTimeouts.of(Duration.ofSeconds(5), Duration.ofSeconds(30))).build();
    }

    ResponseEntity<byte[]> forward(HttpServletRequest request, byte[] body) {
        return forward(request, body, UnaryOperator.identity());
    }

    /** Forwards, and hands a 200 answer's body to {@code onOk} before it goes back. */
    ResponseEntity<byte[]> forward(HttpServletRequest request, byte[] body, UnaryOperator<byte[]> onOk) {
        String path = request.getRequestURI() + (request.getQueryString() == null ? "" : "?" + request.getQueryString());
        try {
            // The config service checks the admin key again: it owns the keys, and its API is one.
            RestClient.RequestBodySpec call = configService.method(HttpMethod.valueOf(request.getMethod()))
                    .uri(path).header(HttpHeaders.AUTHORIZATION, request.getHeader(HttpHeaders.AUTHORIZATION));
            if (body != null && body.length > 0) {
                call.contentType(request.getContentType() == null ? MediaType.APPLICATION_JSON
                        : MediaType.parseMediaType(request.getContentType())).body(body);
            }
            return call.exchange((req, response) -> {
                HttpHeaders headers = new HttpHeaders();
                if (response.getHeaders().getContentType() != null) {
                    headers.setContentType(response.getHeaders().getContentType());
                }
                byte[] answer = response.getBody().readAllBytes();
                if (response.getStatusCode().value() == 200) {
                    answer = onOk.apply(answer);
                }
                return ResponseEntity.status(response.getStatusCode()).headers(headers).body(answer);
            });
        } catch (ResourceAccessException e) {
            log.warn("{} {} not forwarded to the config service: {}", request.getMethod(), request.getRequestURI(),
                    e.getMessage());
            throw GatewayException.configServiceUnavailable();
        }
    }
}
