package org.stillframe.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stillframe.io.formats.MovieFiles;
import org.stillframe.sim.MovieSimulator;
import org.stillframe.sim.SimulationParams;

/**
 * What every {@link FrameSource} promises, whatever the format: one small simulated movie (whole electron counts,
 * so every format stores it exactly) is written by each subclass in its format, then read back. The checks: the
 * header facts, every frame's pixels, frames read in any order and (where the source says so) from several
 * threads at once, a truncated copy failing with one {@link BadInputException} that names the file, and close()
 * releasing the file and any scratch copy.
 */
public abstract class FrameSourceContract {

    /** 96 x 64 (not square, so a transposition shows), 4 frames, ~1.6 electrons per pixel, no gain pattern. */
    protected static final SimulationParams MOVIE = SimulationParams.defaults(96, 64, 4, 18).withGain(false)
            .withPixelSize(1.25);

    private static final Path PROC_FDS = Path.of("/proc/self/fd");

    private static float[][] expected;

    @TempDir
    protected Path dir;

    private Path scratch;
    private Path movie;

    /** Writes {@link #MOVIE} in this format under {@code folder}; returns the file. */
    protected abstract Path write(Path folder) throws Exception;

    /** The pixel size the format's header gives for {@link #MOVIE} (NaN when the format stores none). */
    protected abstract double expectedPixelSizeA();

    /** Raw frames per movie frame: the source's frames, summed in runs of this many, give the movie's (EER). */
    protected int rawFramesPerFrame() {
        return 1;
    }

    /** Opens a file as the pipeline does; decompressed copies go to {@code options}' scratch folder. */
    protected FrameSource open(Path file, MovieReadOptions options) throws IOException {
        return MovieFiles.open(file.toString(), options);
    }

    /** The name the source's messages use for {@code file}. */
    protected String nameOf(Path file) {
        return file.toString();
    }

    @BeforeEach
    void writeTheMovie() throws Exception {
        scratch = Files.createDirectories(dir.resolve("scratch"));
        movie = write(Files.createDirectories(dir.resolve("movie")));
    }

    private FrameSource open(Path file) throws IOException {
        return open(file, MovieReadOptions.DEFAULT.withScratchDir(scratch));
    }

    /** The simulated frames, as the simulator makes them. */
    protected static synchronized float[][] expectedFrames() throws IOException {
        if (expected == null) {
            MovieSimulator sim = new MovieSimulator(MOVIE);
            float[][] f = new float[MOVIE.frames()][MOVIE.width() * MOVIE.height()];
            for (int k = 0; k < f.length; k++) {
                sim.read(k, f[k]);
            }
            expected = f;
        }
        return expected;
    }

    @Test
    void headerGivesTheMoviesSizeFramesAndPixelSize() throws Exception {
        try (FrameSource s = open(movie)) {
            assertEquals(MOVIE.width(), s.width());
            assertEquals(MOVIE.height(), s.height());
            assertEquals(MOVIE.frames() * rawFramesPerFrame(), s.frameCount());
            assertEquals(expectedPixelSizeA(), s.pixelSizeA(), 1e-6);
            assertEquals(nameOf(movie), s.name());
        }
    }

    @Test
    void everyFrameHoldsExactlyTheWrittenCounts() throws Exception {
        int raw = rawFramesPerFrame();
        try (FrameSource s = open(movie)) {
            float[][] read = readAll(s, order(s.frameCount(), null));
            for (int k = 0; k < MOVIE.frames(); k++) {
                float[] frame = new float[read[0].length];
                for (int r = 0; r < raw; r++) {
                    float[] part = read[k * raw + r];
                    for (int i = 0; i < frame.length; i++) {
                        frame[i] += part[i];
                    }
                }
                assertArrayEquals(expectedFrames()[k], frame, s.name() + ": frame " + (k + 1));
            }
        }
    }

    @Test
    void framesReadInAnyOrderAreTheSame() throws Exception {
        try (FrameSource s = open(movie)) {
            int n = s.frameCount();
            float[][] forward = readAll(s, order(n, null));
            float[][] backward = readAll(s, reversed(order(n, null)));
            float[][] shuffled = readAll(s, order(n, new Random(7)));
            for (int k = 0; k < n; k++) {
                assertArrayEquals(forward[k], backward[k], "frame " + (k + 1) + " read backwards");
                assertArrayEquals(forward[k], shuffled[k], "frame " + (k + 1) + " read shuffled");
            }
        }
    }

    @Test
    void framesReadFromSeveralThreadsAtOnceAreTheSameWhereTheSourceAllowsIt() throws Exception {
        try (FrameSource s = open(movie)) {
            assumeTrue(s.concurrentReads(), "reads one thread at a time");
            int n = s.frameCount();
            float[][] forward = readAll(s, order(n, null));
            ExecutorService pool = Executors.newFixedThreadPool(4);
            try {
                List<Future<float[][]>> runs = new ArrayList<>();
                for (int t = 0; t < 4; t++) {
                    int[] each = order(n, new Random(t));
                    runs.add(pool.submit(() -> readAll(s, each)));
                }
                for (Future<float[][]> run : runs) {
                    float[][] got = run.get();
                    for (int k = 0; k < n; k++) {
                        assertArrayEquals(forward[k], got[k], "frame " + (k + 1) + " read concurrently");
                    }
                }
            } finally {
                pool.shutdownNow();
            }
        }
    }

    @Test
    void aTruncatedCopyIsOneBadInputNamingTheFile() throws Exception {
        byte[] whole = Files.readAllBytes(movie);
        for (int keep : new int[] {whole.length / 2, whole.length * 9 / 10}) {
            Path cut = dir.resolve("cut" + keep).resolve(movie.getFileName());
            Files.createDirectories(cut.getParent());
            Files.write(cut, Arrays.copyOf(whole, keep));
            BadInputException e = assertThrows(BadInputException.class, () -> {
                try (FrameSource s = open(cut)) {
                    readAll(s, order(s.frameCount(), null));
                }
            }, "a copy cut to " + keep + " of " + whole.length + " bytes");
            assertTrue(e.getMessage().startsWith(nameOf(cut) + ": "), e.getMessage());
            assertFalse(e.getMessage().contains("\n"), e.getMessage());
        }
    }

    @Test
    void closeReleasesTheFileAndAnyScratchCopy() throws Exception {
        try (FrameSource s = open(movie)) {
            s.read(s.frameCount() - 1, new float[s.width() * s.height()]);
            if (Files.isDirectory(PROC_FDS)) { // the check below sees open files at all
                assertFalse(openFilesUnder(dir).isEmpty(), "no file seen open while the source is open");
            }
        }
        assertEquals(0, filesIn(scratch), "scratch copies left after close");
        List<Path> open = openFilesUnder(dir);
        assertTrue(open.isEmpty(), "still open after close: " + open);
    }

    private static float[][] readAll(FrameSource s, int[] order) throws IOException {
        float[][] f = new float[s.frameCount()][];
        for (int k : order) {
            f[k] = new float[s.width() * s.height()];
            s.read(k, f[k]);
        }
        return f;
    }

    /** 0..n-1, shuffled when a generator is given. */
    private static int[] order(int n, Random shuffle) {
        int[] o = new int[n];
        for (int i = 0; i < n; i++) {
            o[i] = i;
        }
        for (int i = n - 1; shuffle != null && i > 0; i--) {
            int j = shuffle.nextInt(i + 1);
            int t = o[i];
            o[i] = o[j];
            o[j] = t;
        }
        return o;
    }

    private static int[] reversed(int[] o) {
        int[] r = new int[o.length];
        for (int i = 0; i < o.length; i++) {
            r[i] = o[o.length - 1 - i];
        }
        return r;
    }

    private static long filesIn(Path folder) throws IOException {
        try (Stream<Path> s = Files.list(folder)) {
            return s.count();
        }
    }

    /** This JVM's open file descriptors on files under {@code folder} (Linux's /proc; none elsewhere). */
    private static List<Path> openFilesUnder(Path folder) throws IOException {
        List<Path> open = new ArrayList<>();
        if (!Files.isDirectory(PROC_FDS)) {
            return open;
        }
        Path root = folder.toRealPath();
        try (Stream<Path> s = Files.list(PROC_FDS)) {
            for (Path fd : (Iterable<Path>) s::iterator) {
                try {
                    Path target = Files.readSymbolicLink(fd);
                    if (target.startsWith(root)) {
                        open.add(target);
                    }
                } catch (IOException e) {
                    // closed between listing and reading: not open
                }
            }
        }
        return open;
    }
}
