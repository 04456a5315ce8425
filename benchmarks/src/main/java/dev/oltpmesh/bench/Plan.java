package dev.oltpmesh.bench;

/**
 * How much work each measurement does. The quick plan fits in a few minutes on two cores; the full
 * plan adds scaling over the number of peers and queries over 100k and 1M rows.
 *
 * @param rows             rows each throughput system writes
 * @param rounds           how many times each throughput is measured, the systems taking turns
 * @param rowsPerTx        rows per transaction, per batch and per event
 * @param clients          concurrent writers (REST clients, JDBC connections, producer threads)
 * @param latencyRate      offered rate of one-row committed transactions, per second
 * @param latencySeconds   how long that rate is offered
 * @param warmUpPasses     at most how many 5-second passes of a latency's workload warm it up first
 * @param queryRuns        measured runs of each query, after as many warm-up runs
 * @param scaling          whether to measure committed rows/s for 1 to 4 peers
 * @param querySizes       table sizes at which queries are measured again, after the size the writes reach
 */
public record Plan(boolean quick, int rows, int rounds, int rowsPerTx, int clients, int latencyRate, int latencySeconds,
                   int warmUpPasses,
                   int queryRuns, boolean scaling, int[] querySizes) {

    public static final int ACCOUNTS = 10_000;

    public static Plan quickPlan() {
        return new Plan(true, 100_000, 3, 100, 8, 50, 15, 12, 200, false, new int[0]);
    }

    public static Plan fullPlan() {
        // The throughput phases leave about 100k rows in each system: queries are measured there, then at 1M.
        return new Plan(false, 100_000, 3, 100, 8, 50, 30, 24, 300, true, new int[]{1_000_000});
    }
}
