package dev.oltpmesh.support.config;

import dev.oltpmesh.support.identity.EventSignatures;
import dev.oltpmesh.model.event.ConfigEvent;
import dev.oltpmesh.support.kafka.FollowersReadyIndicator;
import dev.oltpmesh.support.kafka.MeshDeserializer;
import dev.oltpmesh.support.kafka.MeshTopics;
import dev.oltpmesh.support.kafka.TopicFollower;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.client.RestClient;

import java.util.List;

/**
 * For a service that acts on the configuration: a {@link ConfigSnapshot} kept up to date from
 * {@code mesh.config}, and a health indicator that keeps the service out of readiness until every
 * topic it follows has been read; a {@link TableLookup} for tables defined a moment ago. The importing
 * service's properties implement {@link FollowsConfiguration}.
 */
@Configuration(proxyBeanMethods = false)
public class ConfigFollowingConfiguration {

    @Bean
    ConfigSnapshot configSnapshot() {
        return new ConfigSnapshot();
    }

    @Bean
    MeshTopics meshTopics(FollowsConfiguration properties) {
        return properties.topics();
    }

    @Bean
    TableLookup tableLookup(ConfigSnapshot snapshot, RestClient.Builder http, FollowsConfiguration properties) {
        return new TableLookup(snapshot, http, properties.configServiceUrl());
    }

    @Bean
    TopicFollower<ConfigEvent> configFollower(ConfigSnapshot snapshot, KafkaProperties kafka, MeshTopics topics,
                                                  EventSignatures signatures) {
        return new TopicFollower<>(kafka, topics.config(), topics.dlq(), new MeshDeserializer<>(ConfigEvent.class, signatures),
                (records, caughtUp) -> records.forEach(r -> {
                    if (r.value() != null) {
                        snapshot.apply(r.value());
                    }
                }));
    }

    @Bean
    FollowersReadyIndicator meshTopicsHealthIndicator(List<TopicFollower<?>> followers) {
        return new FollowersReadyIndicator(followers);
    }
}
