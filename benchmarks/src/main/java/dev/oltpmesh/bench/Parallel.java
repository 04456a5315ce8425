package dev.oltpmesh.bench;

import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/** Runs work items on a fixed number of threads and says how long it took. */
public final class Parallel {

    public interface Work<T> {
        void run(T item) throws Exception;
    }

    private Parallel() {
    }

    /** Every item once, on {@code threads} threads; the first failure stops the run and is thrown. */
    public static <T> long run(int threads, List<T> items, Work<T> work) throws Exception {
        AtomicInteger next = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        long started = System.nanoTime();
        try {
            List<Future<Object>> futures = new java.util.ArrayList<>();
            for (int t = 0; t < threads; t++) {
                futures.add(pool.submit(() -> {
                    for (int i = next.getAndIncrement(); i < items.size(); i = next.getAndIncrement()) {
                        work.run(items.get(i));
                    }
                    return null;
                }));
            }
            for (Future<Object> f : futures) {
                f.get();
            }
            return System.nanoTime() - started;
        } finally {
            pool.shutdownNow();
        }
    }

    public static double perSecond(long count, long nanos) {
        return Math.round(count * 1e9 / nanos * 10) / 10.0;
    }
}
