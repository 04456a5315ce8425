package dev.oltpmesh.support.security;

import dev.oltpmesh.model.security.ServiceRole;
import dev.oltpmesh.support.config.FollowsConfiguration;
import dev.oltpmesh.support.identity.TrustStore;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.web.client.RestClient;
import tools.jackson.databind.json.JsonMapper;

import java.time.Duration;
import java.util.Set;

/**
 * The door of a service that serves other services only (router, peers): health is public, the
 * internal endpoints need a service token of one of the {@link InternalCallers}, the rest of the
 * actuator a monitor (or admin) API key, looked up in the configuration service; anything else is
 * denied.
 */
@Configuration(proxyBeanMethods = false)
@EnableWebSecurity
@Import(SecurityBasics.class)
public class InternalServiceSecurity {

    /** The services whose tokens open this service's {@code /internal/**} endpoints. */
    public record InternalCallers(Set<ServiceRole> roles) {
    }

    @Bean
    ApiKeyGrants apiKeyGrants(RestClient.Builder http, FollowsConfiguration properties) {
        return new RemoteApiKeyGrants(http, properties.configServiceUrl(), Duration.ofSeconds(2));
    }

    @Bean
    SecurityFilterChain internalSecurity(HttpSecurity http, ApiKeyGrants grants, TrustStore serviceKeys,
                                         InternalCallers callers, JsonMapper json) throws Exception {
        String[] roles = callers.roles().stream().map(r -> "SERVICE_" + r.name()).toArray(String[]::new);
        return MeshSecurity.statelessWithApiKeys(http, grants, serviceKeys, json)
                .authorizeHttpRequests(requests -> {
                    requests.requestMatchers(HttpMethod.GET, "/actuator/health", "/actuator/health/**").permitAll();
                    if (roles.length > 0) {
                        requests.requestMatchers("/internal/**").hasAnyRole(roles);
                    }
                    requests.requestMatchers("/actuator/**").hasRole("MONITOR")
                            .requestMatchers("/error").permitAll()
                            .anyRequest().denyAll();
                })
                .build();
    }
}
