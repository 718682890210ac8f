package org.stillframe.parallel;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A fixed set of worker threads that split loops over frames (or patches). Each worker has an index
 * 0..count−1 so that callers can give it its own scratch buffers.
 */
public final class Workers implements AutoCloseable {

    /** Body of a parallel loop: called once per item with the index of the worker running it. */
    @FunctionalInterface
    public interface Body {
        void run(int worker, int item) throws Exception;
    }

    /** Reads item i (called in increasing order, one at a time) into the worker's buffers. */
    @FunctionalInterface
    public interface Reader {
        void read(int worker, int item) throws Exception;
    }

    private final int count;
    private final ExecutorService pool;

    public Workers(int count) {
        this.count = Math.max(1, count);
        this.pool = this.count == 1 ? null : Executors.newFixedThreadPool(this.count, r -> {
            Thread t = new Thread(r, "stillframe-worker");
            t.setDaemon(true);
            return t;
        });
    }

    /** Number of workers. */
    public int count() {
        return count;
    }

    /**
     * Runs body for items 0..n−1, spread over the workers; returns when all are done. When an item fails, no
     * worker starts another, and the first failure is thrown once every worker has stopped: a caller may free what
     * the workers use as soon as this returns or throws.
     */
    public void forEach(int n, Body body) {
        if (pool == null || n <= 1) {
            for (int i = 0; i < n; i++) {
                runOne(body, 0, i);
            }
            return;
        }
        AtomicInteger next = new AtomicInteger();
        List<Future<?>> futures = new ArrayList<>();
        int threads = Math.min(count, n);
        for (int w = 0; w < threads; w++) {
            final int worker = w;
            futures.add(pool.submit(() -> {
                try {
                    for (int i = next.getAndIncrement(); i < n; i = next.getAndIncrement()) {
                        runOne(body, worker, i);
                    }
                } catch (RuntimeException | Error e) {
                    next.set(n); // the other workers finish their item and stop
                    throw e;
                }
            }));
        }
        Throwable first = null;
        for (Future<?> f : futures) {
            try {
                f.get();
            } catch (InterruptedException e) {
                next.set(n);
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            } catch (ExecutionException e) {
                first = first == null ? e.getCause() : first;
            }
        }
        if (first instanceof RuntimeException re) {
            throw re;
        }
        if (first instanceof Error err) {
            throw err;
        }
        if (first != null) {
            throw new IllegalStateException(first);
        }
    }

    /**
     * Runs a read-then-compute loop: items are read strictly in order 0..n−1, one read at a time (so a
     * sequential or non-thread-safe source works), and each worker computes on the item it read while the
     * next worker reads the next item: reading overlaps computing.
     */
    public void forEachInOrder(int n, Reader reader, Body compute) {
        Object lock = new Object();
        int[] next = {0};
        forEach(Math.min(count, n), (worker, ignored) -> {
            while (true) {
                int item;
                synchronized (lock) {
                    item = next[0]++;
                    if (item >= n) {
                        return;
                    }
                    reader.read(worker, item);
                }
                compute.run(worker, item);
            }
        });
    }

    private static void runOne(Body body, int worker, int item) {
        try {
            body.run(worker, item);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Exception e) {
            throw new WorkerException(e);
        }
    }

    /** Wraps a checked exception thrown inside a parallel loop. */
    public static final class WorkerException extends RuntimeException {
        WorkerException(Exception cause) {
            super(cause.getMessage(), cause);
        }
    }

    @Override
    public void close() {
        if (pool != null) {
            pool.shutdownNow();
        }
    }
}
