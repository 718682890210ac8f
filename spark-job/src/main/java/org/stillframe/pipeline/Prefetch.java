package org.stillframe.pipeline;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.stillframe.io.Storage;

/**
 * Read-ahead for a sequence of movies (motioncor -Serial 1, a job task over its partition): while one movie is
 * computed, the next one is read through once on a background thread so that its frames come from the page cache
 * when its turn comes (MotionCor2's -Serial overlaps loading with computing the same way). Nothing is held in the
 * JVM: the movie read ahead lives in the OS page cache, one movie per caller that waits for each read before
 * starting the next one.
 */
public final class Prefetch implements AutoCloseable {

    /** When a movie was read through (epoch ms); both 0 when it was not (remote storage, not read ahead). */
    public record Span(long startMs, long endMs) {
        public static final Span NONE = new Span(0, 0);
    }

    private final ExecutorService thread = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "stillframe-prefetch");
        t.setDaemon(true);
        t.setPriority(Thread.MIN_PRIORITY);
        return t;
    });

    /** Starts reading {@code location} through; the future gives when it was read ({@link Span#NONE}: not read). */
    public Future<Span> warm(String location) {
        if (!Storage.isLocal(location)) {
            return CompletableFuture.completedFuture(Span.NONE);
        }
        Path file = Storage.localPath(location);
        return thread.submit(() -> {
            long start = System.currentTimeMillis();
            try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
                ByteBuffer buf = ByteBuffer.allocateDirect(1 << 20);
                while (ch.read(buf) > 0) {
                    buf.clear();
                }
            } catch (IOException e) {
                // the movie's own turn reports any problem
            }
            return new Span(start, System.currentTimeMillis());
        });
    }

    @Override
    public void close() {
        thread.shutdownNow();
    }
}
