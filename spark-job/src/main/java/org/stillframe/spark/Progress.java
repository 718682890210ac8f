package org.stillframe.spark;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.spark.util.LongAccumulator;

/** Prints movies done / failed / remaining and the throughput while the job runs (from task accumulators). */
final class Progress implements AutoCloseable {

    private final LongAccumulator ok;
    private final LongAccumulator failed;
    private final int total;
    private final PrintWriter out;
    private final long start = System.nanoTime();
    private final ScheduledExecutorService timer;
    private long lastPrinted = -1;

    Progress(LongAccumulator ok, LongAccumulator failed, int total, PrintWriter out, double everySeconds) {
        this.ok = ok;
        this.failed = failed;
        this.total = total;
        this.out = out;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "stillframe-progress");
            t.setDaemon(true);
            return t;
        });
        long period = Math.max(100, (long) (everySeconds * 1000));
        timer.scheduleAtFixedRate(this::print, period, period, TimeUnit.MILLISECONDS);
    }

    synchronized void print() {
        long done = ok.value() + failed.value();
        if (done == lastPrinted) {
            return;
        }
        lastPrinted = done;
        double minutes = (System.nanoTime() - start) * 1e-9 / 60;
        out.printf(Locale.ROOT, "Progress: %d of %d movies done (%d ok, %d failed), %d remaining, %.2f movies/min%n",
                done, total, ok.value(), failed.value(), total - done, minutes > 0 ? done / minutes : 0.0);
        out.flush();
    }

    @Override
    public void close() {
        timer.shutdownNow();
        print();
    }
}
