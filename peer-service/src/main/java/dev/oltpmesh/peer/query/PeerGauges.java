package dev.oltpmesh.peer.query;

import dev.oltpmesh.peer.PeerProperties;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.stereotype.Component;

/**
 * The peer's rows and inbox lag as gauges, tagged with its id, so that a dashboard shows every peer
 * side by side without asking the admin API. Each is read when scraped.
 */
@Component
class PeerGauges {

    PeerGauges(PeerProgress progress, PeerProperties properties, MeterRegistry meters) {
        Gauge.builder("mesh.peer.rows", progress, PeerProgress::rows)
                .description("rows this peer has stored")
                .tag("peer", properties.id())
                .register(meters);
        Gauge.builder("mesh.peer.inbox.lag", progress, PeerGauges::lag)
                .description("parts in this peer's inbox it has not applied yet; no value while Kafka does not answer")
                .tag("peer", properties.id())
                .register(meters);
    }

    /** The end is read first, so the lag is never below the truth. */
    private static double lag(PeerProgress progress) {
        Long end = progress.inboxEnd();
        return end == null ? Double.NaN : Math.max(0, end - progress.appliedOffset());
    }
}
