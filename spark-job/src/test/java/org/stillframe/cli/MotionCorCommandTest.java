package org.stillframe.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
import org.stillframe.testing.ShiftTables;

/** {@code stillframe motioncor} end to end on a simulated movie: outputs, logs, flags, exit codes. */
class MotionCorCommandTest {

    @TempDir
    static Path dir;
    static SimulationWriter.Files movie;
    static double[][] truth; // per frame: shift x, shift y (correction sign, frame 1 = 0)
    /** A low-dose movie (0.5 e/A^2/frame, thin contrast), where single frames are measured with visible noise. */
    static SimulationWriter.Files lowDose;
    static double[][] lowTruth;
    static final int LOW_FRAMES = 24;

    @BeforeAll
    static void simulate() throws Exception {
        SimulationParams p = SimulationParams.defaults(512, 512, 16, 77).withDose(4).withContrast(0.3);
        try (Workers w = new Workers(2)) {
            movie = SimulationWriter.write(p, dir, "movie", MrcMode.INT16, w);
            lowDose = SimulationWriter.write(SimulationParams.defaults(512, 512, LOW_FRAMES, 78).withDose(1)
                    .withContrast(0.2), dir, "lowdose", MrcMode.INT16, w);
        }
        truth = ShiftTables.truth(movie.truthTable());
        lowTruth = ShiftTables.truth(lowDose.truthTable());
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
        double[][] shifts = ShiftTables.shifts(log);
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
        double[][] shifts = ShiftTables.shifts(logs.resolve("movie-Full.log"));
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

    /**
     * -FmRef K registers the sum to frame K: the sum is the noise-free image moved by that frame's true motion
     * (sub-pixel correlation peak), while the logged shifts stay relative to frame 1; without -FmRef, the central
     * frame.
     */
    @Test
    void fmRefRegistersTheSumToTheChosenFrameAndLogsStayRelativeToFrameOne() throws Exception {
        float[] noiseFree = MotionCorFeaturesTest.image(movie.noiseFree());
        double[][] motion = ShiftTables.columns(movie.truthTable(), 1, 2);
        // -FmRef 0 = frame 1, 5 = frame 5, -1 = the central frame (0-based 16 / 2 = 8, frame 9); no -FmRef = the
        // central frame too (the default, as MotionCor2's).
        final int none = Integer.MIN_VALUE;
        int[][] cases = {{0, 0}, {5, 4}, {-1, 8}, {40, 15}, {none, 8}};
        for (int[] c : cases) {
            String name = c[0] == none ? "fmrefdefault" : "fmref" + (c[0] < 0 ? "m" + -c[0] : c[0]);
            Path logs = dir.resolve(name + "_logs");
            float[] sum = c[0] == none ? sumOf(name + ".mrc", "-LogDir", logs.toString())
                    : sumOf(name + ".mrc", "-FmRef", Integer.toString(c[0]), "-LogDir", logs.toString());
            double[] d = Registration.offset(sum, noiseFree, 512, 512);
            String at = (c[0] == none ? "default" : "-FmRef " + c[0]) + ": sum at (" + d[0] + ", " + d[1]
                    + "), frame " + (c[1] + 1) + " moved by (" + motion[c[1]][0] + ", " + motion[c[1]][1] + ")";
            assertEquals(motion[c[1]][0], d[0], 0.15, at);
            assertEquals(motion[c[1]][1], d[1], 0.15, at);
            double[][] logged = ShiftTables.shifts(logs.resolve("movie.shifts.tsv"));
            assertEquals(0, logged[0][0], 0, "frame 1 is the origin of the log");
            assertEquals(0, logged[0][1], 0, "frame 1 is the origin of the log");
            for (int i = 0; i < 16; i++) {
                assertEquals(truth[i][0], logged[i][0], 0.1, "-FmRef " + c[0] + ": logged x of frame " + (i + 1));
                assertEquals(truth[i][1], logged[i][1], 0.1, "-FmRef " + c[0] + ": logged y of frame " + (i + 1));
            }
        }
    }

    @Test
    void iterFlagCapsIterationsPerPass() {
        Object[] r = run(args(dir.resolve("iter.mrc").toString(), "-Iter", "1", "-Bft", "150"));
        assertEquals(2, iterationLines((String) r[1]).size(), (String) r[1]); // one coarse pass, one fine pass
        // With no tolerance the fine pass runs all 3 (the coarse one stops at its own 0.5 px, after at least 2).
        Object[] r3 = run(args(dir.resolve("iter3.mrc").toString(), "-Iter", "3", "-Bft", "150", "-Tol", "0"));
        int n3 = iterationLines((String) r3[1]).size();
        assertTrue(n3 >= 5 && n3 <= 6, (String) r3[1]);
    }

    /** -Tol: a pass stops at the first iteration (after its minimum) whose error is below the tolerance. */
    @Test
    void aLargeToleranceStopsEachPassAtItsFirstIterationBelowIt() {
        List<Double> loose = iterationErrors((String) run(args(dir.resolve("tol5.mrc").toString(), "-Tol", "5",
                "-Bft", "150"))[1]);
        List<Double> tight = iterationErrors((String) run(args(dir.resolve("tol0.mrc").toString(), "-Tol", "0.001",
                "-Bft", "150"))[1]);
        // The coarse pass runs at least 2 iterations, the fine one at least 1: the first errors below 5 px end them.
        assertEquals(3, loose.size(), "-Tol 5 errors " + loose);
        assertTrue(loose.get(1) < 5 && loose.get(2) < 5, "-Tol 5 errors " + loose);
        assertTrue(tight.size() > loose.size() + 2, "-Tol 0.001 ran " + tight.size() + " iterations: " + tight);
        assertTrue(tight.get(tight.size() - 1) < loose.get(loose.size() - 1), "tight " + tight + ", loose " + loose);
    }

    /**
     * -Bft B is used as given: no other B-factor is tried (the adaptive choice, which notes each candidate, is
     * off), and a strong B-factor low-passes the correlation, so that the shifts are measured from the coarsest
     * detail only and come out less accurate.
     */
    @Test
    void bftIsUsedAsGivenAndAStrongOneLowPassesTheCorrelation() throws Exception {
        Path logsDefault = dir.resolve("bft_default_logs");
        String adaptive = (String) run(args(dir.resolve("bft_default.mrc").toString(), "-LogDir",
                logsDefault.toString()))[1];
        assertTrue(adaptive.contains("Chosen B-factor"), adaptive);
        Path logsWeak = dir.resolve("bft_weak_logs");
        Path logsStrong = dir.resolve("bft_strong_logs");
        String weak = (String) run(args(dir.resolve("bft_weak.mrc").toString(), "-Bft", "150", "-LogDir",
                logsWeak.toString()))[1];
        String strong = (String) run(args(dir.resolve("bft_strong.mrc").toString(), "-Bft", "60000", "-LogDir",
                logsStrong.toString()))[1];
        for (String out : List.of(weak, strong)) {
            assertFalse(out.contains("B-factor"), "-Bft given, yet B-factors were tried: " + out);
        }
        double weakError = ShiftTables.rmsAgainstTruth(logsWeak.resolve("movie.shifts.tsv"), truth);
        double strongError = ShiftTables.rmsAgainstTruth(logsStrong.resolve("movie.shifts.tsv"), truth);
        assertTrue(weakError < 0.1, "-Bft 150: RMS error " + weakError);
        assertTrue(strongError > 3 * weakError, "-Bft 60000: RMS error " + strongError + " against " + weakError);
    }

    /**
     * -Smooth 1 removes measurement noise from the trajectory: on a low-dose movie, the frame-to-frame jitter of
     * the error against the truth is much larger with -Smooth 0 (B fixed, so smoothing is the only difference).
     */
    @Test
    void smoothingRemovesFrameToFrameJitterOnALowDoseMovie() throws Exception {
        double[] on = jitterAndRms(lowDoseShifts("smooth1", "-Smooth", "1", "-Bft", "500"));
        double[] off = jitterAndRms(lowDoseShifts("smooth0", "-Smooth", "0", "-Bft", "500"));
        assertTrue(off[0] > 5 * on[0], "jitter -Smooth 0 " + off[0] + " vs -Smooth 1 " + on[0]);
        assertTrue(off[1] > on[1], "RMS error -Smooth 0 " + off[1] + " vs -Smooth 1 " + on[1]);
    }

    /**
     * -Group G aligns sums of G frames: per-frame shifts are straight lines between the groups' centres (frames
     * 1.5, 5.5, ... 0-based for G = 4), and each group sits where its frames are on average, with less noise than
     * single frames are measured with on a low-dose movie (smoothing off, so grouping alone does it). The
     * reference for the groups is the truth put through the same rule: each group's mean true shift at its
     * centre, interpolated linearly (the rule cannot follow the fast early motion within a group).
     */
    @Test
    void groupAlignsSumsOfFramesAndInterpolatesBetweenGroupCentres() throws Exception {
        double[][] grouped = lowDoseShifts("group4", "-Group", "4", "-Smooth", "0", "-Bft", "500");
        double[][] single = lowDoseShifts("group1", "-Group", "1", "-Smooth", "0", "-Bft", "500");
        double groupedKink = 0;
        double singleKink = 0;
        for (int i = 3; i < LOW_FRAMES - 1; i += 4) {
            // Frames i and i + 1 and their neighbours lie between the same two centres, i − 1.5 and i + 2.5.
            for (int f = i; f <= i + 1 && f + 1 < LOW_FRAMES; f++) {
                groupedKink = Math.max(groupedKink, secondDifference(grouped, f));
                singleKink = Math.max(singleKink, secondDifference(single, f));
            }
        }
        double[][] groupRule = new double[LOW_FRAMES][2];
        double[] centres = new double[LOW_FRAMES / 4];
        double[][] means = new double[2][LOW_FRAMES / 4];
        for (int j = 0; j < centres.length; j++) {
            centres[j] = 4 * j + 1.5;
            for (int f = 4 * j; f < 4 * j + 4; f++) {
                means[0][j] += lowTruth[f][0] / 4;
                means[1][j] += lowTruth[f][1] / 4;
            }
        }
        for (int f = 0; f < LOW_FRAMES; f++) {
            int j = Math.min(centres.length - 2, Math.max(0, (int) Math.floor((f - 1.5) / 4)));
            double t = (f - centres[j]) / 4;
            for (int a = 0; a < 2; a++) {
                groupRule[f][a] = means[a][j] + t * (means[a][j + 1] - means[a][j]);
            }
        }
        double groupedError = ShiftTables.rmsAgainstTruth(grouped, groupRule);
        double singleError = ShiftTables.rmsAgainstTruth(single, lowTruth);
        assertTrue(groupedKink < 2e-3, "-Group 4 is not linear between group centres: " + groupedKink);
        assertTrue(singleKink > 0.05, "-Group 1 measures each frame: " + singleKink);
        assertTrue(groupedError < 0.7 * singleError, "RMS error -Group 4 " + groupedError + " against the group rule"
                + ", -Group 1 " + singleError + " against the truth");
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

    private static List<String> iterationLines(String stdout) {
        return stdout.lines().filter(l -> l.startsWith("Iteration")).toList();
    }

    /** The errors of the "Iteration n  Error: e" lines, in order. */
    private static List<Double> iterationErrors(String stdout) {
        return iterationLines(stdout).stream().map(l -> Double.parseDouble(l.substring(l.indexOf("Error:") + 6)
                .trim())).toList();
    }

    /** Corrects the low-dose movie with the flags given; returns the logged shifts. */
    private static double[][] lowDoseShifts(String name, String... extra) throws Exception {
        Path logs = dir.resolve(name + "_logs");
        List<String> a = new ArrayList<>(List.of("motioncor", "-InMrc", lowDose.movie().toString(), "-OutMrc",
                dir.resolve(name + ".mrc").toString(), "-Gain", lowDose.gain().toString(), "-LogDir",
                logs.toString()));
        a.addAll(List.of(extra));
        Object[] r = run(a.toArray(String[]::new));
        assertEquals(0, r[0], (String) r[2]);
        return ShiftTables.shifts(logs.resolve("lowdose.shifts.tsv"));
    }

    /** |s(f − 1) − 2 s(f) + s(f + 1)| (px). */
    private static double secondDifference(double[][] s, int f) {
        return Math.hypot(s[f - 1][0] - 2 * s[f][0] + s[f + 1][0], s[f - 1][1] - 2 * s[f][1] + s[f + 1][1]);
    }

    /**
     * {RMS of the frame-to-frame change of the error against the truth, RMS error}: jitter is what measurement
     * noise adds; a smooth bias changes little from frame to frame.
     */
    private static double[] jitterAndRms(double[][] shifts) {
        double s = 0;
        for (int i = 1; i < LOW_FRAMES; i++) {
            double ex = (shifts[i][0] - lowTruth[i][0]) - (shifts[i - 1][0] - lowTruth[i - 1][0]);
            double ey = (shifts[i][1] - lowTruth[i][1]) - (shifts[i - 1][1] - lowTruth[i - 1][1]);
            s += ex * ex + ey * ey;
        }
        return new double[] {Math.sqrt(s / (LOW_FRAMES - 1)), ShiftTables.rmsAgainstTruth(shifts, lowTruth)};
    }
}
