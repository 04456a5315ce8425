package dev.oltpmesh.config.placement;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** How a rebalance plans shard moves for one table. */
class RebalancingTest {

    private static final List<String> ACTIVE = List.of("peer-1", "peer-2", "peer-3");

    private static long owned(String[] owner, long[] rows, String peer) {
        long load = 0;
        for (int shard = 0; shard < owner.length; shard++) {
            load += owner[shard].equals(peer) ? rows[shard] + 1 : 0;
        }
        return load;
    }

    @Test
    void shouldEvenRowsOverTheActivePeers() {
        String[] owner = new String[12];
        Arrays.fill(owner, "peer-1");
        long[] rows = new long[12];
        Arrays.fill(rows, 100);

        var moves = Rebalancing.plan("t", owner, rows, ACTIVE);

        assertThat(moves).hasSize(8).allSatisfy(m -> assertThat(m.from()).isEqualTo("peer-1"));
        assertThat(ACTIVE).allSatisfy(peer -> assertThat(owned(owner, rows, peer)).isEqualTo(4 * 101));
    }

    @Test
    void shouldMoveEveryShardOfAPeerThatIsNotActive() {
        String[] owner = {"peer-1", "peer-4", "peer-2", "peer-4", "peer-3", "peer-4"};
        long[] rows = {10, 500, 10, 0, 10, 7};

        var moves = Rebalancing.plan("t", owner, rows, ACTIVE);

        assertThat(owner).doesNotContain("peer-4");
        assertThat(moves).filteredOn(m -> m.from().equals("peer-4")).hasSize(3);
    }

    @Test
    void shouldMoveNothingWhenNoMoveNarrowsTheGap() {
        // One hot shard cannot be split: moving it would only make another peer the hot one.
        String[] owner = {"peer-1", "peer-2", "peer-3"};
        long[] rows = {1000, 10, 10};

        assertThat(Rebalancing.plan("t", owner, rows, ACTIVE)).isEmpty();
        assertThat(owner).containsExactly("peer-1", "peer-2", "peer-3");
    }

    @Test
    void shouldSpreadTheShardsOfAnEmptyTable() {
        String[] owner = {"peer-1", "peer-1", "peer-1", "peer-1", "peer-1", "peer-1"};
        long[] rows = new long[6];

        Rebalancing.plan("t", owner, rows, ACTIVE);

        assertThat(ACTIVE).allSatisfy(peer -> assertThat(Arrays.stream(owner).filter(peer::equals)).hasSize(2));
    }
}
