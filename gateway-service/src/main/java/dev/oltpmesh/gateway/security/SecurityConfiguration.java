package dev.oltpmesh.gateway.security;

import dev.oltpmesh.gateway.GatewayProperties;
import dev.oltpmesh.support.security.ApiKeyGrants;
import dev.oltpmesh.support.security.MeshSecurity;
import dev.oltpmesh.support.security.SecurityBasics;
import dev.oltpmesh.support.security.RemoteApiKeyGrants;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import dev.oltpmesh.gateway.rest.PostgrestError;
import dev.oltpmesh.gateway.rest.PostgrestErrors;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.web.client.RestClient;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.UrlBasedCorsConfigurationSource;
import tools.jackson.databind.json.JsonMapper;

import java.util.List;

/**
 * Who may call what, decided by Spring Security on its own request matching, behind its strict
 * firewall: a path with {@code ;} parameters, encoded slashes or dots, double slashes or other
 * ambiguous forms is refused before anything else reads it. API keys are sent as
 * {@code Authorization: Bearer <key>} and looked up (by hash) in the configuration database; roles
 * imply each other: admin > writer > reader; monitor reads metrics only. A key limited to tables is
 * checked by the handlers, which know the tables a request touches.
 */
@Configuration(proxyBeanMethods = false)
@EnableWebSecurity
@Import(SecurityBasics.class)
public class SecurityConfiguration {

    @Bean
    ApiKeyGrants apiKeyGrants(RestClient.Builder http, GatewayProperties properties) {
        return new RemoteApiKeyGrants(http, properties.configServiceUrl(), properties.apiKeyRefresh());
    }

    @Bean
    SecurityFilterChain apiSecurity(HttpSecurity http, ApiKeyGrants grants, JsonMapper json,
                                    GatewayProperties properties) throws Exception {
        // Browser pages using a PostgREST client call /rest from their own origin.
        CorsConfiguration cors = new CorsConfiguration();
        cors.setAllowedOriginPatterns(properties.restAllowedOrigins());
        cors.setAllowedMethods(List.of("GET", "HEAD", "POST", "OPTIONS"));
        cors.setAllowedHeaders(List.of("Authorization", "apikey", "Content-Type", "Prefer", "Range", "Range-Unit",
                "Accept", "Accept-Profile", "Content-Profile", "Idempotency-Key", "x-client-info"));
        cors.setExposedHeaders(List.of("Content-Range", "Location", "Preference-Applied"));
        UrlBasedCorsConfigurationSource corsSource = new UrlBasedCorsConfigurationSource();
        corsSource.registerCorsConfiguration("/rest/**", cors);
        // The gateway serves no other service: no service tokens here.
        return MeshSecurity.statelessWithApiKeys(http, grants, null, json, SecurityConfiguration::errorBody)
                .cors(c -> c.configurationSource(corsSource))
                .authorizeHttpRequests(requests -> requests
                        .requestMatchers(HttpMethod.GET, "/actuator/health", "/actuator/health/**").permitAll()
                        .requestMatchers(HttpMethod.GET, "/v3/api-docs", "/v3/api-docs/**", "/swagger-ui.html",
                                "/swagger-ui/**").permitAll()
                        .requestMatchers("/actuator/**").hasRole("MONITOR")
                        .requestMatchers("/v1/admin/**").hasRole("ADMIN")
                        .requestMatchers(HttpMethod.POST, "/v1/tx", "/v1/tables/*/rows").hasRole("WRITER")
                        .requestMatchers(HttpMethod.GET, "/v1/tx/*", "/v1/tables/*/rows", "/v1/tables/*/rows/*")
                        .hasRole("READER")
                        .requestMatchers(HttpMethod.HEAD, "/v1/tx/*", "/v1/tables/*/rows", "/v1/tables/*/rows/*")
                        .hasRole("READER")
                        .requestMatchers(HttpMethod.GET, "/rest", "/rest/", "/rest/*", "/rest/v1/*").hasRole("READER")
                        .requestMatchers(HttpMethod.HEAD, "/rest/*", "/rest/v1/*").hasRole("READER")
                        // Inserts, and the 405 that explains insert-only to anyone who may write.
                        .requestMatchers("/rest/*", "/rest/v1/*").hasRole("WRITER")
                        // Rows are insert-only: the handler explains the 405 to anyone who may write.
                        .requestMatchers("/v1/tables/*/rows", "/v1/tables/*/rows/*").hasRole("WRITER")
                        .requestMatchers("/error").permitAll()
                        .anyRequest().denyAll())
                .build();
    }

    /** Refusals on the PostgREST dialect in its shape; a missing key is PostgREST's "anonymous access is disabled". */
    private static MeshSecurity.ErrorBody.Written errorBody(HttpServletRequest request, HttpStatus status, String type,
                                                            String detail) {
        if (!PostgrestErrors.isDialect(request)) {
            return MeshSecurity.problemBody(request, status, type, detail);
        }
        boolean noKey = request.getHeader(HttpHeaders.AUTHORIZATION) == null && request.getHeader("apikey") == null;
        PostgrestError error = status == HttpStatus.UNAUTHORIZED && noKey
                ? new PostgrestError("PGRST302", detail, null, null)
                : PostgrestErrors.of(status, type, detail);
        return new MeshSecurity.ErrorBody.Written(error, MediaType.APPLICATION_JSON);
    }
}
