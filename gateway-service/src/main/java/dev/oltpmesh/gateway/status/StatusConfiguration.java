package dev.oltpmesh.gateway.status;

import dev.oltpmesh.model.event.TxEvent;
import dev.oltpmesh.support.kafka.TopicFollower;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class StatusConfiguration {

    @Bean
    TopicFollower<TxEvent> txEventsFollower(TxStatusView view) {
        return view.follower();
    }
}
