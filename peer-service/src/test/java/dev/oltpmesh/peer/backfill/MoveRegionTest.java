package dev.oltpmesh.peer.backfill;

import dev.oltpmesh.model.json.MeshJson;
import dev.oltpmesh.model.placement.HashPlacement;
import dev.oltpmesh.model.placement.PlacementSpec;
import dev.oltpmesh.model.placement.RangePlacement;
import dev.oltpmesh.model.placement.RegionMove;
import dev.oltpmesh.model.placement.Segment;
import dev.oltpmesh.model.placement.ShardHash;
import dev.oltpmesh.model.schema.ColumnDefinition;
import dev.oltpmesh.model.schema.ColumnType;
import dev.oltpmesh.model.schema.TableDefinition;
import dev.oltpmesh.peer.query.RegionSql;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A move's region is one set of rows whether the database selects it (copy, digest, purge, reads)
 * or Java tells it (the target's key checks): on a real PostgreSQL, over values at and around every
 * bound, nulls, text compared byte by byte, and every pair of peers of two placements.
 */
class MoveRegionTest {

    private static final List<String> PEERS = List.of("peer-1", "peer-2", "peer-3");
    private static final List<ColumnDefinition> TEXT_KEY = List.of(new ColumnDefinition("k", ColumnType.TEXT, true),
            new ColumnDefinition("n", ColumnType.BIGINT, true));

    @RegisterExtension
    static final PeerDatabase DATABASE = new PeerDatabase();

    private static List<Map<String, Object>> stored(TableDefinition table, List<Object> keys) {
        List<Map<String, Object>> page = new ArrayList<>();
        String tx = UUID.randomUUID().toString();
        for (int i = 0; i < keys.size(); i++) {
            Map<String, Object> row = new HashMap<>();
            row.put("k", keys.get(i) instanceof String s ? s : null);
            row.put("n", keys.get(i) instanceof Long n ? n : null);
            row.put("_tx", tx);
            row.put("_row", i);
            page.add(row);
        }
        HashPlacement hash = table.placement() instanceof HashPlacement h ? h : null;
        if (hash != null) {
            page.forEach(row -> row.put("_shard", ShardHash.shardOf(ColumnType.BIGINT, row.get("n"), hash.shards())));
        }
        DATABASE.transactions().executeWithoutResult(status ->
                DATABASE.rows().insertPage(table, new String(MeshJson.toBytes(page)), null));
        return page;
    }

    private static Set<Integer> selected(TableDefinition table, RegionMove move) {
        RegionSql.Condition region = RegionSql.of(table, move);
        return new HashSet<>(DATABASE.jdbc().sql("select _row from " + table.name() + " where " + region.sql())
                .params(region.params()).query(Integer.class).list());
    }

    private static Set<Integer> contained(TableDefinition table, RegionMove move, List<Map<String, Object>> page) {
        Set<Integer> in = new HashSet<>();
        for (Map<String, Object> row : page) {
            if (move.contains(table, row)) {
                in.add((Integer) row.get("_row"));
            }
        }
        return in;
    }

    private static void assertSameRegions(TableDefinition table, PlacementSpec before, PlacementSpec after,
                                          List<Map<String, Object>> page) {
        int checked = 0;
        for (String from : PEERS) {
            for (String to : PEERS) {
                if (from.equals(to)) {
                    continue;
                }
                RegionMove move = new RegionMove(1, table.name(), from, to, 2, before, after, RegionMove.Stage.COPYING, 0);
                assertThat(selected(table, move)).as("%s to %s", from, to).isEqualTo(contained(table, move, page));
                checked += contained(table, move, page).size();
            }
        }
        assertThat(checked).as("some rows change owner").isPositive();
    }

    @Test
    void shouldSelectInSqlTheRowsARangeRegionHoldsInJava() {
        RangePlacement before = new RangePlacement("k", "peer-1", List.of(
                new Segment("ab", "peer-2", "a", "b", true, false),
                new Segment("mz", "peer-3", "m", null, false, true)));
        RangePlacement after = new RangePlacement("k", "peer-3", List.of(
                new Segment("ab", "peer-1", "a", "b", true, false),
                new Segment("m", "peer-2", "m", "m\u00ff", true, true),
                new Segment("x", "peer-1", "x", "y", false, true)));
        TableDefinition table = new TableDefinition("range_t", 1, TEXT_KEY, List.of(), before);
        List<Object> keys = new ArrayList<>(List.of("", "a", "aa", "a\u00e9", "b", "b0", "l", "m", "m\u00ff", "m\u00ff0",
                "mz", "x", "x0", "y", "y0", "z", "\u00e9", "A", "Z"));
        keys.add(null);
        assertSameRegions(table, before, after, stored(table, keys));
    }

    @Test
    void shouldSelectInSqlTheRowsAHashRegionHoldsInJava() {
        HashPlacement before = new HashPlacement("n", 8,
                List.of("peer-1", "peer-2", "peer-3", "peer-1", "peer-2", "peer-3", "peer-1", "peer-2"));
        HashPlacement after = new HashPlacement("n", 8,
                List.of("peer-2", "peer-2", "peer-1", "peer-1", "peer-3", "peer-3", "peer-2", "peer-1"));
        TableDefinition table = new TableDefinition("hash_t", 1, TEXT_KEY, List.of(), before);
        List<Object> keys = new ArrayList<>();
        for (long n = -50; n < 150; n++) {
            keys.add(n * 7919);
        }
        keys.add(Long.MIN_VALUE);
        keys.add(Long.MAX_VALUE);
        assertSameRegions(table, before, after, stored(table, keys));
    }
}
