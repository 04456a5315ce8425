package dev.oltpmesh.config.security;

import dev.oltpmesh.support.identity.TrustStore;
import dev.oltpmesh.support.security.ApiKeyGrants;
import dev.oltpmesh.support.security.MeshSecurity;
import dev.oltpmesh.support.security.SecurityBasics;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.web.SecurityFilterChain;
import tools.jackson.databind.json.JsonMapper;

/**
 * The config service's own API: administration needs an admin API key (checked against the keys this
 * service holds), metrics the monitor role, the internal endpoints another service's token; health is
 * public.
 */
@Configuration(proxyBeanMethods = false)
@EnableWebSecurity
@Import(SecurityBasics.class)
class SecurityConfiguration {

    @Bean
    SecurityFilterChain configSecurity(HttpSecurity http, ApiKeyGrants grants, TrustStore serviceKeys,
                                       JsonMapper json) throws Exception {
        return MeshSecurity.statelessWithApiKeys(http, grants, serviceKeys, json)
                .authorizeHttpRequests(requests -> requests
                        .requestMatchers(HttpMethod.GET, "/actuator/health", "/actuator/health/**").permitAll()
                        .requestMatchers("/actuator/**").hasRole("MONITOR")
                        .requestMatchers("/v1/admin/**").hasRole("ADMIN")
                        // Idempotency-Keys and statuses are the gateways' business; every service looks up
                        // tables and API keys (router and peers check monitor keys on their actuator).
                        .requestMatchers("/internal/idempotency-keys", "/internal/transactions/**")
                        .hasRole("SERVICE_GATEWAY")
                        .requestMatchers("/internal/tables/**", "/internal/api-keys/**")
                        .hasAnyRole("SERVICE_GATEWAY", "SERVICE_ROUTER", "SERVICE_PEER")
                        .requestMatchers("/error").permitAll()
                        .anyRequest().denyAll())
                .build();
    }
}
