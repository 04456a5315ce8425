package dev.oltpmesh.bench;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Random;
import java.util.UUID;

/** The row every system stores: a payment-like row, HASH-placed on its account. */
public record Payment(String account, UUID id, long qty, BigDecimal price, Instant ts) {

    /** Deterministic rows, the same for every system in a run. */
    public static final class Generator {

        private final Random random;
        private final int accounts;
        private final Instant start = Instant.parse("2026-11-01T00:00:00Z");

        public Generator(long seed, int accounts) {
            this.random = new Random(seed);
            this.accounts = accounts;
        }

        public Payment next() {
            return new Payment(account(random.nextInt(accounts)), new UUID(random.nextLong(), random.nextLong()),
                    1 + random.nextInt(1000), BigDecimal.valueOf(random.nextInt(10_000_000), 2),
                    start.plusSeconds(random.nextInt(30 * 86_400)).plusMillis(random.nextInt(1000)));
        }

        public static String account(int n) {
            return String.format("acct-%05d", n);
        }
    }
}
