package dev.oltpmesh.gateway.query;

import dev.oltpmesh.gateway.GatewayProperties;
import dev.oltpmesh.gateway.distance.PeerDistances;
import dev.oltpmesh.model.peer.PeerDefinition;
import dev.oltpmesh.model.query.PeerQuery;
import dev.oltpmesh.support.config.ConfigSnapshot;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.ParameterizedTypeReference;
import dev.oltpmesh.support.web.HttpTimeouts;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClient;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/** Asks several peers at once, each with its own timeout; a peer that fails is named, not hidden. */
@Component
class PeerFanOut {

    private static final Logger log = LoggerFactory.getLogger(PeerFanOut.class);

    /** The answers by peer, in the order asked; who did not answer; who was asked at all. */
    record Answers(Map<String, List<Map<String, Object>>> rows, List<String> failed, List<String> asked) {
    }

    private static final ParameterizedTypeReference<List<Map<String, Object>>> ROWS = new ParameterizedTypeReference<>() {
    };

    private final RestClient http;
    private final ConfigSnapshot snapshot;
    private final PeerDistances distances;
    private final long timeoutMillis;

    PeerFanOut(RestClient.Builder builder, ConfigSnapshot snapshot, PeerDistances distances,
               GatewayProperties properties) {
        this.distances = distances;
        this.http = builder.requestFactory(HttpTimeouts.of(properties.peerTimeout(), properties.peerTimeout()))
                .build();
        this.snapshot = snapshot;
        this.timeoutMillis = properties.peerTimeout().toMillis();
    }

    /**
     * Asks the targets: every one of them at once, or for rows each of them holds, the nearest
     * healthy one first and the next only if it does not answer.
     */
    Answers ask(PeerPruner.Targets targets, Function<String, PeerQuery> queryFor) {
        return ask(targets, queryFor, false);
    }

    /**
     * @param planned ask each peer, instead of its rows, for one row {@code rows}: how many its
     *                database's planner expects the query to match
     */
    Answers ask(PeerPruner.Targets targets, Function<String, PeerQuery> queryFor, boolean planned) {
        if (targets.anyOne()) {
            return askFirstAnswering(distances.nearestFirst(targets.peers()), queryFor, planned);
        }
        Map<String, PeerQuery> queries = new LinkedHashMap<>();
        targets.peers().forEach(peer -> queries.put(peer, targets.scoped(queryFor.apply(peer))));
        return ask(queries, planned);
    }

    /** Asks every peer its own query at once; answers come back in the order of the map. */
    private Answers ask(Map<String, PeerQuery> queries, boolean planned) {
        if (queries.size() == 1) {
            // One peer: no hand-over to another thread, the request's own (virtual) thread waits for the answer.
            var only = queries.entrySet().iterator().next();
            try {
                return new Answers(Map.of(only.getKey(), call(only.getKey(), only.getValue(), planned)), List.of(),
                        List.of(only.getKey()));
            } catch (RuntimeException e) {
                log.warn("{} did not answer a query: {}", only.getKey(), e.getMessage());
                return new Answers(Map.of(), List.of(only.getKey()), List.of(only.getKey()));
            }
        }
        // One virtual thread per peer asked: a slow peer holds no platform thread, and nothing queues
        // behind a fixed pool. Every call ends by one deadline; a call still running then is interrupted.
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis + 500);
        Map<String, List<Map<String, Object>>> rows = new LinkedHashMap<>();
        List<String> failed = new ArrayList<>();
        try (ExecutorService calls = Executors.newVirtualThreadPerTaskExecutor()) {
            Map<String, Future<List<Map<String, Object>>>> pending = new LinkedHashMap<>();
            queries.forEach((peer, query) -> pending.put(peer, calls.submit(() -> call(peer, query, planned))));
            pending.forEach((peer, call) -> {
                try {
                    rows.put(peer, call.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    failed.add(peer);
                } catch (ExecutionException e) {
                    log.warn("{} did not answer a query: {}", peer, e.getCause().getMessage());
                    failed.add(peer);
                } catch (TimeoutException e) {
                    log.warn("{} did not answer a query within {} ms", peer, timeoutMillis);
                    failed.add(peer);
                }
                call.cancel(true);
            });
        }
        return new Answers(rows, failed, List.copyOf(queries.keySet()));
    }

    /** Only when no candidate answers are they all reported failed. */
    private Answers askFirstAnswering(List<String> candidates, Function<String, PeerQuery> queryFor, boolean planned) {
        for (String peer : candidates) {
            try {
                return new Answers(Map.of(peer, call(peer, queryFor.apply(peer), planned)), List.of(), List.of(peer));
            } catch (RuntimeException e) {
                log.warn("{} did not answer a query, asking the next replica: {}", peer, e.getMessage());
            }
        }
        return new Answers(Map.of(), candidates, candidates);
    }

    private List<Map<String, Object>> call(String peerId, PeerQuery query, boolean planned) {
        PeerDefinition peer = snapshot.peer(peerId).orElseThrow(() -> new IllegalStateException("unknown peer"));
        List<Map<String, Object>> rows = http.post().uri(peer.queryUrl() + "/internal/query"
                        + (planned ? "?planned=true" : "")).body(query).retrieve().body(ROWS);
        return rows == null ? List.of() : rows;
    }
}
