package org.stillframe.sim.io;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.stillframe.io.AtomicFiles;

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

    /** Makes movie {@code m} (0-based) as the file {@code staged}. */
    public interface MovieMaker {
        void make(int m, Path staged) throws IOException;
    }

    static final int CHUNKS = 4;
    /** Deliveries that may overlap (a slow transfer while the next movie is written). */
    private static final int DELIVERIES = 4;

    private final double intervalSeconds;
    private final double chunkSeconds;
    private final int chunkedEvery;
    private final int renamedEvery;

    /**
     * @param intervalSeconds a movie starts being written every this many seconds
     * @param chunkSeconds    how long a chunked or renamed delivery takes (its chunks spread over it)
     * @param chunkedEvery    see {@link Delivery#of}
     * @param renamedEvery    see {@link Delivery#of}
     */
    public SessionPlayer(double intervalSeconds, double chunkSeconds, int chunkedEvery, int renamedEvery) {
        this.intervalSeconds = intervalSeconds;
        this.chunkSeconds = chunkSeconds;
        this.chunkedEvery = chunkedEvery;
        this.renamedEvery = renamedEvery;
    }

    /**
     * Plays {@code names.size()} movies into {@code folder}: each made in {@code staging} just before its turn, then
     * delivered at its time; a line per delivered movie in {@code playedTsv} (name, delivery, started and complete,
     * epoch ms) and in {@code log}.
     */
    public List<Played> play(List<String> names, MovieMaker maker, Path staging, Path folder, Path playedTsv,
                             PrintWriter log) throws IOException {
        Files.createDirectories(staging);
        Files.createDirectories(folder);
        AtomicFiles.writeString(playedTsv, "movie\tdelivery\tstarted_ms\tcomplete_ms\n");
        ExecutorService deliveries = Executors.newFixedThreadPool(DELIVERIES);
        List<Future<Played>> pending = new ArrayList<>();
        long start = System.currentTimeMillis();
        try {
            for (int m = 0; m < names.size(); m++) {
                Path staged = staging.resolve(names.get(m));
                maker.make(m, staged);
                long wait = start + Math.round(m * intervalSeconds * 1000) - System.currentTimeMillis();
                if (wait > 0) {
                    Thread.sleep(wait);
                }
                Delivery how = Delivery.of(m + 1, chunkedEvery, renamedEvery);
                Path target = folder.resolve(names.get(m));
                pending.add(deliveries.submit(() -> {
                    Played p = deliver(staged, target, how);
                    String kind = how.name().toLowerCase(Locale.ROOT);
                    synchronized (this) {
                        Files.writeString(playedTsv, String.format(Locale.ROOT, "%s\t%s\t%d\t%d%n",
                                target.getFileName(), kind, p.startedMillis(), p.completeMillis()),
                                StandardOpenOption.APPEND);
                        log.printf(Locale.ROOT, "%s %s%n", target.getFileName(), kind);
                        log.flush();
                    }
                    return p;
                }));
            }
            List<Played> played = new ArrayList<>();
            for (Future<Played> f : pending) {
                played.add(f.get());
            }
            return played;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while playing the session", e);
        } catch (ExecutionException e) {
            throw new IOException("delivering a movie: " + e.getCause().getMessage(), e.getCause());
        } finally {
            deliveries.shutdownNow();
            try (var left = Files.list(staging)) {
                if (left.findAny().isEmpty()) {
                    Files.delete(staging);
                }
            }
        }
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
