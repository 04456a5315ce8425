package dev.oltpmesh.config.transaction;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.util.backoff.ExponentialBackOff;

@Configuration(proxyBeanMethods = false)
class StatusRecordingConfiguration {

    /**
     * Only the configuration database being away fails a batch of statuses (an unreadable record is
     * stepped over inside it): the batch is read again after a growing pause until it is stored, never
     * skipped, which would leave those transactions without a durable status.
     */
    @Bean
    DefaultErrorHandler statusRecordingErrorHandler() {
        ExponentialBackOff backOff = new ExponentialBackOff(200, 2.0);
        backOff.setMaxInterval(10_000);
        return new DefaultErrorHandler(backOff);
    }
}
