package dev.oltpmesh.gateway.distance;

import dev.oltpmesh.gateway.GatewayProperties;
import dev.oltpmesh.model.peer.PeerDefinition;
import dev.oltpmesh.support.config.ConfigSnapshot;
import dev.oltpmesh.support.web.HttpTimeouts;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClient;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * How far each peer is from this gateway: the round-trip time of a readiness probe, smoothed, and
 * whether the last probe answered. Reads of a REPLICATED table go to the nearest healthy peer.
 */
@Component
public class PeerDistances {

    /** Weight of the newest probe in the smoothed round-trip time. */
    private static final double SMOOTHING = 0.3;

    public record Distance(double roundTripMs, boolean healthy) {
    }

    private final RestClient http;
    private final ConfigSnapshot snapshot;
    private final long intervalMillis;
    private final Map<String, Distance> distances = new ConcurrentHashMap<>();
    private final ScheduledExecutorService probes = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "peer-distances");
        t.setDaemon(true);
        return t;
    });

    PeerDistances(RestClient.Builder builder, ConfigSnapshot snapshot, GatewayProperties properties) {
        this.http = builder.requestFactory(HttpTimeouts.of(properties.peerTimeout(), properties.peerTimeout()))
                .build();
        this.snapshot = snapshot;
        this.intervalMillis = properties.peerProbeInterval().toMillis();
    }

    @PostConstruct
    void start() {
        probes.scheduleWithFixedDelay(this::probeAll, 0, intervalMillis, TimeUnit.MILLISECONDS);
    }

    @PreDestroy
    void stop() {
        probes.shutdownNow();
    }

    public Optional<Distance> of(String peer) {
        return Optional.ofNullable(distances.get(peer));
    }

    /**
     * The peers, healthy ones first and nearest first among them; peers not probed yet keep their
     * place after the healthy ones, and peers whose last probe failed come last.
     */
    public List<String> nearestFirst(List<String> peers) {
        List<String> ordered = new ArrayList<>(peers);
        ordered.sort(Comparator.comparingInt((String p) -> rank(distances.get(p)))
                .thenComparingDouble(p -> distances.containsKey(p) ? distances.get(p).roundTripMs() : 0));
        return ordered;
    }

    private static int rank(Distance distance) {
        return distance == null ? 1 : distance.healthy() ? 0 : 2;
    }

    private boolean probe(PeerDefinition peer) {
        try {
            http.get().uri(peer.queryUrl() + "/actuator/health/readiness").retrieve().toBodilessEntity();
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    private void probeAll() {
        for (PeerDefinition peer : snapshot.activePeers()) {
            long started = System.nanoTime();
            boolean healthy = probe(peer);
            double measured = (System.nanoTime() - started) / 1_000_000.0;
            distances.compute(peer.id(), (id, previous) -> {
                if (!healthy) {
                    return new Distance(previous == null ? measured : previous.roundTripMs(), false);
                }
                double smoothed = previous == null || !previous.healthy() ? measured
                        : SMOOTHING * measured + (1 - SMOOTHING) * previous.roundTripMs();
                return new Distance(smoothed, true);
            });
        }
    }
}
