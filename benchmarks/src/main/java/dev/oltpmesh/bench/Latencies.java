package dev.oltpmesh.bench;

import org.HdrHistogram.Histogram;

/** Recorded durations and their percentiles, in milliseconds (HdrHistogram, three significant digits). */
public final class Latencies {

    /** Up to ten minutes, in nanoseconds; a longer one is recorded as ten minutes. */
    private static final long HIGHEST = 600_000_000_000L;

    private final Histogram histogram = new Histogram(HIGHEST, 3);

    public synchronized void record(long durationNanos) {
        histogram.recordValue(Math.clamp(durationNanos, 0, HIGHEST));
    }

    public synchronized int count() {
        return (int) histogram.getTotalCount();
    }

    /** The value at or below which {@code percent} of the recorded durations lie. */
    public synchronized double percentileMs(double percent) {
        if (histogram.getTotalCount() == 0) {
            return Double.NaN;
        }
        return Math.round(histogram.getValueAtPercentile(percent) / 10_000.0) / 100.0;
    }
}
