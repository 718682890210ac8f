package org.stillframe.cli;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Batch mode's read-ahead: while one movie is computed, the next one is read through once on a background
 * thread so that its frames come from the page cache when its turn comes (MotionCor2's -Serial overlaps
 * loading with computing the same way).
 */
final class Prefetch implements AutoCloseable {

    private final ExecutorService thread = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "stillframe-prefetch");
        t.setDaemon(true);
        t.setPriority(Thread.MIN_PRIORITY);
        return t;
    });

    void warm(String location) {
        if (!org.stillframe.io.Storage.isLocal(location)) {
            return;
        }
        Path file = org.stillframe.io.Storage.localPath(location);
        thread.submit(() -> {
            try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
                ByteBuffer buf = ByteBuffer.allocateDirect(1 << 20);
                while (ch.read(buf) > 0) {
                    buf.clear();
                }
            } catch (IOException e) {
                // the movie's own turn reports any problem
            }
        });
    }

    @Override
    public void close() {
        thread.shutdownNow();
    }
}
