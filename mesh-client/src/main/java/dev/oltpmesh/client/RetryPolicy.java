package dev.oltpmesh.client;

import java.time.Duration;
import java.util.Objects;

/**
 * How often and how patiently a call is tried again: up to {@code maxAttempts} attempts in all, the
 * n-th retry after about {@code initialDelay × 2^(n-1)} (randomised, so clients that failed together do
 * not return together), never more than {@code maxDelay}; a {@code Retry-After} the gateway sends is
 * waited for, unless it is longer than {@code maxDelay}, and then the call gives up.
 *
 * <p>Only what cannot apply twice is tried again: reads; writes, which carry their Idempotency-Key
 * every time; {@code PUT} and {@code DELETE}; and any call that never reached the gateway. Tried again
 * are a connection that failed, 429, 502, 503, 504, and a 409 that says the first request with the same
 * Idempotency-Key is still in flight.
 */
public record RetryPolicy(int maxAttempts, Duration initialDelay, Duration maxDelay) {

    public RetryPolicy {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1 (the first attempt)");
        }
        Objects.requireNonNull(initialDelay, "initialDelay");
        Objects.requireNonNull(maxDelay, "maxDelay");
        if (initialDelay.isNegative() || maxDelay.compareTo(initialDelay) < 0) {
            throw new IllegalArgumentException("delays must satisfy 0 <= initialDelay <= maxDelay");
        }
    }

    /** 4 attempts, retries after about 100 ms, 200 ms and 400 ms; Retry-After up to 5 s. */
    public static RetryPolicy defaults() {
        return new RetryPolicy(4, Duration.ofMillis(100), Duration.ofSeconds(5));
    }

    /** One attempt: every failure is the caller's to handle. */
    public static RetryPolicy none() {
        return new RetryPolicy(1, Duration.ZERO, Duration.ZERO);
    }
}
