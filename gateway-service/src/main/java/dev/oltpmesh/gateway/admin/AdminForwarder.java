package dev.oltpmesh.gateway.admin;

import dev.oltpmesh.gateway.GatewayProperties;
import dev.oltpmesh.gateway.distance.PeerDistances;
import dev.oltpmesh.gateway.web.GatewayException;
import jakarta.servlet.http.HttpServletRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
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

import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/** Administration is served by the config service; the gateway checks the admin role and forwards. */
@RestController
class AdminForwarder {

    private static final Logger log = LoggerFactory.getLogger(AdminForwarder.class);

    private static final String PEERS = "/v1/admin/peers";

    private final RestClient configService;
    private final PeerDistances distances;
    private final JsonMapper json;

    AdminForwarder(RestClient.Builder builder, GatewayProperties properties, PeerDistances distances, JsonMapper json) {
        this.configService = builder.baseUrl(properties.configServiceUrl())
                .requestFactory(HttpTimeouts.of(Duration.ofSeconds(5), Duration.ofSeconds(30))).build();
        this.distances = distances;
        this.json = json;
    }

    @RequestMapping("/v1/admin/**")
    ResponseEntity<byte[]> forward(HttpServletRequest request, @RequestBody(required = false) byte[] body) {
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
                if ("GET".equals(request.getMethod()) && PEERS.equals(request.getRequestURI())
                        && response.getStatusCode().value() == 200) {
                    answer = withOwnRoundTrips(answer);
                }
                return ResponseEntity.status(response.getStatusCode()).headers(headers).body(answer);
            });
        } catch (ResourceAccessException e) {
            log.warn("{} {} not forwarded to the config service: {}", request.getMethod(), request.getRequestURI(),
                    e.getMessage());
            throw GatewayException.configServiceUnavailable();
        }
    }

    /**
     * The round-trip times that count for reads are the gateway's own, measured from where queries
     * start, so they replace the config service's.
     */
    private byte[] withOwnRoundTrips(byte[] peers) {
        List<Map<String, Object>> list = json.readValue(peers, new TypeReference<List<Map<String, Object>>>() {
        });
        for (Map<String, Object> peer : list) {
            distances.of(String.valueOf(peer.get("id"))).ifPresent(d -> {
                peer.put("roundTripMs", Math.round(d.roundTripMs() * 100) / 100.0);
                peer.put("reachableFromGateway", d.healthy());
            });
        }
        return json.writeValueAsBytes(list);
    }
}
