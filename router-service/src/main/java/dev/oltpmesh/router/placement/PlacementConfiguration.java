package dev.oltpmesh.router.placement;

import dev.oltpmesh.model.event.InsertPointerMoved;
import dev.oltpmesh.model.event.RouterStateEvent;
import dev.oltpmesh.model.event.RoutingAdopted;
import dev.oltpmesh.router.RouterProperties;
import dev.oltpmesh.support.config.ConfigSnapshot;
import dev.oltpmesh.support.config.TableLookup;
import dev.oltpmesh.support.identity.EventSignatures;
import dev.oltpmesh.support.kafka.MeshDeserializer;
import dev.oltpmesh.support.kafka.TopicFollower;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class PlacementConfiguration {

    @Bean
    RoundRobinPointers roundRobinPointers() {
        return new RoundRobinPointers();
    }

    @Bean
    RoutingAnnouncements routingAnnouncements() {
        return new RoutingAnnouncements();
    }

    /** Restores the insert pointers the router committed before it last stopped, and its announced version. */
    @Bean
    TopicFollower<RouterStateEvent> routerStateFollower(RoundRobinPointers pointers, RoutingAnnouncements announcements,
                                                        KafkaProperties kafka, RouterProperties properties,
                                                        EventSignatures signatures) {
        return new TopicFollower<>(kafka, properties.topics().routerState(), properties.topics().dlq(),
                new MeshDeserializer<>(RouterStateEvent.class, signatures), (records, caughtUp) -> records.forEach(r -> {
                    switch (r.value()) {
                        case InsertPointerMoved moved -> pointers.restore(moved);
                        case RoutingAdopted adopted -> announcements.readBack(adopted.placementVersion());
                        case null -> {
                        }
                    }
                }));
    }

    @Bean
    TransactionSplitter transactionSplitter(ConfigSnapshot snapshot, TableLookup tables, RoundRobinPointers pointers) {
        return new TransactionSplitter(snapshot, tables, pointers);
    }
}
