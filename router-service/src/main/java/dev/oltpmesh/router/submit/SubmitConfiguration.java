package dev.oltpmesh.router.submit;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.listener.AfterRollbackProcessor;
import org.springframework.kafka.listener.DefaultAfterRollbackProcessor;
import org.springframework.util.backoff.ExponentialBackOff;

@Configuration(proxyBeanMethods = false)
class SubmitConfiguration {

    /**
     * Only transient failures leave the listener (config service or Kafka unreachable): a transaction
     * that cannot be routed is refused inside it. So a rolled-back batch is read again, after a growing
     * pause, until it goes through; it is never skipped, which would leave its transactions ACCEPTED forever.
     */
    @Bean
    AfterRollbackProcessor<Object, Object> retryTransientFailures() {
        ExponentialBackOff backOff = new ExponentialBackOff(200, 2.0);
        backOff.setMaxInterval(10_000);
        return new DefaultAfterRollbackProcessor<>(backOff);
    }
}
