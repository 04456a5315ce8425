package dev.oltpmesh.support.identity;

import dev.oltpmesh.support.kafka.MeshSerializer;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.kafka.autoconfigure.DefaultKafkaProducerFactoryCustomizer;
import org.springframework.boot.restclient.RestClientCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;

import java.net.URI;
import java.time.Instant;

/**
 * A service's identity: its key pair, the keys of the mesh it trusts, every event it produces signed
 * with its key, and every call it makes to another service carrying a token made with it.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(IdentityProperties.class)
public class IdentityConfiguration {

    @Bean
    ServiceIdentity serviceIdentity(IdentityProperties properties) {
        return KeyFiles.load(properties);
    }

    @Bean
    TrustStore trustStore(IdentityProperties properties, ObjectProvider<ServiceKeyRegistry> registry) {
        return new TrustStore(properties.trusted(), registry.getIfAvailable(), properties.unknownKeyGrace());
    }

    @Bean
    EventSignatures eventSignatures(TrustStore trust) {
        return new EventSignatures(trust);
    }

    @Bean
    DefaultKafkaProducerFactoryCustomizer signingSerializer(ServiceIdentity identity) {
        return factory -> signWith(factory, identity);
    }

    /** Every call this service makes to another carries a token for that request line. */
    @Bean
    RestClientCustomizer serviceTokens(ServiceIdentity identity) {
        return builder -> builder.requestInterceptor((request, body, execution) -> {
            URI uri = request.getURI();
            String path = uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
            request.getHeaders().set(ServiceTokens.HEADER,
                    ServiceTokens.issue(identity, request.getMethod().name(), path, Instant.now()));
            return execution.execute(request, body);
        });
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static void signWith(DefaultKafkaProducerFactory<?, ?> factory, ServiceIdentity identity) {
        ((DefaultKafkaProducerFactory) factory).setValueSerializerSupplier(() -> new MeshSerializer<>(identity));
    }
}
