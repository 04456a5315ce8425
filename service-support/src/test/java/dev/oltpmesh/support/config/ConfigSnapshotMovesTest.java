package dev.oltpmesh.support.config;

import dev.oltpmesh.model.event.RegionMoveRecorded;
import dev.oltpmesh.model.json.MeshJson;
import dev.oltpmesh.model.placement.HashPlacement;
import dev.oltpmesh.model.placement.RegionMove;
import dev.oltpmesh.model.placement.RegionMove.Stage;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** A move's stage as every service keeps it, whatever order its records arrive in. */
class ConfigSnapshotMovesTest {

    private static final HashPlacement BEFORE = new HashPlacement("id", 2, List.of("peer-1", "peer-1"));
    private static final HashPlacement AFTER = new HashPlacement("id", 2, List.of("peer-1", "peer-2"));

    private static RegionMove move(Stage stage, int attempt) {
        return new RegionMove(7, "orders", "peer-1", "peer-2", 3, BEFORE, AFTER, stage, attempt);
    }

    private static Stage after(RegionMove... records) {
        ConfigSnapshot snapshot = new ConfigSnapshot();
        for (RegionMove record : records) {
            snapshot.apply(new RegionMoveRecorded(record));
        }
        return snapshot.move(7).orElseThrow().stage();
    }

    @Test
    void shouldKeepTheLaterStageWhenAnEarlierOneArrivesLate() {
        assertThat(after(move(Stage.COPYING, 0), move(Stage.SETTLING, 0))).isEqualTo(Stage.COPYING);
        assertThat(after(move(Stage.LIVE, 0), move(Stage.COPYING, 0))).isEqualTo(Stage.LIVE);
    }

    @Test
    void shouldNeverFailAMoveThatIsLiveNorReviveOneThatFailedWithinAnAttempt() {
        assertThat(after(move(Stage.LIVE, 0), move(Stage.FAILED, 0))).isEqualTo(Stage.LIVE);
        assertThat(after(move(Stage.FAILED, 0), move(Stage.COPYING, 0))).isEqualTo(Stage.FAILED);
    }

    @Test
    void shouldStartARetriedMoveAgainAndIgnoreTheFailedAttemptArrivingLate() {
        assertThat(after(move(Stage.FAILED, 0), move(Stage.SETTLING, 1))).isEqualTo(Stage.SETTLING);
        assertThat(after(move(Stage.SETTLING, 1), move(Stage.FAILED, 0))).isEqualTo(Stage.SETTLING);
        assertThat(after(move(Stage.COPYING, 1), move(Stage.COPYING, 0), move(Stage.FAILED, 0)))
                .isEqualTo(Stage.COPYING);
    }

    @Test
    void shouldReadAMoveRecordedBeforeAttemptsExistedAsTheFirstAttempt() {
        byte[] json = MeshJson.toBytes(move(Stage.COPYING, 0));
        assertThat(new String(json, StandardCharsets.UTF_8)).doesNotContain("attempt");
        assertThat(MeshJson.fromBytes(json, RegionMove.class).attempt()).isZero();
        assertThat(new String(MeshJson.toBytes(move(Stage.COPYING, 2)), StandardCharsets.UTF_8)).contains("\"attempt\":2");
    }
}
