package dev.oltpmesh.bench;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Requests offered at a fixed rate whatever the answers do (an open loop), as users send them: each
 * latency counts from when its request was due, so a slow answer cannot hide the requests queued
 * behind it (no coordinated omission).
 */
public final class OpenLoop {

    /** One request; it returns once it is answered and throws if it failed. */
    @FunctionalInterface
    public interface Request {
        void send(int index) throws Exception;
    }

    /** The latencies, and the rate at which requests actually completed. */
    public record Result(Latencies latencies, double completedPerSecond) {
    }

    private OpenLoop() {
    }

    /** {@code ratePerSecond × seconds} requests; throws with the first failure if any request failed. */
    public static Result run(int ratePerSecond, int seconds, Request request) throws Exception {
        Latencies latencies = new Latencies();
        AtomicLong lastDone = new AtomicLong();
        AtomicInteger failures = new AtomicInteger();
        AtomicReference<Exception> firstFailure = new AtomicReference<>();
        int total = ratePerSecond * seconds;
        ScheduledExecutorService clock = Executors.newSingleThreadScheduledExecutor();
        ExecutorService callers = Executors.newCachedThreadPool();
        long periodNanos = 1_000_000_000L / ratePerSecond;
        long start = System.nanoTime() + 100_000_000L;
        try {
            for (int i = 0; i < total; i++) {
                int index = i;
                long due = start + i * periodNanos;
                clock.schedule(() -> callers.submit(() -> {
                    try {
                        request.send(index);
                        long done = System.nanoTime();
                        latencies.record(done - due);
                        lastDone.accumulateAndGet(done, Math::max);
                    } catch (Exception e) {
                        failures.incrementAndGet();
                        firstFailure.compareAndSet(null, e);
                    }
                }), due - System.nanoTime(), TimeUnit.NANOSECONDS);
            }
            clock.shutdown();
            clock.awaitTermination(seconds + 60L, TimeUnit.SECONDS);
            callers.shutdown();
            callers.awaitTermination(120, TimeUnit.SECONDS);
        } finally {
            clock.shutdownNow();
            callers.shutdownNow();
        }
        if (failures.get() > 0) {
            throw new IllegalStateException(failures.get() + " of " + total + " requests failed", firstFailure.get());
        }
        return new Result(latencies, Parallel.perSecond(latencies.count(), lastDone.get() - start));
    }
}
