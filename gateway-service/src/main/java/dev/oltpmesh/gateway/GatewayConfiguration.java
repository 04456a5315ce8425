package dev.oltpmesh.gateway;

import dev.oltpmesh.support.config.ConfigFollowingConfiguration;
import dev.oltpmesh.support.kafka.MeshTopics;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

@Configuration(proxyBeanMethods = false)
@Import(ConfigFollowingConfiguration.class)
class GatewayConfiguration {

    @Bean
    MeshTopics meshTopics(GatewayProperties properties) {
        return properties.topics();
    }
}
