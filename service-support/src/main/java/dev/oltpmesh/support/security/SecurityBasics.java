package dev.oltpmesh.support.security;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.access.hierarchicalroles.RoleHierarchy;
import org.springframework.security.web.firewall.RequestRejectedHandler;
import org.springframework.security.web.firewall.StrictHttpFirewall;
import tools.jackson.databind.json.JsonMapper;

/** The beans every service that authenticates API keys shares: role hierarchy, firewall, its 400s. */
@Configuration(proxyBeanMethods = false)
public class SecurityBasics {

    @Bean
    RoleHierarchy roleHierarchy() {
        return MeshSecurity.roleHierarchy();
    }

    @Bean
    StrictHttpFirewall httpFirewall() {
        return MeshSecurity.firewall();
    }

    @Bean
    RequestRejectedHandler requestRejectedHandler(JsonMapper json) {
        return MeshSecurity.rejectedRequests(json);
    }
}
