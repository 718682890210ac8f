package org.stillframe.spark;

import java.util.Iterator;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import org.apache.spark.TaskContext;
import org.stillframe.pipeline.MoviePipeline;
import org.stillframe.pipeline.Prefetch;

/**
 * One task's movies, in order, as {@code motioncor -Serial 1} runs a list, with three stages in flight: movie k+1
 * read ahead and movie k-1's sums and logs written (on a writer thread) while movie k is computed, all with one
 * engine (borrowed from this JVM's {@link Engines}). At most one movie is read ahead (the read of k+2 starts only
 * once k+1's correction begins) and at most one waits to be written (its sums only, not its frames). Each outcome
 * is recorded (by {@link MovieRunner}) and handed to {@code done} as soon as its outputs are written, so a task
 * killed midway loses at most the movie it was computing and the one being written.
 */
final class PartitionRunner {

    private PartitionRunner() {
    }

    static void run(Iterator<MovieEntry> movies, JobSpec spec, String device, int threads,
                    Consumer<MovieOutcome> done) {
        MoviePipeline engine = Engines.borrow(threads);
        boolean reusable = false;
        boolean killed = false;
        ExecutorService writer = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "stillframe-writer");
            t.setDaemon(true);
            return t;
        });
        try (Prefetch prefetch = new Prefetch()) {
            MovieEntry current = movies.hasNext() ? movies.next() : null;
            Future<Prefetch.Span> currentRead = CompletableFuture.completedFuture(Prefetch.Span.NONE);
            Future<MovieOutcome> writing = null;
            while (current != null) {
                if (killed()) {
                    killed = true;
                    break;
                }
                Prefetch.Span read = await(currentRead);
                MovieEntry next = movies.hasNext() ? movies.next() : null;
                Future<Prefetch.Span> nextRead = next == null ? null : prefetch.warm(next.location());
                MovieRunner.Pending corrected = MovieRunner.correct(current, spec, device, engine, read, line -> { });
                if (killed()) { // killed midway (its result would read "interrupted"): record nothing of this movie
                    killed = true;
                    break;
                }
                if (writing != null) {
                    done.accept(finished(writing));
                }
                writing = writer.submit(corrected::finish);
                current = next;
                currentRead = nextRead;
            }
            if (writing != null && !killed) {
                done.accept(finished(writing));
            }
            reusable = !killed;
        } finally {
            if (killed) {
                writer.shutdown(); // the movie before, corrected whole, is still written and recorded
            } else {
                writer.shutdownNow();
            }
            if (reusable) {
                Engines.giveBack(threads, engine);
            } else {
                engine.close(); // a task killed or failed midway: its workers may still be busy
            }
        }
    }

    /**
     * Whether Spark killed this attempt (another attempt of the task won, or the job was cancelled): it then
     * interrupts the task's thread, and the movie in hand would end as a failure that is not the movie's.
     */
    private static boolean killed() {
        TaskContext task = TaskContext.get();
        return Thread.currentThread().isInterrupted() || (task != null && task.isInterrupted());
    }

    private static Prefetch.Span await(Future<Prefetch.Span> read) {
        try {
            return read.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Prefetch.Span.NONE;
        } catch (ExecutionException e) {
            return Prefetch.Span.NONE; // the movie's own read reports any problem
        }
    }

    /** The outcome of a movie being written; a write that could not even record its outcome fails the task. */
    private static MovieOutcome finished(Future<MovieOutcome> writing) {
        try {
            return writing.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while a movie's outputs were written", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        }
    }
}
