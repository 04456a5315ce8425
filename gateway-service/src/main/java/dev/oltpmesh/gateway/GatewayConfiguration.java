package dev.oltpmesh.gateway;

import dev.oltpmesh.model.event.ConfigEvent;
import dev.oltpmesh.support.config.ConfigFollowing;
import dev.oltpmesh.support.config.ConfigSnapshot;
import dev.oltpmesh.support.kafka.FollowersReadyIndicator;
import dev.oltpmesh.support.kafka.TopicFollower;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.util.List;

@Configuration(proxyBeanMethods = false)
class GatewayConfiguration {

    @Bean
    ConfigSnapshot configSnapshot() {
        return new ConfigSnapshot();
    }

    @Bean
    TopicFollower<ConfigEvent> configFollower(ConfigSnapshot snapshot, KafkaProperties kafka,
                                              GatewayProperties properties) {
        return ConfigFollowing.follower(snapshot, String.join(",", kafka.getBootstrapServers()),
                properties.topics().config());
    }

    @Bean
    FollowersReadyIndicator meshTopicsHealthIndicator(List<TopicFollower<?>> followers) {
        return new FollowersReadyIndicator(followers);
    }
}
