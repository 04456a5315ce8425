package dev.oltpmesh.gateway.status;

import dev.oltpmesh.support.identity.EventSignatures;
import dev.oltpmesh.gateway.GatewayProperties;
import dev.oltpmesh.model.event.PartAborted;
import dev.oltpmesh.model.event.PartApplied;
import dev.oltpmesh.model.event.PartCommitted;
import dev.oltpmesh.model.event.PartPrepared;
import dev.oltpmesh.model.event.PartRefused;
import dev.oltpmesh.model.event.TransactionCommitted;
import dev.oltpmesh.model.event.TransactionDecided;
import dev.oltpmesh.model.event.TransactionFailed;
import dev.oltpmesh.model.event.TransactionRouted;
import dev.oltpmesh.model.event.TxEvent;
import dev.oltpmesh.support.kafka.MeshDeserializer;
import dev.oltpmesh.support.kafka.TopicFollower;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The statuses of recent transactions, in memory: replayed at start from the last
 * {@code recent-status-window} of {@code mesh.tx.events} and followed after; older ones are asked of
 * the configuration database, where the config service keeps every status. Memory is bounded by the
 * window, not by the age of the topic. Waiters ({@code wait=committed}, {@code after=}) are woken by
 * the outcome event.
 */
@Component
public class TxStatusView {

    private final Map<String, TxStatus> statuses = new ConcurrentHashMap<>();
    private final Map<String, CompletableFuture<TxStatus>> waiters = new ConcurrentHashMap<>();
    private final TopicFollower<TxEvent> follower;
    private final SharedTransactions shared;
    private final Duration window;
    private volatile Instant lastSweep = Instant.now();
    private final Counter committed;
    private final Counter failed;
    private final Timer commitLatency;

    TxStatusView(KafkaProperties kafka, GatewayProperties properties, SharedTransactions shared, MeterRegistry meters,
                 EventSignatures signatures) {
        this.shared = shared;
        this.window = properties.recentStatusWindow();
        this.follower = new TopicFollower<>(kafka, properties.topics().events(), properties.topics().dlq(),
                new MeshDeserializer<>(TxEvent.class, signatures), this::on, window);
        this.committed = Counter.builder("mesh.transactions").tag("outcome", "committed").register(meters);
        this.failed = Counter.builder("mesh.transactions").tag("outcome", "failed").register(meters);
        this.commitLatency = Timer.builder("mesh.transactions.commit.latency")
                .description("from acceptance by the gateway to the transaction's outcome")
                .publishPercentileHistogram().register(meters);
    }

    TopicFollower<TxEvent> follower() {
        return follower;
    }

    /** From memory if recent, else from the configuration database. */
    public Optional<TxStatus> status(String txId) {
        TxStatus recent = statuses.get(txId);
        return recent != null ? Optional.of(recent) : shared.status(txId);
    }

    /** Called by the gateway itself once the transaction is durably on Kafka. */
    public void accepted(String txId, int rows, Instant submittedAt, String client) {
        statuses.putIfAbsent(txId, new TxStatus(txId, TxStatus.ACCEPTED, rows, submittedAt, null, List.of(), null,
                null, client));
    }

    /** Waits until the transaction is final or the timeout passes; returns its status then. */
    public Optional<TxStatus> awaitFinal(String txId, Duration timeout) throws InterruptedException {
        TxStatus now = statuses.get(txId);
        if (now != null && now.isFinal()) {
            return Optional.of(now);
        }
        if (now == null) {
            // Not a recent one: decided long ago, or not yet seen here at all.
            Optional<TxStatus> older = shared.status(txId);
            if (older.isPresent() && older.get().isFinal()) {
                return older;
            }
        }
        CompletableFuture<TxStatus> waiter = waiters.computeIfAbsent(txId, id -> new CompletableFuture<>());
        now = statuses.get(txId);
        if (now != null && now.isFinal()) {
            waiter.complete(now);
        }
        try {
            return Optional.of(waiter.get(timeout.toMillis(), TimeUnit.MILLISECONDS));
        } catch (TimeoutException e) {
            // A transaction that stays pending must not keep a waiter per timed-out request; another
            // request still waiting on it reads the status when its own timeout ends.
            waiters.remove(txId, waiter);
            return status(txId);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException(e);
        }
    }

    private void on(List<ConsumerRecord<String, TxEvent>> records, boolean caughtUp) {
        for (ConsumerRecord<String, TxEvent> record : records) {
            if (record.value() != null) {
                handle(record.value(), caughtUp);
            }
        }
        Instant now = Instant.now();
        if (now.isAfter(lastSweep.plusSeconds(10))) {
            lastSweep = now;
            forgetOlderThan(now.minus(window));
        }
    }

    /** Statuses older than the window are forgotten here; the configuration database has them. */
    private void forgetOlderThan(Instant horizon) {
        statuses.values().removeIf(s -> s.submittedAt().isBefore(horizon)
                && (s.isFinal() || s.submittedAt().isBefore(horizon.minus(window))));
    }

    /** The router decides; this view only shows what it decided and how far each peer is. */
    private void handle(TxEvent event, boolean caughtUp) {
        switch (event) {
            case TransactionRouted routed -> {
                statuses.compute(routed.txId(), (id, known) -> known != null && known.isFinal() ? known
                        : new TxStatus(id, TxStatus.ACCEPTED, routed.rows(), routed.submittedAt(), null,
                        routed.parts(), null, null, routed.client()));
            }
            case TransactionCommitted committed -> {
                if (settle(new TxStatus(committed.txId(), TxStatus.COMMITTED, committed.rows(),
                        committed.submittedAt(), committed.committedAt(), committed.parts(), null,
                        decisionOf(committed.txId()), committed.client())) && caughtUp) {
                    this.committed.increment();
                    commitLatency.record(Duration.between(committed.submittedAt(), committed.committedAt()));
                }
            }
            case TransactionFailed failed -> {
                if (settle(new TxStatus(failed.txId(), TxStatus.FAILED, failed.rows(), failed.submittedAt(), null,
                        failed.parts(), failed.reason(), decisionOf(failed.txId()), failed.client())) && caughtUp) {
                    this.failed.increment();
                }
            }
            case TransactionDecided decided -> statuses.computeIfPresent(decided.txId(),
                    (id, known) -> known.withDecision(decided.commit() ? "COMMIT" : "ABORT"));
            case PartPrepared prepared -> progress(prepared.txId(), prepared.peer(), "PREPARED", null, null);
            case PartCommitted done -> progress(done.txId(), done.peer(), "COMMITTED", done.seq(), null);
            case PartAborted aborted -> progress(aborted.txId(), aborted.peer(), "ABORTED", null, null);
            case PartApplied applied -> progress(applied.txId(), applied.peer(), "APPLIED", applied.seq(), null);
            case PartRefused refused -> progress(refused.txId(), refused.peer(), "REFUSED", null, refused.reason());
        }
    }

    private String decisionOf(String txId) {
        TxStatus known = statuses.get(txId);
        return known == null ? null : known.decision();
    }

    /**
     * A peer's progress. Once the outcome is known only a peer finishing (rolling back after an abort)
     * still changes what it shows: a late vote does not.
     */
    private void progress(String txId, String peer, String status, Long seq, String error) {
        boolean finishing = "ABORTED".equals(status) || "COMMITTED".equals(status);
        statuses.computeIfPresent(txId, (id, known) -> known.isFinal() && !finishing ? known
                : known.withPart(peer, status, seq, error));
    }

    /**
     * The first outcome is the outcome: a repeated one after a router restart changes nothing.
     * Returns whether this event settled the transaction, so it is counted once.
     */
    private boolean settle(TxStatus outcome) {
        TxStatus settled = statuses.compute(outcome.txId(), (id, known) -> known != null && known.isFinal()
                ? known : outcome);
        CompletableFuture<TxStatus> waiter = waiters.remove(outcome.txId());
        if (waiter != null) {
            waiter.complete(settled);
        }
        return settled == outcome;
    }
}
