package dev.oltpmesh.router.tracking;

import dev.oltpmesh.model.event.TxEvent;
import dev.oltpmesh.support.kafka.TopicFollower;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class TrackingConfiguration {

    @Bean
    TopicFollower<TxEvent> txEventsFollower(TxEventsEventHandler handler) {
        return handler.follower();
    }
}
