package org.stillframe.spark;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.spark.SparkContext;
import org.apache.spark.scheduler.AccumulableInfo;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerExecutorMetricsUpdate;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.util.LongAccumulator;
import org.stillframe.watch.SessionMonitor;
import scala.Tuple4;
import scala.jdk.javaapi.CollectionConverters;

/**
 * Prints movies done / failed / remaining, the throughput and an ETA while the job runs. A task runs several
 * movies and its accumulators reach the driver's values only when it ends, so the counts of running tasks are
 * taken from the executors' heartbeats ({@code spark.executor.heartbeatInterval}): a failure shows within a
 * heartbeat of happening, not at the end of its task's partition.
 */
final class Progress implements AutoCloseable {

    private final SparkContext sc;
    private final LongAccumulator ok;
    private final LongAccumulator failed;
    private final LongAccumulator bytes;
    private final int total;
    private final long totalBytes;
    private final PrintWriter out;
    private final long start = System.nanoTime();
    private final ScheduledExecutorService timer;
    /** Per running task: ok, failed, bytes done, as its last heartbeat said. */
    private final Map<Long, long[]> running = new ConcurrentHashMap<>();
    private final Set<Long> ended = ConcurrentHashMap.newKeySet();
    private final SparkListener listener = new SparkListener() {
        @Override
        public void onExecutorMetricsUpdate(SparkListenerExecutorMetricsUpdate update) {
            for (Tuple4<Object, Object, Object, scala.collection.immutable.Seq<AccumulableInfo>> t
                    : CollectionConverters.asJava(update.accumUpdates())) {
                long task = (Long) t._1();
                if (ended.contains(task)) {
                    continue;
                }
                long[] v = running.computeIfAbsent(task, k -> new long[3]);
                for (AccumulableInfo a : CollectionConverters.asJava(t._4())) {
                    if (a.update().isDefined() && a.update().get() instanceof Long n) {
                        int i = a.id() == ok.id() ? 0 : a.id() == failed.id() ? 1 : a.id() == bytes.id() ? 2 : -1;
                        if (i >= 0) {
                            v[i] = n;
                        }
                    }
                }
            }
        }

        @Override
        public void onTaskEnd(SparkListenerTaskEnd end) {
            ended.add(end.taskInfo().taskId());
            running.remove(end.taskInfo().taskId()); // its counts are in the accumulators now
        }
    };
    private long lastPrinted = -1;

    Progress(SparkContext sc, LongAccumulator ok, LongAccumulator failed, LongAccumulator bytes, int total,
             long totalBytes, PrintWriter out, double everySeconds) {
        this.sc = sc;
        this.ok = ok;
        this.failed = failed;
        this.bytes = bytes;
        this.total = total;
        this.totalBytes = totalBytes;
        this.out = out;
        sc.addSparkListener(listener);
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "stillframe-progress");
            t.setDaemon(true);
            return t;
        });
        long period = Math.max(100, (long) (everySeconds * 1000));
        timer.scheduleAtFixedRate(this::print, period, period, TimeUnit.MILLISECONDS);
    }

    synchronized void print() {
        long okNow = ok.value();
        long failedNow = failed.value();
        long bytesNow = bytes.value();
        for (long[] v : running.values()) {
            okNow += v[0];
            failedNow += v[1];
            bytesNow += v[2];
        }
        // a task's heartbeat counts and its merged accumulators may briefly overlap at its end
        long done = Math.min(total, okNow + failedNow);
        if (done == lastPrinted) {
            return;
        }
        lastPrinted = done;
        double seconds = (System.nanoTime() - start) * 1e-9;
        out.printf(Locale.ROOT,
                "Progress: %d of %d movies done (%d ok, %d failed), %d remaining, %.2f movies/min, ETA %s%n",
                done, total, Math.min(total, okNow), Math.min(total, failedNow), total - done,
                seconds > 0 ? done * 60 / seconds : 0.0, eta(seconds, done, Math.min(totalBytes, bytesNow)));
        out.flush();
    }

    /**
     * Time left at the rate so far: by bytes when the sizes are known (movies of different sizes take different
     * times), else by movie count.
     */
    String eta(double seconds, long done, long bytesDone) {
        if (done >= total) {
            return "0 s";
        }
        double left;
        if (totalBytes > 0 && bytesDone > 0) {
            left = seconds * (totalBytes - bytesDone) / bytesDone;
        } else if (done > 0) {
            left = seconds * (total - done) / done;
        } else {
            return "unknown";
        }
        return SessionMonitor.duration(left);
    }

    @Override
    public void close() {
        timer.shutdownNow();
        sc.removeSparkListener(listener);
        print();
    }
}
