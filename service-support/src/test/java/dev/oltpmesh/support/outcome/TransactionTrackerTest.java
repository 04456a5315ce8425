package dev.oltpmesh.support.outcome;

import dev.oltpmesh.model.event.PartApplied;
import dev.oltpmesh.model.event.PartRefused;
import dev.oltpmesh.model.event.PartSummary;
import dev.oltpmesh.model.event.TransactionCommitted;
import dev.oltpmesh.model.event.TransactionFailed;
import dev.oltpmesh.model.event.TransactionRouted;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class TransactionTrackerTest {

    private static final Instant NOW = Instant.parse("2026-11-23T10:00:00Z");

    private final TransactionTracker tracker = new TransactionTracker();

    private void routed(String txId) {
        tracker.apply(new TransactionRouted(txId, NOW, null, "h", 3, 1,
                List.of(PartSummary.routed("peer-1", 2), PartSummary.routed("peer-2", 1))));
    }

    @Test
    void shouldCommitOnlyOnceEveryPeerHasApplied() {
        routed("t1");
        tracker.apply(new PartApplied("t1", "peer-1", 2, 7, "c", NOW));
        assertThat(tracker.decide(NOW)).isEmpty();
        tracker.apply(new PartApplied("t1", "peer-2", 1, 3, "c", NOW));
        var outcomes = tracker.decide(NOW);
        assertThat(outcomes).singleElement().isInstanceOf(TransactionCommitted.class);
        assertThat(((TransactionCommitted) outcomes.get(0)).parts()).extracting(PartSummary::seq).containsExactly(7L, 3L);
    }

    @Test
    void shouldFailNamingThePeerThatRefused() {
        routed("t2");
        tracker.apply(new PartApplied("t2", "peer-1", 2, 7, "c", NOW));
        tracker.apply(new PartRefused("t2", "peer-2", "duplicate key", NOW));
        var outcome = (TransactionFailed) tracker.decide(NOW).get(0);
        assertThat(outcome.reason()).isEqualTo("peer-2: duplicate key");
    }

    @Test
    void shouldDecideAgainWhenTheOutcomeWasNotWritten() {
        routed("t3");
        tracker.apply(new PartApplied("t3", "peer-1", 2, 1, "c", NOW));
        tracker.apply(new PartApplied("t3", "peer-2", 1, 1, "c", NOW));
        assertThat(tracker.decide(NOW)).hasSize(1);
        assertThat(tracker.decide(NOW)).as("the send failed, nothing was written").hasSize(1);
        tracker.written(tracker.decide(NOW));
        assertThat(tracker.decide(NOW)).isEmpty();
    }

    @Test
    void shouldForgetATransactionWhoseOutcomeIsOnTheTopic() {
        routed("t4");
        tracker.apply(new PartApplied("t4", "peer-1", 2, 1, "c", NOW));
        tracker.apply(new TransactionCommitted("t4", NOW, NOW, 3, List.of()));
        tracker.apply(new PartApplied("t4", "peer-2", 1, 1, "c", NOW));
        assertThat(tracker.decide(NOW)).isEmpty();
        assertThat(tracker.pendingCount()).isZero();
    }
}
