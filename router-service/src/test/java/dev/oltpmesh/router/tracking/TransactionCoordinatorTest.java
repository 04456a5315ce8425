package dev.oltpmesh.router.tracking;

import dev.oltpmesh.model.event.PartAborted;
import dev.oltpmesh.model.event.PartApplied;
import dev.oltpmesh.model.event.PartCommitted;
import dev.oltpmesh.model.event.PartPrepared;
import dev.oltpmesh.model.event.PartRefused;
import dev.oltpmesh.model.event.PartSummary;
import dev.oltpmesh.model.event.TransactionCommitted;
import dev.oltpmesh.model.event.TransactionDecided;
import dev.oltpmesh.model.event.TransactionFailed;
import dev.oltpmesh.model.event.TransactionRouted;
import dev.oltpmesh.model.event.TxEvent;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class TransactionCoordinatorTest {

    private static final Instant T0 = Instant.parse("2026-11-25T10:00:00Z");

    private final TransactionCoordinator coordinator = new TransactionCoordinator(Duration.ofSeconds(30));

    private void routed(String txId, String... peers) {
        List<PartSummary> parts = java.util.Arrays.stream(peers).map(p -> PartSummary.routed(p, 2)).toList();
        coordinator.apply(new TransactionRouted(txId, T0, null, "h", 2 * peers.length, 1, parts, "c"), T0);
    }

    /** Decides, and writes what was decided back as the topic would deliver it. */
    private List<TxEvent> decideAndWrite(Instant now) {
        List<TxEvent> decided = coordinator.decide(now);
        coordinator.written(decided);
        decided.forEach(e -> coordinator.apply(e, now));
        return decided;
    }

    @Test
    void shouldCommitAOnePeerTransactionOnceItsPartIsApplied() {
        routed("t1", "peer-1");
        assertThat(coordinator.decide(T0)).isEmpty();
        coordinator.apply(new PartApplied("t1", "peer-1", 2, 7, "c", T0), T0);
        assertThat(decideAndWrite(T0)).singleElement().isInstanceOf(TransactionCommitted.class);
        assertThat(coordinator.pendingCount()).isZero();
    }

    @Test
    void shouldFailAOnePeerTransactionNamingThePeerThatRefused() {
        routed("t2", "peer-2");
        coordinator.apply(new PartRefused("t2", "peer-2", "duplicate key", T0), T0);
        var outcome = (TransactionFailed) decideAndWrite(T0).get(0);
        assertThat(outcome.reason()).isEqualTo("peer-2: duplicate key");
    }

    @Test
    void shouldDecideCommitOnlyWhenEveryPeerVotedYesAndReportCommittedOnlyWhenEveryPeerFinished() {
        routed("t3", "peer-1", "peer-2");
        coordinator.apply(new PartPrepared("t3", "peer-1", 2, T0), T0);
        assertThat(coordinator.decide(T0)).isEmpty();
        coordinator.apply(new PartPrepared("t3", "peer-2", 2, T0), T0);
        var decided = decideAndWrite(T0);
        assertThat(decided).singleElement().isInstanceOfSatisfying(TransactionDecided.class, d -> {
            assertThat(d.commit()).isTrue();
            assertThat(d.participants()).containsExactly("peer-1", "peer-2");
        });
        coordinator.apply(new PartCommitted("t3", "peer-1", 2, 11, "c", T0), T0);
        assertThat(coordinator.decide(T0)).isEmpty();
        coordinator.apply(new PartCommitted("t3", "peer-2", 2, 4, "c", T0), T0);
        var outcome = (TransactionCommitted) decideAndWrite(T0).get(0);
        assertThat(outcome.parts()).extracting(PartSummary::seq).containsExactly(11L, 4L);
        assertThat(outcome.parts()).extracting(PartSummary::status).containsOnly("COMMITTED");
    }

    @Test
    void shouldAbortAtTheFirstNoVoteWithoutWaitingForTheOthers() {
        routed("t4", "peer-1", "peer-2", "peer-3");
        coordinator.apply(new PartPrepared("t4", "peer-1", 2, T0), T0);
        coordinator.apply(new PartRefused("t4", "peer-3", "duplicate key", T0), T0);
        var decided = decideAndWrite(T0);
        assertThat(decided).hasSize(2);
        assertThat(decided.get(0)).isInstanceOfSatisfying(TransactionDecided.class, d -> assertThat(d.commit()).isFalse());
        assertThat(((TransactionFailed) decided.get(1)).reason()).isEqualTo("peer-3: duplicate key");
        coordinator.apply(new PartPrepared("t4", "peer-2", 2, T0), T0);
        assertThat(coordinator.decide(T0)).as("a late vote changes nothing").isEmpty();
    }

    @Test
    void shouldPresumeAbortWhenAVoteIsMissingAfterThePrepareTimeout() {
        routed("t5", "peer-1", "peer-2");
        coordinator.apply(new PartPrepared("t5", "peer-1", 2, T0), T0);
        assertThat(coordinator.decide(T0.plusSeconds(29))).isEmpty();
        var decided = decideAndWrite(T0.plusSeconds(31));
        assertThat(((TransactionFailed) decided.get(1)).reason()).contains("peer-2 did not vote within PT30S");
    }

    @Test
    void shouldWaitForAVoteQueuedBehindOtherWorkWhileItsPeerKeepsAnswering() {
        routed("t8", "peer-1", "peer-2");
        coordinator.apply(new PartPrepared("t8", "peer-1", 2, T0), T0);
        // peer-2 works through a backlog: it answers for other transactions all along.
        for (int s = 10; s <= 50; s += 10) {
            coordinator.apply(new PartApplied("earlier-" + s, "peer-2", 2, s, "c", T0), T0.plusSeconds(s));
            assertThat(coordinator.decide(T0.plusSeconds(s + 5))).as("at %d s", s + 5).isEmpty();
        }
        coordinator.apply(new PartPrepared("t8", "peer-2", 2, T0), T0.plusSeconds(58));
        assertThat(decideAndWrite(T0.plusSeconds(58))).singleElement()
                .isInstanceOfSatisfying(TransactionDecided.class, d -> assertThat(d.commit()).isTrue());
    }

    @Test
    void shouldPresumeAbortOnceAPeerThatWasAnsweringFallsSilentForThePrepareTimeout() {
        routed("t9", "peer-1", "peer-2");
        coordinator.apply(new PartPrepared("t9", "peer-1", 2, T0), T0);
        coordinator.apply(new PartPrepared("earlier", "peer-2", 2, T0), T0.plusSeconds(20));
        // Its decisions listener finishing another part says nothing of its inbox.
        coordinator.apply(new PartCommitted("older", "peer-2", 2, 1, "c", T0), T0.plusSeconds(40));
        assertThat(coordinator.decide(T0.plusSeconds(45))).as("its inbox answered 25 s ago").isEmpty();
        var decided = decideAndWrite(T0.plusSeconds(51));
        assertThat(((TransactionFailed) decided.get(1)).reason()).contains("peer-2 did not vote within PT30S");
    }

    @Test
    void shouldPresumeAbortWhenAStuckPeerOnlyVotesAgainForWhatItHoldsPrepared() {
        routed("t11", "peer-1", "peer-2");
        routed("held", "peer-2", "peer-3");
        coordinator.apply(new PartPrepared("held", "peer-2", 2, T0), T0);
        coordinator.apply(new PartPrepared("t11", "peer-1", 2, T0), T0);
        // peer-2's inbox fails on a later part and reads its batch again and again, voting again each time.
        for (int s = 10; s <= 40; s += 10) {
            coordinator.apply(new PartPrepared("held", "peer-2", 2, T0), T0.plusSeconds(s));
        }

        assertThat(decideAndWrite(T0.plusSeconds(31))).filteredOn(TransactionFailed.class::isInstance)
                .map(TxEvent::txId).contains("t11");
    }

    @Test
    void shouldNotLetAPeerClockRunningAheadKeepItsVotesWaitingForGood() {
        Instant now = Instant.now();
        coordinator.apply(new TransactionRouted("t10", now, null, "h", 4, 1,
                List.of(PartSummary.routed("peer-1", 2), PartSummary.routed("peer-2", 2)), "c"), now);
        coordinator.apply(new PartPrepared("t10", "peer-1", 2, now), now);
        coordinator.apply(new PartApplied("other", "peer-2", 2, 1, "c", now), now.plus(Duration.ofDays(1)));
        assertThat(decideAndWrite(now.plusSeconds(31))).hasSize(2);
    }

    @Test
    void shouldNeverAbortOnceCommitIsDecidedHoweverLongAPeerTakesToFinish() {
        routed("t6", "peer-1", "peer-2");
        coordinator.apply(new PartPrepared("t6", "peer-1", 2, T0), T0);
        coordinator.apply(new PartPrepared("t6", "peer-2", 2, T0), T0);
        decideAndWrite(T0);
        assertThat(coordinator.decide(T0.plus(Duration.ofHours(1)))).isEmpty();
        assertThat(coordinator.pendingCount()).isOne();
    }

    @Test
    void shouldKeepADecisionReadBackAfterARestartInsteadOfDecidingAgain() {
        TransactionCoordinator restarted = new TransactionCoordinator(Duration.ofSeconds(30));
        List<PartSummary> parts = List.of(PartSummary.routed("peer-1", 1), PartSummary.routed("peer-2", 1));
        restarted.apply(new TransactionRouted("t7", T0, null, "h", 2, 1, parts, "c"), T0);
        restarted.apply(new PartPrepared("t7", "peer-1", 1, T0), T0);
        restarted.apply(new TransactionDecided("t7", false, List.of("peer-1", "peer-2"), "timeout", T0), T0);
        restarted.apply(new PartPrepared("t7", "peer-2", 1, T0), T0);
        assertThat(restarted.decide(T0)).as("abort was decided: yes votes after it commit nothing").isEmpty();
        restarted.apply(new PartAborted("t7", "peer-2", T0), T0);
        restarted.apply(new TransactionFailed("t7", T0, T0, 2, "timeout", parts, "c"), T0);
        assertThat(restarted.pendingCount()).isZero();
    }

    @Test
    void shouldWriteAnOutcomeAgainWhenTheFirstWriteWasNotConfirmed() {
        routed("t8", "peer-1");
        coordinator.apply(new PartApplied("t8", "peer-1", 2, 1, "c", T0), T0);
        assertThat(coordinator.decide(T0)).hasSize(1);
        assertThat(coordinator.decide(T0)).as("not written yet: decided again").hasSize(1);
    }
}
