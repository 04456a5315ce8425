package dev.oltpmesh.support.security;

import dev.oltpmesh.support.web.MeshProblems;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import dev.oltpmesh.support.identity.TrustStore;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.access.hierarchicalroles.RoleHierarchy;
import org.springframework.security.access.hierarchicalroles.RoleHierarchyImpl;
import org.springframework.security.authentication.AuthenticationServiceException;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.authentication.AnonymousAuthenticationFilter;
import org.springframework.security.web.authentication.AuthenticationFilter;
import org.springframework.security.web.firewall.RequestRejectedHandler;
import org.springframework.security.web.firewall.StrictHttpFirewall;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.util.List;

/**
 * What every service's security has in common: stateless bearer authentication, Spring Security's
 * strict firewall, the role hierarchy (admin > writer > reader, admin > monitor) and RFC 9457 problems
 * for 400, 401, 403 and 503.
 */
public final class MeshSecurity {

    private MeshSecurity() {
    }

    public static RoleHierarchy roleHierarchy() {
        return RoleHierarchyImpl.withDefaultRolePrefix()
                .role("ADMIN").implies("WRITER", "MONITOR")
                .role("WRITER").implies("READER")
                .build();
    }

    public static StrictHttpFirewall firewall() {
        // The defaults are strict already (semicolons, encoded slashes and periods, backslashes, "//",
        // non-printable characters); only the methods the APIs serve are let through.
        StrictHttpFirewall firewall = new StrictHttpFirewall();
        firewall.setAllowedHttpMethods(List.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"));
        return firewall;
    }

    public static RequestRejectedHandler rejectedRequests(JsonMapper json) {
        return (request, response, rejected) -> write(json, response, HttpStatus.BAD_REQUEST, "invalid-input",
                "the request's path or headers are not in a form this server accepts: " + rejected.getMessage());
    }

    /**
     * A stateless chain that authenticates {@code Authorization: Bearer <API key>} against
     * {@code grants} and, where {@code serviceKeys} is given, other services by their
     * {@code Mesh-Service-Token}; answers 401/403/503 as problems, and leaves the rules to the caller.
     */
    public static HttpSecurity statelessWithApiKeys(HttpSecurity http, ApiKeyGrants grants, TrustStore serviceKeys,
                                                    JsonMapper json) {
        return statelessWithApiKeys(http, grants, serviceKeys, json, MeshSecurity::problemBody);
    }

    /** What a refusal's body says, given its request, status, problem type and detail. */
    @FunctionalInterface
    public interface ErrorBody {
        ErrorBody.Written body(HttpServletRequest request, HttpStatus status, String type, String detail);

        /** The body and its media type. */
        record Written(Object body, MediaType mediaType) {
        }
    }

    /** RFC 9457, the mesh's own error shape. */
    public static ErrorBody.Written problemBody(HttpServletRequest request, HttpStatus status, String type,
                                               String detail) {
        return new ErrorBody.Written(MeshProblems.problem(status, type, detail), MediaType.APPLICATION_PROBLEM_JSON);
    }

    /** @param errors how a refusal is written, for an API that speaks another dialect than RFC 9457 */
    public static HttpSecurity statelessWithApiKeys(HttpSecurity http, ApiKeyGrants grants, TrustStore serviceKeys,
                                                    JsonMapper json, ErrorBody errors) {
        AuthenticationFilter apiKeys = new AuthenticationFilter(
                new ProviderManager(new ApiKeyAuthenticationProvider(grants)), new BearerKeyConverter());
        // Authenticated, the request goes on through the chain; no redirect, no session.
        apiKeys.setSuccessHandler((request, response, authentication) -> {
        });
        apiKeys.setFailureHandler((request, response, e) -> {
            if (e instanceof AuthenticationServiceException) {
                write(json, errors.body(request, HttpStatus.SERVICE_UNAVAILABLE, "config-service-unavailable",
                        "the API key could not be checked now: the config service did not answer; retry later"),
                        HttpStatus.SERVICE_UNAVAILABLE, response);
            } else {
                write(json, errors.body(request, HttpStatus.UNAUTHORIZED, "unauthenticated",
                        "this API key is not valid"), HttpStatus.UNAUTHORIZED, response);
            }
        });
        if (serviceKeys != null) {
            ServiceTokenAuthentication tokens = new ServiceTokenAuthentication(serviceKeys);
            AuthenticationFilter services = new AuthenticationFilter(new ProviderManager(tokens), tokens);
            services.setSuccessHandler((request, response, authentication) -> {
            });
            services.setFailureHandler((request, response, e) -> write(json, response, HttpStatus.UNAUTHORIZED,
                    "unauthenticated", "the Mesh-Service-Token is not valid for this request"));
            http.addFilterBefore(services, AnonymousAuthenticationFilter.class);
        }
        return http
                .csrf(csrf -> csrf.disable())
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .requestCache(cache -> cache.disable())
                .formLogin(form -> form.disable())
                .httpBasic(basic -> basic.disable())
                .logout(logout -> logout.disable())
                .addFilterBefore(apiKeys, AnonymousAuthenticationFilter.class)
                .exceptionHandling(e -> e
                        .authenticationEntryPoint((request, response, ex) -> write(json, errors.body(request,
                                HttpStatus.UNAUTHORIZED, "unauthenticated", "send an API key as 'Authorization: "
                                        + "Bearer <key>' (or as 'apikey: <key>')"), HttpStatus.UNAUTHORIZED, response))
                        .accessDeniedHandler((request, response, ex) -> write(json, errors.body(request,
                                HttpStatus.FORBIDDEN, "forbidden", "this API key's role may not make this request "
                                        + "(reader: reads and statuses; writer: also writes; admin: everything; "
                                        + "monitor: metrics)"), HttpStatus.FORBIDDEN, response)));
    }

    private static void write(JsonMapper json, ErrorBody.Written written, HttpStatus status,
                              HttpServletResponse response) throws IOException {
        response.setStatus(status.value());
        response.setContentType(written.mediaType().toString());
        json.writeValue(response.getOutputStream(), written.body());
    }

    public static void write(JsonMapper json, HttpServletResponse response, HttpStatus status, String type,
                             String detail) throws IOException {
        response.setStatus(status.value());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        json.writeValue(response.getOutputStream(), MeshProblems.problem(status, type, detail));
    }
}
