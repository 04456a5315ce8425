package dev.oltpmesh.peer;

import dev.oltpmesh.support.config.ConfigFollowingConfiguration;
import dev.oltpmesh.support.kafka.MeshTopics;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

@Configuration(proxyBeanMethods = false)
@Import(ConfigFollowingConfiguration.class)
class PeerConfiguration {

    @Bean
    MeshTopics meshTopics(PeerProperties properties) {
        return properties.topics();
    }
}
