package dev.oltpmesh.router.placement;

import dev.oltpmesh.model.event.InsertPointerMoved;
import dev.oltpmesh.model.event.PartRouted;
import dev.oltpmesh.model.event.PartSummary;
import dev.oltpmesh.model.event.TableRows;
import dev.oltpmesh.model.event.TransactionRouted;
import dev.oltpmesh.model.event.TransactionSubmitted;
import dev.oltpmesh.model.placement.HashPlacement;
import dev.oltpmesh.model.placement.RangePlacement;
import dev.oltpmesh.model.placement.ReplicatedPlacement;
import dev.oltpmesh.model.placement.RoundRobinPlacement;
import dev.oltpmesh.model.placement.RowPlacer;
import dev.oltpmesh.model.schema.TableDefinition;
import dev.oltpmesh.support.config.ConfigSnapshot;
import dev.oltpmesh.support.config.TableLookup;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Splits a transaction into one part per peer, by the placement map of each table. */
public class TransactionSplitter {

    /** Everything one transaction produces, to be sent in one Kafka transaction. */
    public record Routing(List<PartRouted> parts, TransactionRouted routed, List<InsertPointerMoved> pointers) {
    }

    private final ConfigSnapshot snapshot;
    private final TableLookup tables;
    private final RoundRobinPointers pointers;

    public TransactionSplitter(ConfigSnapshot snapshot, TableLookup tables, RoundRobinPointers pointers) {
        this.snapshot = snapshot;
        this.tables = tables;
        this.pointers = pointers;
    }

    /** A peer's rows of one table and their ordinals among the transaction's rows of it. */
    private record Placed(List<Map<String, Object>> rows, List<Integer> ordinals) {

        /** 0, 1, 2, ...: the part then carries no ordinals, and reads and hashes as before. */
        boolean consecutive() {
            for (int i = 0; i < ordinals.size(); i++) {
                if (ordinals.get(i) != i) {
                    return false;
                }
            }
            return true;
        }
    }

    public Routing split(TransactionSubmitted tx) {
        // The peers and the version stamped on the parts come from one view: a part sent to a peer that
        // joined at version V always says V or later, one sent without it always says less.
        // Each table is known at the version the gateway validated against first (a moment's wait, or
        // the config service asked); then peers, tables and version come from one view.
        for (TableRows insert : tx.inserts()) {
            tables.atLeast(insert.table(), insert.schemaVersion())
                    .orElseThrow(() -> RoutingRefusedException.unknownTable(insert.table(), insert.schemaVersion()));
        }
        ConfigSnapshot.View view = snapshot.view();
        List<String> activePeers = view.activePeerIds();
        // peer -> table -> rows, peers in id order and tables in the order the client sent them
        Map<String, Map<String, Placed>> byPeer = new TreeMap<>();
        Map<String, Integer> ordinals = new HashMap<>();
        Map<String, Integer> schemaVersions = new LinkedHashMap<>();
        Map<String, Boolean> skipDuplicates = new HashMap<>();
        List<InsertPointerMoved> moved = new ArrayList<>();
        for (TableRows insert : tx.inserts()) {
            TableDefinition table = view.table(insert.table()).filter(t -> t.version() >= insert.schemaVersion())
                    .orElseThrow(() -> RoutingRefusedException.unknownTable(insert.table(), insert.schemaVersion()));
            if (activePeers.isEmpty()) {
                throw RoutingRefusedException.noActivePeer(table.name());
            }
            schemaVersions.merge(insert.table(), insert.schemaVersion(), Math::max);
            skipDuplicates.merge(insert.table(), insert.skipsDuplicates(), Boolean::logicalOr);
            RowPlacer.Pointer pointer = pointers.pointerOf(table.name());
            // Rows were validated by the gateway and its signature proves them unchanged; the peer
            // stores them as they come, under this service's signature.
            for (Map<String, Object> row : insert.rows()) {
                // The row's ordinal among the transaction's rows of the table: the same on every peer it
                // goes to, and different from every other row's, wherever a move takes it later.
                int ordinal = ordinals.merge(table.name(), 1, Integer::sum) - 1;
                for (String peer : RowPlacer.peersFor(table, row, activePeers, pointer)) {
                    Placed placed = byPeer.computeIfAbsent(peer, p -> new LinkedHashMap<>())
                            .computeIfAbsent(table.name(), t -> new Placed(new ArrayList<>(), new ArrayList<>()));
                    placed.rows().add(row);
                    placed.ordinals().add(ordinal);
                }
            }
            switch (table.placement()) {
                // Only a striped table has an insert pointer to persist with the parts.
                case RoundRobinPlacement _ -> moved.add(pointers.current(table.name()));
                case HashPlacement _, RangePlacement _, ReplicatedPlacement _ -> {
                }
            }
        }
        long placementVersion = view.placementVersion();
        List<PartRouted> parts = new ArrayList<>();
        List<PartSummary> summaries = new ArrayList<>();
        // Several peers: every part names them all and is prepared, then finished by the decision.
        List<String> participants = byPeer.size() > 1 ? List.copyOf(byPeer.keySet()) : null;
        byPeer.forEach((peer, tables) -> {
            List<TableRows> rows = new ArrayList<>();
            tables.forEach((name, placed) -> rows.add(new TableRows(name, schemaVersions.get(name), placed.rows(),
                    placed.consecutive() ? null : placed.ordinals(), skipDuplicates.get(name))));
            PartRouted part = PartRouted.sealed(tx.txId(), peer, placementVersion, tx.submittedAt(), rows,
                    participants);
            parts.add(part);
            summaries.add(PartSummary.routed(peer, part.rowCount()));
        });
        TransactionRouted routed = new TransactionRouted(tx.txId(), tx.submittedAt(), tx.idempotencyKey(),
                tx.requestHash(), tx.rowCount(), placementVersion, summaries, tx.client());
        return new Routing(parts, routed, moved);
    }
}
