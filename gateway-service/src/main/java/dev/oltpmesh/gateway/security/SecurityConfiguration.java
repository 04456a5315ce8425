package dev.oltpmesh.gateway.security;

import dev.oltpmesh.gateway.GatewayProperties;
import dev.oltpmesh.gateway.web.GatewayException;
import dev.oltpmesh.gateway.web.GatewayProblemHandler;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.security.access.hierarchicalroles.RoleHierarchy;
import org.springframework.security.access.hierarchicalroles.RoleHierarchyImpl;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.AnonymousAuthenticationFilter;
import org.springframework.security.web.authentication.AuthenticationFilter;
import org.springframework.security.web.firewall.RequestRejectedHandler;
import org.springframework.security.web.firewall.StrictHttpFirewall;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;

/**
 * Who may call what, decided by Spring Security on its own request matching, behind its strict
 * firewall: a path with {@code ;} parameters, encoded slashes or dots, double slashes or other
 * ambiguous forms is refused before anything else reads it. API keys are sent as
 * {@code Authorization: Bearer <key>}; roles imply each other: admin > writer > reader; monitor reads
 * metrics only. 401 and 403 are RFC 9457 problem details.
 */
@Configuration(proxyBeanMethods = false)
@EnableWebSecurity
public class SecurityConfiguration {

    @Bean
    RoleHierarchy roleHierarchy() {
        return RoleHierarchyImpl.withDefaultRolePrefix()
                .role("ADMIN").implies("WRITER", "MONITOR")
                .role("WRITER").implies("READER")
                .build();
    }

    @Bean
    StrictHttpFirewall httpFirewall() {
        // The defaults are strict already (semicolons, encoded slashes and periods, backslashes, "//",
        // non-printable characters); only the methods the API serves are let through.
        StrictHttpFirewall firewall = new StrictHttpFirewall();
        firewall.setAllowedHttpMethods(java.util.List.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"));
        return firewall;
    }

    @Bean
    RequestRejectedHandler requestRejectedHandler(JsonMapper json) {
        return (request, response, rejected) -> write(json, response, GatewayException.invalidInput(
                "the request's path or headers are not in a form this server accepts: " + rejected.getMessage()));
    }

    @Bean
    SecurityFilterChain apiSecurity(HttpSecurity http, GatewayProperties properties, JsonMapper json) throws Exception {
        AuthenticationFilter apiKeys = new AuthenticationFilter(new ProviderManager(new ApiKeyAuthentication(properties)),
                new BearerKeyConverter());
        // Authenticated, the request goes on through the chain; no redirect, no session.
        apiKeys.setSuccessHandler((request, response, authentication) -> {
        });
        apiKeys.setFailureHandler((request, response, e) -> write(json, response, GatewayException.unauthenticated()));
        return http
                .csrf(csrf -> csrf.disable())
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .requestCache(cache -> cache.disable())
                .formLogin(form -> form.disable())
                .httpBasic(basic -> basic.disable())
                .logout(logout -> logout.disable())
                .addFilterBefore(apiKeys, AnonymousAuthenticationFilter.class)
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
                        // Rows are insert-only: the handler explains the 405 to anyone who may write.
                        .requestMatchers("/v1/tables/*/rows", "/v1/tables/*/rows/*").hasRole("WRITER")
                        .requestMatchers("/error").permitAll()
                        .anyRequest().denyAll())
                .exceptionHandling(e -> e
                        .authenticationEntryPoint((request, response, ex) ->
                                write(json, response, GatewayException.unauthenticated()))
                        .accessDeniedHandler((request, response, ex) ->
                                write(json, response, GatewayException.forbiddenHere())))
                .build();
    }

    private static void write(JsonMapper json, HttpServletResponse response, GatewayException e) throws IOException {
        response.setStatus(e.status().value());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        json.writeValue(response.getOutputStream(), GatewayProblemHandler.problemOf(e));
    }
}
