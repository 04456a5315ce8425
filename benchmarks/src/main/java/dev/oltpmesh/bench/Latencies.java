package dev.oltpmesh.bench;

import java.util.Arrays;

/** Recorded durations and their percentiles, in milliseconds. */
public final class Latencies {

    private long[] nanos = new long[1024];
    private int size;

    public synchronized void record(long durationNanos) {
        if (size == nanos.length) {
            nanos = Arrays.copyOf(nanos, size * 2);
        }
        nanos[size++] = durationNanos;
    }

    public synchronized int count() {
        return size;
    }

    /** The value below which {@code percent} of the recorded durations lie (nearest rank). */
    public synchronized double percentileMs(double percent) {
        if (size == 0) {
            return Double.NaN;
        }
        long[] sorted = Arrays.copyOf(nanos, size);
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(percent / 100.0 * size);
        return Math.round(sorted[Math.max(0, rank - 1)] / 10_000.0) / 100.0;
    }
}
