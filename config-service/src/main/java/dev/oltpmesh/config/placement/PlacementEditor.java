package dev.oltpmesh.config.placement;

import dev.oltpmesh.config.placement.PlacementChange.AddSegment;
import dev.oltpmesh.config.placement.PlacementChange.AddStripePeer;
import dev.oltpmesh.config.placement.PlacementChange.ChangeBasePeer;
import dev.oltpmesh.config.placement.PlacementChange.DropSegment;
import dev.oltpmesh.config.placement.PlacementChange.MergeSegments;
import dev.oltpmesh.config.placement.PlacementChange.MoveSegment;
import dev.oltpmesh.config.placement.PlacementChange.MoveShard;
import dev.oltpmesh.config.placement.PlacementChange.RemoveStripePeer;
import dev.oltpmesh.config.placement.PlacementChange.SegmentRequest;
import dev.oltpmesh.config.placement.PlacementChange.SplitSegment;
import dev.oltpmesh.config.table.TableNames;
import dev.oltpmesh.model.json.MeshJson;
import dev.oltpmesh.model.placement.HashPlacement;
import dev.oltpmesh.model.placement.PlacementSpec;
import dev.oltpmesh.model.placement.RangeBounds;
import dev.oltpmesh.model.placement.RangePlacement;
import dev.oltpmesh.model.placement.ReplicatedPlacement;
import dev.oltpmesh.model.placement.RoundRobinPlacement;
import dev.oltpmesh.model.placement.Segment;
import dev.oltpmesh.model.schema.ColumnType;
import dev.oltpmesh.model.schema.InvalidValueException;
import dev.oltpmesh.model.schema.TableDefinition;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Applies a group of placement changes to a working copy of the tables' placements, one after the
 * other, then checks every placement it touched as a whole: segments never overlap, every shard and
 * segment has an active owner, a stripe keeps a peer. Every violation is collected, so a client
 * fixes them all at once; a change that only makes sense after a later one of the group (a segment
 * added where a later change drops another) is fine, since overlaps are checked at the end.
 */
final class PlacementEditor {

    /** Rows that would change owner: a shard, a segment, or the values outside the segments. */
    record PlannedMove(String table, String rows, String from, String to) {
    }

    record Outcome(Map<String, TableDefinition> changed, List<PlannedMove> moves, List<String> violations) {
    }

    private final Map<String, TableDefinition> tables;
    private final List<String> activePeers;
    private final Map<String, PlacementSpec> working = new LinkedHashMap<>();
    private final List<PlannedMove> moves = new ArrayList<>();
    private final List<String> violations = new ArrayList<>();

    PlacementEditor(Map<String, TableDefinition> tables, List<String> activePeers) {
        this.tables = Map.copyOf(tables);
        this.activePeers = List.copyOf(activePeers);
    }

    Outcome apply(List<PlacementChange> changes) {
        if (changes == null || changes.isEmpty()) {
            violations.add("a group needs at least one change");
        } else {
            for (int i = 0; i < changes.size(); i++) {
                applyOne("change " + (i + 1), changes.get(i));
            }
        }
        Map<String, TableDefinition> changed = new LinkedHashMap<>();
        working.forEach((name, placement) -> {
            TableDefinition table = tables.get(name);
            checkWhole(name, table, placement);
            if (!Arrays.equals(MeshJson.toBytes(placement), MeshJson.toBytes(table.placement()))) {
                changed.put(name, table.withPlacement(placement));
            }
        });
        return new Outcome(changed, List.copyOf(moves), List.copyOf(violations));
    }

    private void applyOne(String at, PlacementChange change) {
        if (change == null) {
            violations.add(at + " is empty");
            return;
        }
        String where = at + " (" + opName(change) + ")";
        TableDefinition table = change.table() == null ? null : tables.get(change.table());
        if (table == null) {
            violations.add(where + ": table '" + change.table() + "' does not exist");
            return;
        }
        PlacementSpec current = working.getOrDefault(table.name(), table.placement());
        PlacementSpec next = switch (change) {
            case MoveShard c -> moveShard(where, table, current, c);
            case AddSegment c -> addSegment(where, table, current, c);
            case SplitSegment c -> splitSegment(where, table, current, c);
            case MoveSegment c -> moveSegment(where, table, current, c);
            case MergeSegments c -> mergeSegments(where, table, current, c);
            case DropSegment c -> dropSegment(where, table, current, c);
            case ChangeBasePeer c -> changeBasePeer(where, table, current, c);
            case AddStripePeer c -> addStripePeer(where, table, current, c);
            case RemoveStripePeer c -> removeStripePeer(where, table, current, c);
        };
        if (next != null) {
            working.put(table.name(), next);
        }
    }

    private static String opName(PlacementChange change) {
        String name = change.getClass().getSimpleName();
        return Character.toLowerCase(name.charAt(0)) + name.substring(1);
    }

    // HASH

    private PlacementSpec moveShard(String where, TableDefinition table, PlacementSpec current, MoveShard change) {
        if (!(current instanceof HashPlacement hash)) {
            return wrongStrategy(where, table, current, "HASH");
        }
        if (change.shard() == null || change.shard() < 0 || change.shard() >= hash.shards()) {
            return refuse(where + ": shard must be a number from 0 to " + (hash.shards() - 1) + " for '"
                    + table.name() + "'");
        }
        if (!activePeer(where, "to", change.to())) {
            return null;
        }
        List<String> assignments = new ArrayList<>(hash.assignments());
        String from = assignments.set(change.shard(), change.to());
        plan(table, "shard " + change.shard(), from, change.to());
        return new HashPlacement(hash.column(), hash.shards(), assignments);
    }

    // RANGE

    private PlacementSpec addSegment(String where, TableDefinition table, PlacementSpec current, AddSegment change) {
        if (!(current instanceof RangePlacement range)) {
            return wrongStrategy(where, table, current, "RANGE");
        }
        SegmentRequest given = change.segment();
        if (given == null) {
            return refuse(where + ": a segment is needed: {\"name\",\"peer\",\"min\",\"max\"}");
        }
        if (!newName(where, range, given.name()) | !activePeer(where, "segment peer", given.peer())) {
            return null;
        }
        ColumnType type = type(table, range);
        Segment segment;
        try {
            segment = new Segment(given.name(), given.peer(), type.canonical(given.min()), type.canonical(given.max()),
                    given.minInclusive() == null || given.minInclusive(),
                    given.maxInclusive() != null && given.maxInclusive());
        } catch (InvalidValueException e) {
            return refuse(where + ": segment '" + given.name() + "' bound: " + e.getMessage());
        }
        if (RangeBounds.isEmpty(type, segment)) {
            return refuse(where + ": segment '" + given.name() + "' holds no value: its min is above its max");
        }
        plan(table, "segment " + segment.name(), range.basePeer(), segment.peer());
        List<Segment> segments = new ArrayList<>(range.segments());
        segments.add(segment);
        return new RangePlacement(range.column(), range.basePeer(), segments);
    }

    private PlacementSpec splitSegment(String where, TableDefinition table, PlacementSpec current,
                                       SplitSegment change) {
        if (!(current instanceof RangePlacement range)) {
            return wrongStrategy(where, table, current, "RANGE");
        }
        Segment segment = segment(where, table, range, change.segment());
        if (segment == null | !newName(where, range, change.name())) {
            return null;
        }
        ColumnType type = type(table, range);
        Object at;
        try {
            at = type.canonical(change.at());
        } catch (InvalidValueException e) {
            return refuse(where + ": at: " + e.getMessage());
        }
        if (at == null) {
            return refuse(where + ": at is needed: the value where the new segment '" + change.name() + "' starts");
        }
        Segment lower = new Segment(segment.name(), segment.peer(), segment.min(), at, segment.minInclusive(), false);
        Segment upper = new Segment(change.name(), segment.peer(), at, segment.max(), true, segment.maxInclusive());
        if (RangeBounds.isEmpty(type, lower) || RangeBounds.isEmpty(type, upper)) {
            return refuse(where + ": at must lie inside segment '" + segment.name() + "' and above its min");
        }
        return replace(range, List.of(segment), List.of(lower, upper));
    }

    private PlacementSpec moveSegment(String where, TableDefinition table, PlacementSpec current, MoveSegment change) {
        if (!(current instanceof RangePlacement range)) {
            return wrongStrategy(where, table, current, "RANGE");
        }
        Segment segment = segment(where, table, range, change.segment());
        if (segment == null | !activePeer(where, "to", change.to())) {
            return null;
        }
        plan(table, "segment " + segment.name(), segment.peer(), change.to());
        Segment moved = new Segment(segment.name(), change.to(), segment.min(), segment.max(), segment.minInclusive(),
                segment.maxInclusive());
        return replace(range, List.of(segment), List.of(moved));
    }

    private PlacementSpec mergeSegments(String where, TableDefinition table, PlacementSpec current,
                                        MergeSegments change) {
        if (!(current instanceof RangePlacement range)) {
            return wrongStrategy(where, table, current, "RANGE");
        }
        if (change.segments() == null || change.segments().size() < 2
                || new HashSet<>(change.segments()).size() != change.segments().size()) {
            return refuse(where + ": segments must name two or more different segments");
        }
        List<Segment> merged = new ArrayList<>();
        for (String name : change.segments()) {
            Segment segment = segment(where, table, range, name);
            if (segment == null) {
                return null;
            }
            merged.add(segment);
        }
        if (merged.stream().map(Segment::peer).distinct().count() > 1) {
            return refuse(where + ": only segments of one peer merge without moving rows; move them to one peer first");
        }
        ColumnType type = type(table, range);
        merged.sort(Comparator.comparing(Segment::min, (a, b) -> compareLower(type, a, b)));
        for (int i = 1; i < merged.size(); i++) {
            if (!RangeBounds.adjacent(type, merged.get(i - 1), merged.get(i))) {
                return refuse(where + ": segments '" + merged.get(i - 1).name() + "' and '" + merged.get(i).name()
                        + "' are not adjacent (one must end exactly where the other starts)");
            }
        }
        String name = change.name() == null ? change.segments().get(0) : change.name();
        if (!change.segments().contains(name) && !newName(where, range, name)) {
            return null;
        }
        Segment first = merged.get(0);
        Segment last = merged.get(merged.size() - 1);
        Segment whole = new Segment(name, first.peer(), first.min(), last.max(), first.minInclusive(),
                last.maxInclusive());
        return replace(range, merged, List.of(whole));
    }

    private PlacementSpec dropSegment(String where, TableDefinition table, PlacementSpec current, DropSegment change) {
        if (!(current instanceof RangePlacement range)) {
            return wrongStrategy(where, table, current, "RANGE");
        }
        Segment segment = segment(where, table, range, change.segment());
        if (segment == null) {
            return null;
        }
        plan(table, "segment " + segment.name(), segment.peer(), range.basePeer());
        return replace(range, List.of(segment), List.of());
    }

    private PlacementSpec changeBasePeer(String where, TableDefinition table, PlacementSpec current,
                                         ChangeBasePeer change) {
        if (!(current instanceof RangePlacement range)) {
            return wrongStrategy(where, table, current, "RANGE");
        }
        if (!activePeer(where, "to", change.to())) {
            return null;
        }
        plan(table, "values outside the segments", range.basePeer(), change.to());
        return new RangePlacement(range.column(), change.to(), range.segments());
    }

    // ROUND_ROBIN

    private PlacementSpec addStripePeer(String where, TableDefinition table, PlacementSpec current,
                                        AddStripePeer change) {
        if (!(current instanceof RoundRobinPlacement stripe)) {
            return wrongStrategy(where, table, current, "ROUND_ROBIN");
        }
        if (!activePeer(where, "peer", change.peer())) {
            return null;
        }
        if (stripe.peers().contains(change.peer())) {
            return refuse(where + ": '" + change.peer() + "' is already in the stripe of '" + table.name() + "'");
        }
        List<String> peers = new ArrayList<>(stripe.peers());
        peers.add(change.peer());
        List<String> former = new ArrayList<>(stripe.formerPeers());
        former.remove(change.peer());
        return new RoundRobinPlacement(peers, former);
    }

    private PlacementSpec removeStripePeer(String where, TableDefinition table, PlacementSpec current,
                                           RemoveStripePeer change) {
        if (!(current instanceof RoundRobinPlacement stripe)) {
            return wrongStrategy(where, table, current, "ROUND_ROBIN");
        }
        if (change.peer() == null || !stripe.peers().contains(change.peer())) {
            return refuse(where + ": '" + change.peer() + "' is not in the stripe of '" + table.name() + "' ("
                    + String.join(", ", stripe.peers()) + ")");
        }
        List<String> peers = new ArrayList<>(stripe.peers());
        peers.remove(change.peer());
        List<String> former = new ArrayList<>(stripe.formerPeers());
        former.add(change.peer());
        return new RoundRobinPlacement(peers, former);
    }

    // The whole placement, once every change of the group is in.

    private void checkWhole(String name, TableDefinition table, PlacementSpec placement) {
        switch (placement) {
            case HashPlacement hash -> {
                for (int shard = 0; shard < hash.assignments().size(); shard++) {
                    activeOwner("'" + name + "' shard " + shard, hash.assignments().get(shard));
                }
            }
            case RangePlacement range -> {
                ColumnType type = type(table, range);
                activeOwner("'" + name + "' base peer", range.basePeer());
                List<Segment> segments = range.segments();
                for (int i = 0; i < segments.size(); i++) {
                    activeOwner("'" + name + "' segment '" + segments.get(i).name() + "'", segments.get(i).peer());
                    for (int j = i + 1; j < segments.size(); j++) {
                        if (RangeBounds.overlap(type, segments.get(i), segments.get(j))) {
                            violations.add("'" + name + "': segments '" + segments.get(i).name() + "' and '"
                                    + segments.get(j).name() + "' overlap");
                        }
                    }
                }
            }
            case RoundRobinPlacement stripe -> {
                if (stripe.peers().isEmpty()) {
                    violations.add("'" + name + "': the stripe needs at least one peer");
                }
                stripe.peers().forEach(peer -> activeOwner("'" + name + "' stripe", peer));
            }
            case ReplicatedPlacement _ -> {
            }
        }
    }

    private void activeOwner(String what, String peer) {
        if (!activePeers.contains(peer)) {
            violations.add(what + ": '" + peer + "' is not an active peer");
        }
    }

    // Helpers

    private void plan(TableDefinition table, String rows, String from, String to) {
        if (!Objects.equals(from, to)) {
            moves.add(new PlannedMove(table.name(), rows, from, to));
        }
    }

    private PlacementSpec wrongStrategy(String where, TableDefinition table, PlacementSpec current, String needed) {
        return refuse(where + ": '" + table.name() + "' is placed " + strategy(current) + ", not " + needed);
    }

    private static String strategy(PlacementSpec placement) {
        return switch (placement) {
            case HashPlacement _ -> "HASH";
            case RangePlacement _ -> "RANGE";
            case RoundRobinPlacement _ -> "ROUND_ROBIN";
            case ReplicatedPlacement _ -> "REPLICATED";
        };
    }

    private PlacementSpec refuse(String violation) {
        violations.add(violation);
        return null;
    }

    private boolean activePeer(String where, String field, String peer) {
        if (peer == null) {
            violations.add(where + ": " + field + " is needed");
            return false;
        }
        if (!activePeers.contains(peer)) {
            violations.add(where + ": " + field + " '" + peer + "' is not an active peer (active: "
                    + String.join(", ", activePeers) + ")");
            return false;
        }
        return true;
    }

    private boolean newName(String where, RangePlacement range, String name) {
        var problem = TableNames.problemWithSegment(name);
        if (problem.isPresent()) {
            violations.add(where + ": " + problem.get());
            return false;
        }
        if (range.segments().stream().anyMatch(s -> s.name().equals(name))) {
            violations.add(where + ": a segment named '" + name + "' exists already");
            return false;
        }
        return true;
    }

    private Segment segment(String where, TableDefinition table, RangePlacement range, String name) {
        return range.segments().stream().filter(s -> s.name().equals(name)).findFirst().orElseGet(() -> {
            violations.add(where + ": '" + table.name() + "' has no segment '" + name + "'");
            return null;
        });
    }

    private static RangePlacement replace(RangePlacement range, List<Segment> removed, List<Segment> added) {
        List<Segment> segments = new ArrayList<>();
        boolean placed = false;
        Set<String> gone = new HashSet<>();
        removed.forEach(s -> gone.add(s.name()));
        for (Segment segment : range.segments()) {
            if (gone.contains(segment.name())) {
                if (!placed) {
                    segments.addAll(added);
                    placed = true;
                }
            } else {
                segments.add(segment);
            }
        }
        return new RangePlacement(range.column(), range.basePeer(), segments);
    }

    private static ColumnType type(TableDefinition table, RangePlacement range) {
        return table.column(range.column()).orElseThrow().type();
    }

    /** Lower bounds in order, an unbounded (null) one first. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    private static int compareLower(ColumnType type, Object a, Object b) {
        if (a == null || b == null) {
            return a == null ? (b == null ? 0 : -1) : 1;
        }
        return ((Comparable) type.comparable(a)).compareTo(type.comparable(b));
    }
}
