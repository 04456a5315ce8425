package dev.oltpmesh.config.move;

import dev.oltpmesh.config.ConfigServiceProperties;
import dev.oltpmesh.model.event.InsertPointerMoved;
import dev.oltpmesh.model.event.RouterStateEvent;
import dev.oltpmesh.model.event.RoutingAdopted;
import dev.oltpmesh.support.identity.EventSignatures;
import dev.oltpmesh.support.kafka.MeshDeserializer;
import dev.oltpmesh.support.kafka.TopicFollower;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The placement version the router routes by, as it announces it on {@code mesh.router.state}: once
 * it is at least V, every part routed by a version older than V is in its peer's inbox.
 */
@Configuration(proxyBeanMethods = false)
class RouterRouting {

    private final AtomicLong version = new AtomicLong(-1);

    long version() {
        return version.get();
    }

    @Bean
    TopicFollower<RouterStateEvent> routerRoutingFollower(KafkaProperties kafka, ConfigServiceProperties properties,
                                                         EventSignatures signatures) {
        return new TopicFollower<>(kafka, properties.topics().routerState(), properties.topics().dlq(),
                new MeshDeserializer<>(RouterStateEvent.class, signatures), (records, caughtUp) -> records.forEach(r -> {
                    switch (r.value()) {
                        case RoutingAdopted adopted -> version.accumulateAndGet(adopted.placementVersion(), Math::max);
                        case InsertPointerMoved _ -> {
                        }
                        case null -> {
                        }
                    }
                }));
    }
}
