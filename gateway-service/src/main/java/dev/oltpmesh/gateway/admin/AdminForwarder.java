package dev.oltpmesh.gateway.admin;

import dev.oltpmesh.gateway.GatewayProperties;
import dev.oltpmesh.gateway.web.GatewayException;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import dev.oltpmesh.support.web.HttpTimeouts;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClient;

import java.time.Duration;

/** Administration is served by the config service; the gateway checks the admin role and forwards. */
@RestController
class AdminForwarder {

    private final RestClient configService;

    AdminForwarder(RestClient.Builder builder, GatewayProperties properties) {
        this.configService = builder.baseUrl(properties.configServiceUrl())
                .requestFactory(HttpTimeouts.of(Duration.ofSeconds(5), Duration.ofSeconds(30))).build();
    }

    @RequestMapping("/v1/admin/**")
    ResponseEntity<byte[]> forward(HttpServletRequest request, @RequestBody(required = false) byte[] body) {
        String path = request.getRequestURI() + (request.getQueryString() == null ? "" : "?" + request.getQueryString());
        try {
            RestClient.RequestBodySpec call = configService.method(HttpMethod.valueOf(request.getMethod()))
                    .uri(path);
            if (body != null && body.length > 0) {
                call.contentType(request.getContentType() == null ? MediaType.APPLICATION_JSON
                        : MediaType.parseMediaType(request.getContentType())).body(body);
            }
            return call.exchange((req, response) -> {
                HttpHeaders headers = new HttpHeaders();
                if (response.getHeaders().getContentType() != null) {
                    headers.setContentType(response.getHeaders().getContentType());
                }
                return ResponseEntity.status(response.getStatusCode()).headers(headers)
                        .body(response.getBody().readAllBytes());
            });
        } catch (ResourceAccessException e) {
            throw GatewayException.configServiceUnavailable();
        }
    }
}
