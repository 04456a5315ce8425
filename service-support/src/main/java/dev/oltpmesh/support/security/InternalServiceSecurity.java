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
import java.util.HashMap;
import java.util.Map;
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

    /**
     * The services whose tokens open this service's {@code /internal/**} endpoints, and for some paths
     * (Spring path patterns, checked first) other services instead.
     */
    public record InternalCallers(Set<ServiceRole> roles, Map<String, Set<ServiceRole>> paths) {

        public InternalCallers {
            roles = Set.copyOf(roles);
            paths = Map.copyOf(paths);
        }

        public InternalCallers(Set<ServiceRole> roles) {
            this(roles, Map.of());
        }

        public InternalCallers withPath(String pattern, Set<ServiceRole> callers) {
            Map<String, Set<ServiceRole>> more = new HashMap<>(paths);
            more.put(pattern, callers);
            return new InternalCallers(roles, more);
        }

        private static String[] authorities(Set<ServiceRole> roles) {
            return roles.stream().map(r -> "SERVICE_" + r.name()).toArray(String[]::new);
        }
    }

    @Bean
    ApiKeyGrants apiKeyGrants(RestClient.Builder http, FollowsConfiguration properties) {
        return new RemoteApiKeyGrants(http, properties.configServiceUrl(), Duration.ofSeconds(2));
    }

    @Bean
    SecurityFilterChain internalSecurity(HttpSecurity http, ApiKeyGrants grants, TrustStore serviceKeys,
                                         InternalCallers callers, JsonMapper json) throws Exception {
        String[] roles = InternalCallers.authorities(callers.roles());
        return MeshSecurity.statelessWithApiKeys(http, grants, serviceKeys, json)
                .authorizeHttpRequests(requests -> {
                    requests.requestMatchers(HttpMethod.GET, "/actuator/health", "/actuator/health/**").permitAll();
                    callers.paths().forEach((pattern, services) ->
                            requests.requestMatchers(pattern).hasAnyRole(InternalCallers.authorities(services)));
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
