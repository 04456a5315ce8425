package dev.oltpmesh.config.placement;

import dev.oltpmesh.config.peer.PeerRepository;
import dev.oltpmesh.config.peer.PeerStatusClient;
import dev.oltpmesh.config.placement.PlacementChange.MoveShard;
import dev.oltpmesh.config.table.TableRepository;
import dev.oltpmesh.model.peer.PeerDefinition;
import dev.oltpmesh.model.placement.HashPlacement;
import dev.oltpmesh.model.schema.TableDefinition;
import org.springframework.stereotype.Service;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Evens every HASH table's rows over the active peers by moving whole shards: repeatedly the shard
 * that best narrows the gap between the most and the least loaded peer goes from one to the other,
 * while a move narrows it. A shard counts its rows plus one, so an empty table spreads its shards
 * evenly too; a shard on a peer that is not active always moves.
 */
@Service
class Rebalancing {

    /** One shard to move, with its rows. */
    record ShardMove(String table, int shard, String from, String to, long rows) {
    }

    /** The plan: shard moves, and each table's rows per peer before and after. */
    record Plan(List<ShardMove> moves, Map<String, Map<String, Long>> before, Map<String, Map<String, Long>> after,
                Long placementVersion, List<Long> jobs) {
    }

    private final PeerRepository peers;
    private final TableRepository tables;
    private final PeerStatusClient stats;
    private final PlacementChanges changes;

    Rebalancing(PeerRepository peers, TableRepository tables, PeerStatusClient stats, PlacementChanges changes) {
        this.peers = peers;
        this.tables = tables;
        this.stats = stats;
        this.changes = changes;
    }

    Plan rebalance(boolean dryRun) {
        List<String> active = peers.activeIds();
        List<ShardMove> moves = new ArrayList<>();
        Map<String, Map<String, Long>> before = new LinkedHashMap<>();
        Map<String, Map<String, Long>> after = new LinkedHashMap<>();
        for (TableDefinition table : tables.allLatest()) {
            if (!(table.placement() instanceof HashPlacement hash) || active.isEmpty()) {
                continue;
            }
            long[] rows = shardRows(table.name(), hash.shards());
            String[] owner = hash.assignments().toArray(String[]::new);
            before.put(table.name(), load(owner, rows, active));
            moves.addAll(plan(table.name(), owner, rows, active));
            after.put(table.name(), load(owner, rows, active));
        }
        if (dryRun || moves.isEmpty()) {
            return new Plan(moves, before, after, null, List.of());
        }
        List<PlacementChange> group = moves.stream()
                .<PlacementChange>map(m -> new MoveShard(m.table(), m.shard(), m.to())).toList();
        PlacementChanges.Applied applied = changes.apply(group, "rebalance", null);
        return new Plan(moves, before, after, applied.version(), applied.jobs());
    }

    /**
     * The shard moves that even a table's load over the active peers; {@code owner} ends as the
     * assignment after them. Shards of a peer that is not active go first, each to the least loaded.
     */
    static List<ShardMove> plan(String table, String[] owner, long[] rows, List<String> active) {
        List<ShardMove> moves = new ArrayList<>();
        for (int shard = 0; shard < owner.length; shard++) {
            if (!active.contains(owner[shard])) {
                String to = least(load(owner, rows, active));
                moves.add(new ShardMove(table, shard, owner[shard], to, rows[shard]));
                owner[shard] = to;
            }
        }
        // Each move narrows the gap between the most and the least loaded peer (the sum of squared loads
        // falls), so this ends.
        while (true) {
            Map<String, Long> load = load(owner, rows, active);
            String most = most(load);
            String least = least(load);
            long gap = load.get(most) - load.get(least);
            int best = -1;
            long bestGap = gap;
            for (int shard = 0; shard < owner.length; shard++) {
                if (owner[shard].equals(most)) {
                    long newGap = Math.abs(gap - 2 * (rows[shard] + 1));
                    if (newGap < bestGap) {
                        best = shard;
                        bestGap = newGap;
                    }
                }
            }
            if (best < 0) {
                return moves;
            }
            moves.add(new ShardMove(table, best, most, least, rows[best]));
            owner[best] = least;
        }
    }

    /** Rows per shard over every peer, as the peers count them. */
    @SuppressWarnings("unchecked")
    private long[] shardRows(String table, int shards) {
        long[] rows = new long[shards];
        for (PeerDefinition peer : peers.all()) {
            stats.get(peer.queryUrl(), "/internal/tables/" + table + "/stats").ifPresent(answer -> {
                Map<String, Number> counts = (Map<String, Number>) answer.getOrDefault("shards", Map.of());
                counts.forEach((shard, n) -> rows[Integer.parseInt(shard)] += n.longValue());
            });
        }
        return rows;
    }

    /** Rows (plus one per shard) each active peer owns. */
    private static Map<String, Long> load(String[] owner, long[] rows, List<String> active) {
        Map<String, Long> load = new TreeMap<>();
        active.forEach(p -> load.put(p, 0L));
        for (int shard = 0; shard < owner.length; shard++) {
            long weight = rows[shard] + 1;
            load.computeIfPresent(owner[shard], (p, n) -> n + weight);
        }
        return load;
    }

    private static String most(Map<String, Long> load) {
        return load.entrySet().stream().max(Map.Entry.<String, Long>comparingByValue()
                .thenComparing(Map.Entry.comparingByKey(Comparator.reverseOrder()))).orElseThrow().getKey();
    }

    private static String least(Map<String, Long> load) {
        return load.entrySet().stream().min(Map.Entry.<String, Long>comparingByValue()
                .thenComparing(Map.Entry.comparingByKey())).orElseThrow().getKey();
    }
}
