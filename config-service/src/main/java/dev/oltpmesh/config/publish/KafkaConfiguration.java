package dev.oltpmesh.config.publish;

import dev.oltpmesh.support.identity.ServiceIdentity;
import dev.oltpmesh.config.ConfigServiceProperties;
import dev.oltpmesh.model.event.ConfigEvent;
import dev.oltpmesh.support.kafka.MeshSerializer;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.KafkaTemplate;

/**
 * The config service is the mesh's administrator: it declares every shared topic, so they exist
 * with the right partitions and compaction before any other service needs them.
 */
@Configuration(proxyBeanMethods = false)
class KafkaConfiguration {

    /** A bean, so that its producers are closed with the application. */
    @Bean
    DefaultKafkaProducerFactory<String, ConfigEvent> configProducerFactory(KafkaProperties kafka,
                                                                              ServiceIdentity identity) {
        return new DefaultKafkaProducerFactory<>(kafka.buildProducerProperties(), new StringSerializer(),
                new MeshSerializer<>(identity));
    }

    @Bean
    KafkaTemplate<String, ConfigEvent> configKafkaTemplate(DefaultKafkaProducerFactory<String, ConfigEvent> factory) {
        return new KafkaTemplate<>(factory);
    }

    @Bean
    KafkaAdmin.NewTopics meshTopics(ConfigServiceProperties properties) {
        var topics = properties.topics();
        int partitions = properties.topicPartitions();
        short replicas = properties.replicationFactor();
        return new KafkaAdmin.NewTopics(
                TopicBuilder.name(topics.config()).partitions(1).replicas(replicas).compact().build(),
                TopicBuilder.name(topics.routerState()).partitions(1).replicas(replicas).compact().build(),
                // Accepted transactions wait here for the router however long it is away.
                TopicBuilder.name(topics.submitted()).partitions(partitions).replicas(replicas)
                        .config(TopicConfig.RETENTION_MS_CONFIG, "-1").build(),
                TopicBuilder.name(topics.events()).partitions(partitions).replicas(replicas).build(),
                TopicBuilder.name(topics.dlq()).partitions(1).replicas(replicas)
                        .config(TopicConfig.RETENTION_MS_CONFIG, "-1").build());
    }

}
