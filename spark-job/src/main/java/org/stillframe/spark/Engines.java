package org.stillframe.spark;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.stillframe.pipeline.MoviePipeline;

/**
 * The per-movie engines of one executor JVM, reused by every task that runs there. A {@link MoviePipeline} owns a
 * worker pool whose worker indices key the callers' scratch buffers, so two tasks must not drive one pipeline at
 * the same time (they would also split its threads between them): a running task borrows an engine of its thread
 * count for its whole partition and gives it back; the next task takes it, worker pool, FFT plans (process-wide
 * in {@code FftPlans}) and wisdom already loaded. So this JVM builds at most as many engines per thread count as
 * tasks ever ran there at once. Idle engines stay until the executor exits (their threads are daemons).
 */
final class Engines {

    private static final Map<Integer, Deque<MoviePipeline>> IDLE = new HashMap<>();
    private static final AtomicInteger BUILT = new AtomicInteger();

    private Engines() {
    }

    /** An idle engine with {@code threads} workers, or a new one when every such engine is in use. */
    static MoviePipeline borrow(int threads) {
        synchronized (IDLE) {
            Deque<MoviePipeline> idle = IDLE.get(threads);
            if (idle != null && !idle.isEmpty()) {
                return idle.pop();
            }
        }
        BUILT.incrementAndGet();
        return new MoviePipeline(threads);
    }

    /** Returns an engine borrowed with {@code threads} for the next task. */
    static void giveBack(int threads, MoviePipeline engine) {
        synchronized (IDLE) {
            IDLE.computeIfAbsent(threads, t -> new ArrayDeque<>()).push(engine);
        }
    }

    /** How many engines this JVM has built (tests: reuse across movies and tasks). */
    static int built() {
        return BUILT.get();
    }
}
