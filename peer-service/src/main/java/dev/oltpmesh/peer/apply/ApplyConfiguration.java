package dev.oltpmesh.peer.apply;

import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.util.backoff.ExponentialBackOff;

@Configuration(proxyBeanMethods = false)
class ApplyConfiguration {

    /** Sends outbox payloads as stored (canonical JSON), signed by the outbox. A bean, so it is closed. */
    @Bean
    DefaultKafkaProducerFactory<String, byte[]> rawProducerFactory(KafkaProperties kafka) {
        return new DefaultKafkaProducerFactory<>(kafka.buildProducerProperties(), new StringSerializer(),
                new ByteArraySerializer());
    }

    @Bean
    KafkaTemplate<String, byte[]> rawKafkaTemplate(DefaultKafkaProducerFactory<String, byte[]> rawProducerFactory) {
        return new KafkaTemplate<>(rawProducerFactory);
    }

    /**
     * A batch that fails as a whole (the database or the config service away) is retried, after a
     * growing pause, until it succeeds: skipping it would lose parts. Bad parts never get here; they
     * are refused one by one inside the batch.
     */
    @Bean
    DefaultErrorHandler inboxErrorHandler() {
        ExponentialBackOff backOff = new ExponentialBackOff(200, 2.0);
        backOff.setMaxInterval(10_000);
        return new DefaultErrorHandler(backOff);
    }
}
