package org.stillframe.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stillframe.io.mrc.MrcMode;
import org.stillframe.io.mrc.MrcReader;
import org.stillframe.parallel.Workers;
import org.stillframe.sim.SimulationParams;
import org.stillframe.sim.io.SimulationWriter;

/** {@code stillframe motioncor} end to end on a simulated movie: outputs, logs, flags, exit codes. */
class MotionCorCommandTest {

    @TempDir
    static Path dir;
    static SimulationWriter.Files movie;
    static double[][] truth; // per frame: shift x, shift y (correction sign, frame 1 = 0)

    @BeforeAll
    static void simulate() throws Exception {
        SimulationParams p = SimulationParams.defaults(512, 512, 16, 77).withDose(4).withContrast(0.3);
        try (Workers w = new Workers(2)) {
            movie = SimulationWriter.write(p, dir, "movie", MrcMode.INT16, w);
        }
        truth = readTable(movie.truthTable(), 3, 4);
    }

    /** Runs the CLI; returns {exit status, stdout, stderr}. */
    static Object[] run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = Main.execute(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Object[] {status, out.toString(), err.toString()};
    }

    static String[] args(String out, String... extra) {
        List<String> a = new ArrayList<>(List.of("motioncor", "-InMrc", movie.movie().toString(), "-OutMrc", out,
                "-Gain", movie.gain().toString()));
        a.addAll(List.of(extra));
        return a.toArray(String[]::new);
    }

    @Test
    void writesTheSumAndTheFullLogWithShiftsMatchingTheTruth() throws Exception {
        Path out = dir.resolve("out/sum.mrc");
        Path logs = dir.resolve("logs");
        Object[] r = run(args(out.toString(), "-LogDir", logs.toString()));
        assertEquals(0, r[0], (String) r[2]);
        try (MrcReader sum = MrcReader.open(out)) {
            assertEquals(512, sum.width());
            assertEquals(1, sum.frameCount());
            assertEquals(1.0, sum.pixelSizeA(), 1e-6);
        }
        Path log = logs.resolve("movie-Full.log");
        double[][] shifts = readTable(log, 1, 2);
        assertEquals(16, shifts.length);
        assertEquals(0, shifts[0][0], 0);
        for (int i = 0; i < 16; i++) {
            assertEquals(truth[i][0], shifts[i][0], 0.1, "x of frame " + (i + 1));
            assertEquals(truth[i][1], shifts[i][1], 0.1, "y of frame " + (i + 1));
        }
        String stdout = (String) r[1];
        assertTrue(stdout.contains("Full-frame alignment shift"), stdout);
        assertTrue(stdout.contains("...... Frame (  1) shift:     0.000     0.000"), stdout);
        assertTrue(stdout.contains("...... Frame ( 16) shift:"), stdout);
    }

    @Test
    void throwAndTruncDropFramesFromTheLog() throws Exception {
        Path logs = dir.resolve("logs-throw");
        Object[] r = run(args(dir.resolve("throw.mrc").toString(), "-Throw", "2", "-Trunc", "3", "-LogDir",
                logs.toString()));
        assertEquals(0, r[0], (String) r[2]);
        double[][] shifts = readTable(logs.resolve("movie-Full.log"), 1, 2);
        assertEquals(11, shifts.length);
        // Frame 1 of the log is frame 3 of the movie: the log must follow frames 3..13 of the truth.
        double[] x = new double[11];
        double[] y = new double[11];
        double[] tx = new double[11];
        double[] ty = new double[11];
        for (int i = 0; i < 11; i++) {
            x[i] = shifts[i][0];
            y[i] = shifts[i][1];
            tx[i] = truth[i + 2][0];
            ty[i] = truth[i + 2][1];
        }
        double rms = org.stillframe.quality.ShiftError.rms(new org.stillframe.align.global.FrameShifts(x, y),
                new org.stillframe.align.global.FrameShifts(tx, ty));
        assertTrue(rms < 0.1, "RMS error " + rms + " against frames 3..13");
    }

    @Test
    void fmRefMovesTheSumAndFlagsChangeTheResult() throws Exception {
        float[] first = sumOf("first.mrc");
        float[] central = sumOf("central.mrc", "-FmRef", "-1");
        assertNotEquals(0, maxDifference(first, central), "-FmRef -1 must move the sum");
        String base = (String) run(args(dir.resolve("base.mrc").toString()))[1];
        for (String[] flag : new String[][] {{"-Bft", "3000"}, {"-PhaseOnly", "1"}, {"-Group", "4"}, {"-Iter", "1"},
                {"-Tol", "5"}, {"-Smooth", "0"}}) {
            Object[] r = run(args(dir.resolve("flag.mrc").toString(), flag));
            assertEquals(0, r[0], (String) r[2]);
            assertNotEquals(shiftLines(base), shiftLines((String) r[1]), flag[0] + " " + flag[1] + " changed nothing");
        }
    }

    @Test
    void iterFlagCapsIterationsPerPass() {
        Object[] r = run(args(dir.resolve("iter.mrc").toString(), "-Iter", "1", "-Bft", "150"));
        long lines = ((String) r[1]).lines().filter(l -> l.startsWith("Iteration")).count();
        assertEquals(2, lines, (String) r[1]); // one coarse pass, one fine pass
    }

    @Test
    void gpuFlagIsAcceptedAndSaysTheCpuRuns() {
        Object[] r = run(args(dir.resolve("gpu.mrc").toString(), "-Gpu", "0"));
        assertEquals(0, r[0]);
        assertTrue(((String) r[2]).contains("running on the CPU"), (String) r[2]);
    }

    @Test
    void flagsAreCaseInsensitiveAndListsMayUseCommas() {
        Object[] r = run("motioncor", "-inmrc", movie.movie().toString(), "-OUTMRC",
                dir.resolve("case.mrc").toString(), "-gain", movie.gain().toString(), "-bft", "150,100");
        assertEquals(0, r[0], (String) r[2]);
    }

    @Test
    void unsupportedAndUnknownFlagsAreErrorsThatSaySo() {
        Object[] tiff = run(args(dir.resolve("x.mrc").toString(), "-Crop", "100", "100"));
        assertEquals(2, tiff[0]);
        assertTrue(((String) tiff[2]).contains("-Crop is a MotionCor2 flag that stillframe does not support yet"));
        Object[] unknown = run(args(dir.resolve("x.mrc").toString(), "-Frobnicate", "1"));
        assertEquals(2, unknown[0]);
        assertTrue(((String) unknown[2]).contains("unknown flag -Frobnicate"));
        Object[] missing = run("motioncor", "-InMrc", movie.movie().toString());
        assertEquals(2, missing[0]);
        assertTrue(((String) missing[2]).contains("-OutMrc is required"));
        assertFalse(Files.exists(dir.resolve("x.mrc")));
    }

    @Test
    void aTruncatedMovieFailsWithOneLineAndLeavesNoOutput() throws Exception {
        Path bad = dir.resolve("bad/truncated.mrc");
        Files.createDirectories(bad.getParent());
        byte[] whole = Files.readAllBytes(movie.movie());
        Files.write(bad, java.util.Arrays.copyOf(whole, whole.length / 2));
        Path out = dir.resolve("bad/out.mrc");
        Object[] r = run("motioncor", "-InMrc", bad.toString(), "-OutMrc", out.toString(), "-LogDir",
                dir.resolve("bad/logs").toString());
        assertEquals(2, r[0]);
        String err = ((String) r[2]).strip();
        assertEquals(1, err.lines().count(), err);
        assertTrue(err.contains("truncated.mrc") && err.contains("truncated"), err);
        assertFalse(Files.exists(out));
        assertFalse(Files.exists(dir.resolve("bad/logs/truncated-Full.log")));
        try (Stream<Path> files = Files.walk(dir.resolve("bad"))) {
            assertTrue(files.noneMatch(p -> p.toString().endsWith(".part")));
        }
    }

    @Test
    void aGainOfTheWrongSizeIsNamedInTheError() throws Exception {
        Path small = dir.resolve("small_gain.mrc");
        org.stillframe.io.mrc.MrcWriter.writeImage(small, new float[64 * 64], 64, 64, 1);
        Object[] r = run("motioncor", "-InMrc", movie.movie().toString(), "-OutMrc",
                dir.resolve("g.mrc").toString(), "-Gain", small.toString());
        assertEquals(2, r[0]);
        assertTrue(((String) r[2]).contains("small_gain.mrc: gain reference is 64 x 64 but the movie's frames are "
                + "512 x 512"), (String) r[2]);
        assertFalse(Files.exists(dir.resolve("g.mrc")));
    }

    private float[] sumOf(String name, String... extra) throws Exception {
        Path out = dir.resolve(name);
        Object[] r = run(args(out.toString(), extra));
        assertEquals(0, r[0], (String) r[2]);
        try (MrcReader reader = MrcReader.open(out)) {
            float[] img = new float[512 * 512];
            reader.read(0, img);
            return img;
        }
    }

    private static double maxDifference(float[] a, float[] b) {
        double d = 0;
        for (int i = 0; i < a.length; i++) {
            d = Math.max(d, Math.abs(a[i] - b[i]));
        }
        return d;
    }

    private static List<String> shiftLines(String stdout) {
        return stdout.lines().filter(l -> l.contains("shift:")).toList();
    }

    /** Reads two numeric columns of a whitespace table, skipping comments and non-numeric lines. */
    static double[][] readTable(Path file, int colX, int colY) throws Exception {
        List<double[]> rows = new ArrayList<>();
        for (String line : Files.readAllLines(file)) {
            String[] t = line.trim().split("\\s+");
            if (line.startsWith("#") || t.length <= Math.max(colX, colY) || !t[0].matches("\\d+")) {
                continue;
            }
            rows.add(new double[] {Double.parseDouble(t[colX]), Double.parseDouble(t[colY])});
        }
        return rows.toArray(double[][]::new);
    }
}
