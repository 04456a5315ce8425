package dev.oltpmesh.gateway;

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
class GatewayConfiguration {

    @Bean
    MeshTopics meshTopics(GatewayProperties properties) {
        return properties.topics();
    }

    @Bean
    TableLookup tableLookup(ConfigSnapshot snapshot, RestClient.Builder http, GatewayProperties properties) {
        return new TableLookup(snapshot, http, properties.configServiceUrl());
    }
}
