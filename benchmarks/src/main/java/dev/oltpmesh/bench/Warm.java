package dev.oltpmesh.bench;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Runs a latency's own workload, unmeasured, until the JIT compiler has finished with it. The bulk
 * warm-up leaves a one-transaction-at-a-time path half compiled: measured then, 50 one-row commits a
 * second kept both cores busy, a third of it the compiler's, and the p50 fell from 134 to 35 ms over
 * three runs of the same load. The compiler's own clock says when it is done, not a guess at a length.
 */
final class Warm {

    /** One pass of the workload, for {@code seconds}. */
    interface Pass {
        void run(int seconds) throws Exception;
    }

    private static final Logger log = LoggerFactory.getLogger(Warm.class);
    static final int PASS_SECONDS = 5;
    /** Warm: the compiler worked less than this share of a pass's time. */
    static final double COMPILING_BELOW = 0.02;

    private Warm() {
    }

    /** @return what the warm-up took: passes, seconds and the compiler's share in the last pass */
    static Map<String, Object> up(String what, int atMostPasses, Pass pass) throws Exception {
        CompilationMXBean compiler = ManagementFactory.getCompilationMXBean();
        boolean measurable = compiler != null && compiler.isCompilationTimeMonitoringSupported();
        int passes = 0;
        double compiling = 1;
        while (passes < atMostPasses) {
            long before = measurable ? compiler.getTotalCompilationTime() : 0;
            pass.run(PASS_SECONDS);
            passes++;
            if (!measurable) {
                break;
            }
            compiling = (compiler.getTotalCompilationTime() - before) / (PASS_SECONDS * 1000.0);
            if (compiling < COMPILING_BELOW) {
                break;
            }
        }
        log.info(String.format(Locale.ROOT, "warm-up of %s: %d s, compiler busy %.1f%% of the last %d s", what,
                passes * PASS_SECONDS, compiling * 100, PASS_SECONDS));
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("seconds", passes * PASS_SECONDS);
        summary.put("compilerShareOfLastPass", compiling);
        return summary;
    }
}
