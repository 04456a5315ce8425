package dev.oltpmesh.config.table;

import dev.oltpmesh.config.peer.PeerRepository;
import dev.oltpmesh.config.peer.PeerStatusClient;
import dev.oltpmesh.config.web.ConfigException;
import dev.oltpmesh.model.peer.PeerDefinition;
import dev.oltpmesh.model.placement.ReplicatedPlacement;
import dev.oltpmesh.model.schema.TableDefinition;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** Where a table's rows lie: per peer, and per shard or segment, so skew can be seen. */
@RestController
class TableStatsController {

    private final TableRepository tables;
    private final PeerRepository peers;
    private final PeerStatusClient statusClient;

    TableStatsController(TableRepository tables, PeerRepository peers, PeerStatusClient statusClient) {
        this.tables = tables;
        this.peers = peers;
        this.statusClient = statusClient;
    }

    /**
     * @param digest also a digest of each peer's rows (computed by its database over every row), and
     *               for a replicated table whether the peers holding all its rows hold the same rows
     */
    @GetMapping("/v1/admin/tables/{table}/stats")
    @SuppressWarnings("unchecked")
    Map<String, Object> stats(@PathVariable String table, @RequestParam(defaultValue = "false") boolean digest) {
        TableDefinition definition = tables.latest(table)
                .orElseThrow(() -> ConfigException.notFound("table '" + table + "'"));
        Map<String, Object> digests = new LinkedHashMap<>();
        List<Map<String, Object>> perPeer = new ArrayList<>();
        Map<String, Long> shards = new TreeMap<>(Comparator.comparingInt(Integer::parseInt));
        Map<String, Long> segments = new LinkedHashMap<>();
        for (PeerDefinition peer : peers.all()) {
            var answer = statusClient.get(peer.queryUrl(),
                    "/internal/tables/" + table + "/stats" + (digest ? "?digest=true" : ""));
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("peer", peer.id());
            row.put("rows", answer.map(a -> a.get("rows")).orElse(null));
            if (answer.isEmpty()) {
                row.put("error", "the peer did not answer");
            }
            answer.ifPresent(a -> {
                // What this peer holds, by shard or segment: where each one's rows lie.
                nonZero(a.get("shards")).ifPresent(held -> row.put("shards", held));
                nonZero(a.get("segments")).ifPresent(held -> row.put("segments", held));
                if (a.get("digest") != null) {
                    row.put("digest", a.get("digest"));
                    digests.put(peer.id(), a.get("digest"));
                }
            });
            perPeer.add(row);
            answer.ifPresent(a -> {
                merge(shards, (Map<String, Number>) a.getOrDefault("shards", Map.of()));
                merge(segments, (Map<String, Number>) a.getOrDefault("segments", Map.of()));
            });
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("table", table);
        out.put("peers", perPeer);
        if (!shards.isEmpty()) {
            out.put("shards", shards);
        }
        if (!segments.isEmpty()) {
            out.put("segments", segments);
        }
        if (digest && definition.placement() instanceof ReplicatedPlacement replicated) {
            out.put("replicas", replicas(replicated, digests));
        }
        return out;
    }

    /** Whether every peer that should hold all the rows answered with the same digest. */
    private Map<String, Object> replicas(ReplicatedPlacement placement, Map<String, Object> digests) {
        List<String> holders = placement.readablePeers(peers.activeIds());
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("holders", holders);
        out.put("agree", holders.stream().allMatch(digests::containsKey)
                && holders.stream().map(digests::get).distinct().count() <= 1);
        return out;
    }

    @SuppressWarnings("unchecked")
    private static Optional<Map<String, Number>> nonZero(Object counts) {
        if (!(counts instanceof Map<?, ?> map)) {
            return Optional.empty();
        }
        Map<String, Number> held = new LinkedHashMap<>();
        ((Map<String, Number>) map).forEach((key, rows) -> {
            if (rows.longValue() != 0) {
                held.put(key, rows);
            }
        });
        return held.isEmpty() ? Optional.empty() : Optional.of(held);
    }

    private static void merge(Map<String, Long> into, Map<String, Number> counts) {
        counts.forEach((k, v) -> into.merge(k, v.longValue(), Long::sum));
    }
}
