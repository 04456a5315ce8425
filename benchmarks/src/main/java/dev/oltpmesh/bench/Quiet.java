package dev.oltpmesh.bench;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;

/**
 * Waits, before a latency is measured, until the machine has digested the load that came before: a
 * latency taken while PostgreSQL's autovacuum and checkpoints and the services' backlogs still run
 * measures those, not a commit at the offered rate. Every system's latency is measured after it.
 */
final class Quiet {

    private static final Logger log = LoggerFactory.getLogger(Quiet.class);
    private static final Path STAT = Path.of("/proc/stat");
    /** Quiet: less busy than this, over every core, for one second. */
    static final double BUSY = 0.25;
    static final Duration AT_MOST = Duration.ofSeconds(60);

    private Quiet() {
    }

    /** @return the seconds waited (at most {@link #AT_MOST}; none where the machine has no {@code /proc/stat}) */
    static double await(String before) throws InterruptedException {
        long started = System.nanoTime();
        long[] last = cpuTicks();
        if (last == null) {
            return 0;
        }
        double busy = 1;
        while (System.nanoTime() - started < AT_MOST.toNanos()) {
            Thread.sleep(1000);
            long[] now = cpuTicks();
            if (now == null) {
                break;
            }
            long total = now[0] - last[0];
            busy = total == 0 ? 0 : 1 - (double) (now[1] - last[1]) / total;
            last = now;
            if (busy < BUSY) {
                break;
            }
        }
        double waited = (System.nanoTime() - started) / 1e9;
        log.info(String.format(Locale.ROOT, "before %s: waited %.0f s for a quiet machine (%.0f%% busy)", before,
                waited, busy * 100));
        return waited;
    }

    /** Every core's ticks in all and idle (with waiting for I/O), from the first line of /proc/stat. */
    private static long[] cpuTicks() {
        try {
            String[] fields = Files.readAllLines(STAT).get(0).trim().split("\\s+");
            long total = 0;
            for (int i = 1; i < fields.length; i++) {
                total += Long.parseLong(fields[i]);
            }
            return new long[]{total, Long.parseLong(fields[4]) + Long.parseLong(fields[5])};
        } catch (IOException | RuntimeException noProcStat) {
            return null;
        }
    }
}
