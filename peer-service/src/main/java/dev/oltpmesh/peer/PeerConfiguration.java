package dev.oltpmesh.peer;

import dev.oltpmesh.support.config.ConfigFollowingConfiguration;
import dev.oltpmesh.support.config.ConfigSnapshot;
import dev.oltpmesh.support.config.TableLookup;
import dev.oltpmesh.support.kafka.MeshTopics;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.web.client.RestClient;

@Configuration(proxyBeanMethods = false)
@Import(ConfigFollowingConfiguration.class)
class PeerConfiguration {

    @Bean
    MeshTopics meshTopics(PeerProperties properties) {
        return properties.topics();
    }

    @Bean
    TableLookup tableLookup(ConfigSnapshot snapshot, RestClient.Builder http, PeerProperties properties) {
        return new TableLookup(snapshot, http, properties.configServiceUrl());
    }
}
