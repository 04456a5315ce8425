package dev.oltpmesh.peer.apply;

import dev.oltpmesh.peer.PeerProperties;
import dev.oltpmesh.support.config.ConfigSnapshot;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import java.util.List;
import java.util.Objects;

/**
 * A peer reads its inbox and its decisions once the configuration names it. A spare peer, started
 * before an administrator adds it, has no topics yet: it waits quietly instead of its consumers
 * warning about missing topics, and starts reading as soon as it is registered.
 */
@Component
class InboxStart {

    static final String INBOX_PREFIX = "peer-inbox-";
    static final String DECISIONS_PREFIX = "peer-decisions-";
    private static final Logger log = LoggerFactory.getLogger(InboxStart.class);

    private final ConfigSnapshot snapshot;
    private final KafkaListenerEndpointRegistry listeners;
    private final PeerProperties properties;
    private volatile boolean started;

    InboxStart(ConfigSnapshot snapshot, KafkaListenerEndpointRegistry listeners, PeerProperties properties) {
        this.snapshot = snapshot;
        this.listeners = listeners;
        this.properties = properties;
    }

    @Scheduled(fixedDelay = 500)
    void startOnceRegistered() {
        if (started || snapshot.peer(properties.id()).isEmpty()) {
            return;
        }
        String id = properties.id();
        for (String listener : List.of(INBOX_PREFIX + id, DECISIONS_PREFIX + id)) {
            Objects.requireNonNull(listeners.getListenerContainer(listener), "no listener " + listener).start();
        }
        started = true;
        log.info("{} is registered: reading its inbox and decisions", id);
    }
}
