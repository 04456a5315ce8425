package dev.oltpmesh.client;

import java.time.Duration;
import java.util.Objects;

/**
 * How long a write waits before the gateway answers: until the transaction is durably on Kafka
 * ({@link #accepted()}), or for its outcome, {@code COMMITTED} or {@code FAILED} on its peers, at most
 * {@code timeout} ({@link #committed(Duration)}); a transaction still pending then is answered
 * {@code ACCEPTED}. The gateway waits at most its {@code mesh.gateway.max-wait} (30 s by default).
 */
public record Wait(boolean forOutcome, Duration timeout) {

    public Wait {
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative()) {
            throw new IllegalArgumentException("a wait cannot be negative");
        }
    }

    public static Wait accepted() {
        return new Wait(false, Duration.ZERO);
    }

    /** Committed or failed, waiting at most 5 s (the gateway's default). */
    public static Wait committed() {
        return committed(Duration.ofSeconds(5));
    }

    public static Wait committed(Duration timeout) {
        return new Wait(true, timeout);
    }

    String query() {
        return forOutcome ? "?wait=committed&timeout=" + timeout : "?wait=accepted";
    }
}
