package org.stillframe.spark;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.apache.spark.sql.SparkSession;

/**
 * The job's Spark session, started on a background thread while the driver lists the dataset and checks what is
 * already done, so that the two (each 1–4 s) overlap instead of adding up. Started only for a fresh output folder:
 * a rerun may find every movie done and then needs no Spark at all.
 */
final class SessionAhead {

    private final StillframeJob.Options options;
    private final CompletableFuture<SparkSession> started;

    private SessionAhead(StillframeJob.Options options, boolean now) {
        this.options = options;
        this.started = now ? CompletableFuture.supplyAsync(() -> StillframeJob.session(options), runnable -> {
            Thread t = new Thread(runnable, "stillframe-spark-start");
            t.setDaemon(true);
            t.start();
        }) : null;
    }

    /** Starts the session now when {@code fresh}, else only when {@link #session} asks for it. */
    static SessionAhead startIf(boolean fresh, StillframeJob.Options options) {
        return new SessionAhead(options, fresh);
    }

    boolean startedAhead() {
        return started != null;
    }

    /** The session: the one started ahead (waiting for it), else a new one. */
    SparkSession session() {
        if (started == null) {
            return StillframeJob.session(options);
        }
        try {
            return started.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while Spark was starting", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        }
    }

    /** Waits for a start in flight to end, so that a run that fails before using it can stop it. */
    void settle() {
        if (started != null) {
            try {
                started.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (ExecutionException e) {
                // the run is failing already; its own error is the one to report
            }
        }
    }
}
