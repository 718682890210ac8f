package org.stillframe.sim.io;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Plays a data-collection session into a folder, the way detectors and EPU/SerialEM write: a movie already made
 * (staged elsewhere) is delivered whole at once, or slowly in chunks into its final name (a file that grows), or in
 * chunks under a temporary name ({@code NAME.part}) renamed into place at the end. For {@code stillframe job
 * --watch}'s tests and demo.
 */
public final class SessionPlayer {

    /** How a movie is written into the folder. */
    public enum Delivery {
        WHOLE, CHUNKED, RENAMED;

        /** The schedule: every {@code chunkedEvery}-th movie (1-based) grows in chunks, every {@code renamedEvery}-th
         * is written under a temporary name (0: never); a movie that is both is renamed. */
        public static Delivery of(int movie, int chunkedEvery, int renamedEvery) {
            if (renamedEvery > 0 && movie % renamedEvery == 0) {
                return RENAMED;
            }
            return chunkedEvery > 0 && movie % chunkedEvery == 0 ? CHUNKED : WHOLE;
        }
    }

    /** One delivered movie: when its writing started and when it was complete in the folder (epoch ms). */
    public record Played(Path movie, Delivery delivery, long startedMillis, long completeMillis) {
    }

    static final int CHUNKS = 4;

    private final double chunkSeconds;

    /** @param chunkSeconds how long a chunked or renamed delivery takes (its chunks spread over it) */
    public SessionPlayer(double chunkSeconds) {
        this.chunkSeconds = chunkSeconds;
    }

    /** Delivers {@code staged} as {@code target}, then deletes the staged file. */
    public Played deliver(Path staged, Path target, Delivery how) throws IOException, InterruptedException {
        long started = System.currentTimeMillis();
        if (how == Delivery.WHOLE) {
            Files.move(staged, target, StandardCopyOption.REPLACE_EXISTING);
            return new Played(target, how, started, System.currentTimeMillis());
        }
        Path writing = how == Delivery.RENAMED ? target.resolveSibling(target.getFileName() + ".part") : target;
        long size = Files.size(staged);
        long pause = Math.round(chunkSeconds * 1000 / (CHUNKS - 1));
        try (InputStream in = Files.newInputStream(staged);
             OutputStream out = Files.newOutputStream(writing, StandardOpenOption.CREATE,
                     StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
            for (int c = 0; c < CHUNKS; c++) {
                long length = size * (c + 1) / CHUNKS - size * c / CHUNKS;
                out.write(in.readNBytes((int) length));
                out.flush();
                if (c < CHUNKS - 1) {
                    Thread.sleep(pause);
                }
            }
        }
        if (how == Delivery.RENAMED) {
            Files.move(writing, target, StandardCopyOption.ATOMIC_MOVE);
        }
        Files.delete(staged);
        return new Played(target, how, started, System.currentTimeMillis());
    }
}
