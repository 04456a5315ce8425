package dev.oltpmesh.support.identity;

import dev.oltpmesh.support.kafka.MeshSerializer;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.kafka.autoconfigure.DefaultKafkaProducerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;

/**
 * A service's identity: its key pair, the keys of the mesh it trusts, and every event it produces
 * signed with its key.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(IdentityProperties.class)
public class IdentityConfiguration {

    @Bean
    ServiceIdentity serviceIdentity(IdentityProperties properties) {
        return KeyFiles.load(properties);
    }

    @Bean
    TrustStore trustStore(IdentityProperties properties) {
        return new TrustStore(properties.trusted(), properties.unknownKeyGrace());
    }

    @Bean
    EventSignatures eventSignatures(TrustStore trust) {
        return new EventSignatures(trust);
    }

    @Bean
    DefaultKafkaProducerFactoryCustomizer signingSerializer(ServiceIdentity identity) {
        return factory -> signWith(factory, identity);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static void signWith(DefaultKafkaProducerFactory<?, ?> factory, ServiceIdentity identity) {
        ((DefaultKafkaProducerFactory) factory).setValueSerializerSupplier(() -> new MeshSerializer<>(identity));
    }
}
