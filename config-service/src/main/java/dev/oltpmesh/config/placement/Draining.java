package dev.oltpmesh.config.placement;

import dev.oltpmesh.config.peer.PeerRepository;
import dev.oltpmesh.config.placement.PlacementChange.ChangeBasePeer;
import dev.oltpmesh.config.placement.PlacementChange.MoveSegment;
import dev.oltpmesh.config.placement.PlacementChange.MoveShard;
import dev.oltpmesh.config.placement.PlacementChange.RemoveStripePeer;
import dev.oltpmesh.config.table.TableRepository;
import dev.oltpmesh.config.web.ConfigException;
import dev.oltpmesh.model.peer.PeerDefinition;
import dev.oltpmesh.model.peer.PeerStatus;
import dev.oltpmesh.model.placement.HashPlacement;
import dev.oltpmesh.model.placement.RangePlacement;
import dev.oltpmesh.model.placement.ReplicatedPlacement;
import dev.oltpmesh.model.placement.RoundRobinPlacement;
import dev.oltpmesh.model.placement.Segment;
import dev.oltpmesh.model.schema.TableDefinition;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Empties a peer: every shard and segment it owns goes to the other active peers (to the one that
 * owns fewest of that table at each step), a base peer is replaced, it leaves every stripe (its rows
 * move to a stripe peer) and every replicated table's holders, and it takes no new rows. All in one
 * placement version, as moves; the peer is RETIRED once every move from it is done.
 */
@Service
class Draining {

    private final PeerRepository peers;
    private final TableRepository tables;
    private final PlacementChanges changes;

    Draining(PeerRepository peers, TableRepository tables, PlacementChanges changes) {
        this.peers = peers;
        this.tables = tables;
        this.changes = changes;
    }

    @Transactional
    PlacementChanges.Applied drain(String id) {
        PeerDefinition peer = peers.find(id).orElseThrow(() -> ConfigException.notFound("peer '" + id + "'"));
        if (peer.status() != PeerStatus.ACTIVE) {
            throw ConfigException.conflict("peer '" + id + "' is " + peer.status() + ", not ACTIVE; its moves are at "
                    + "/v1/admin/moves");
        }
        List<String> others = peers.activeIds().stream().filter(p -> !p.equals(id)).toList();
        if (others.isEmpty()) {
            throw ConfigException.unprocessable("draining " + id,
                    List.of("no other active peer could take its rows; add one first"));
        }
        List<PlacementChange> plan = new ArrayList<>();
        for (TableDefinition table : tables.allLatest()) {
            switch (table.placement()) {
                case HashPlacement hash -> {
                    Map<String, Integer> owned = new HashMap<>();
                    others.forEach(p -> owned.put(p, 0));
                    hash.assignments().forEach(p -> owned.computeIfPresent(p, (k, n) -> n + 1));
                    for (int shard = 0; shard < hash.shards(); shard++) {
                        if (hash.peerOfShard(shard).equals(id)) {
                            String to = fewest(owned);
                            owned.merge(to, 1, Integer::sum);
                            plan.add(new MoveShard(table.name(), shard, to));
                        }
                    }
                }
                case RangePlacement range -> {
                    Map<String, Integer> owned = new HashMap<>();
                    others.forEach(p -> owned.put(p, 0));
                    range.segments().forEach(s -> owned.computeIfPresent(s.peer(), (k, n) -> n + 1));
                    for (Segment segment : range.segments()) {
                        if (segment.peer().equals(id)) {
                            String to = fewest(owned);
                            owned.merge(to, 1, Integer::sum);
                            plan.add(new MoveSegment(table.name(), segment.name(), to));
                        }
                    }
                    if (range.basePeer().equals(id)) {
                        plan.add(new ChangeBasePeer(table.name(), fewest(owned)));
                    }
                }
                case RoundRobinPlacement stripe -> {
                    if (stripe.peers().contains(id)) {
                        if (stripe.peers().size() == 1) {
                            plan.add(new PlacementChange.AddStripePeer(table.name(), others.get(0)));
                        }
                        plan.add(new RemoveStripePeer(table.name(), id));
                    }
                }
                case ReplicatedPlacement _ -> {
                    // Handled with the version: the peer leaves the holders (see PlacementChanges).
                }
            }
        }
        PlacementChanges.Applied applied = changes.apply(plan, "draining " + id, id);
        if (applied.jobs().isEmpty()) {
            // It owned no rows that exist nowhere else: retired at once.
            peers.changeStatus(id, PeerStatus.RETIRED, applied.version());
        }
        return applied;
    }

    private static String fewest(Map<String, Integer> owned) {
        return owned.entrySet().stream().min(Map.Entry.<String, Integer>comparingByValue()
                .thenComparing(Map.Entry.comparingByKey())).orElseThrow().getKey();
    }
}
