package org.stillframe.spark;

import java.util.Iterator;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import org.stillframe.pipeline.MoviePipeline;
import org.stillframe.pipeline.Prefetch;

/**
 * One task's movies, in order, as {@code motioncor -Serial 1} runs a list: one engine for them all (borrowed from
 * this JVM's {@link Engines}), and movie k+1 read ahead while movie k is computed. At most one movie is read ahead:
 * the read of k+2 starts only once k+1's read is done and its correction begins. Each outcome is recorded (by
 * {@link MovieRunner}) and handed to {@code done} as soon as its movie is finished, so a task killed midway loses
 * only the movie it was on.
 */
final class PartitionRunner {

    private PartitionRunner() {
    }

    static void run(Iterator<MovieEntry> movies, JobSpec spec, String device, int threads,
                    Consumer<MovieOutcome> done) {
        MoviePipeline engine = Engines.borrow(threads);
        boolean reusable = false;
        try (Prefetch prefetch = new Prefetch()) {
            MovieEntry current = movies.hasNext() ? movies.next() : null;
            Future<Prefetch.Span> currentRead = CompletableFuture.completedFuture(Prefetch.Span.NONE);
            while (current != null) {
                Prefetch.Span read = await(currentRead);
                MovieEntry next = movies.hasNext() ? movies.next() : null;
                Future<Prefetch.Span> nextRead = next == null ? null : prefetch.warm(next.location());
                done.accept(MovieRunner.run(current, spec, device, engine, read, line -> { }));
                current = next;
                currentRead = nextRead;
            }
            reusable = true;
        } finally {
            if (reusable) {
                Engines.giveBack(threads, engine);
            } else {
                engine.close(); // a task killed or failed midway: its workers may still be busy
            }
        }
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
}
