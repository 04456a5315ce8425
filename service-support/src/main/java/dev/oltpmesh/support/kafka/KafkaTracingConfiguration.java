package dev.oltpmesh.support.kafka;

import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The trace context of a transaction in its Kafka records' headers (see {@link KafkaTracing}). */
@Configuration(proxyBeanMethods = false)
public class KafkaTracingConfiguration {

    /** Without a tracer (tracing switched off with {@code management.tracing.enabled=false}) nothing is traced. */
    @Bean
    KafkaTracing kafkaTracing(ObjectProvider<Tracer> tracer, ObjectProvider<Propagator> propagator) {
        Tracer t = tracer.getIfAvailable();
        Propagator p = propagator.getIfAvailable();
        return t == null || p == null ? KafkaTracing.NONE : new KafkaTracing(t, p);
    }
}
