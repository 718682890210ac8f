package org.stillframe.gain;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.stillframe.cli.Main;
import org.stillframe.correct.CorrectionOptions;
import org.stillframe.correct.CorrectionResult;
import org.stillframe.correct.MovieCorrector;
import org.stillframe.correct.SumRequest;
import org.stillframe.io.DefectFile;
import org.stillframe.io.FrameSource;
import org.stillframe.io.formats.MovieFiles;
import org.stillframe.io.mrc.MrcMode;
import org.stillframe.parallel.Workers;
import org.stillframe.quality.Frc;
import org.stillframe.quality.ShiftError;
import org.stillframe.sim.Detector;
import org.stillframe.sim.MovieSimulator;
import org.stillframe.sim.SimulationParams;
import org.stillframe.sim.io.MovieSetWriter;
import org.stillframe.spark.TestSessions;

/**
 * {@code stillframe gain} on a simulated set of 20 movies (256² × 40 frames, 1 e/px/frame, specimen contrast 0.1)
 * recorded on one camera with a known sensitivity (±~10 %), two dead columns, a hot column, and dead and hot pixels.
 */
class GainEstimationTest {

    static final int SIZE = 256;
    static final int FRAMES = 40;
    static final int MOVIES = 20;
    static final long DETECTOR_SEED = 5;

    @TempDir
    static Path dir;
    static MovieSetWriter.Files set;
    static Detector detector;
    static SimulationParams params;
    static float[] estimated;       // the command's gain
    static boolean[] foundDefects;  // its defect file, read back
    static double[] counts;         // each pixel's raw counts over all movies

    @BeforeAll
    static void estimate() throws Exception {
        params = SimulationParams.defaults(SIZE, SIZE, FRAMES, 100);
        try (Workers w = new Workers(2)) {
            set = MovieSetWriter.write(params, MOVIES, DETECTOR_SEED, dir, "set", MrcMode.INT16, w);
        }
        detector = Detector.random(SIZE, SIZE, DETECTOR_SEED);
        Result r = gain("--movies", dir.resolve("set_0*.mrc").toString(), "--out", dir.resolve("gain.mrc").toString(),
                "--defects", dir.resolve("defects.txt").toString(), "--threads", "2");
        assertEquals(Main.OK, r.status, r.err);
        assertTrue(r.out.contains("20 movies, 800 frames"), r.out);
        estimated = image(dir.resolve("gain.mrc"));
        foundDefects = DefectFile.read(dir.resolve("defects.txt").toString(), SIZE, SIZE);
        counts = new double[SIZE * SIZE];
        float[] f = new float[SIZE * SIZE];
        for (Path movie : set.movies()) {
            try (FrameSource s = MovieFiles.open(movie.toString())) {
                for (int i = 0; i < s.frameCount(); i++) {
                    s.read(i, f);
                    for (int p = 0; p < f.length; p++) {
                        counts[p] += f[p];
                    }
                }
            }
        }
    }

    record Result(int status, String out, String err) {
    }

    static Result gain(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        String[] all = new String[args.length + 1];
        all[0] = "gain";
        System.arraycopy(args, 0, all, 1, args.length);
        int status = Main.execute(new PrintWriter(out, true), new PrintWriter(err, true), all);
        return new Result(status, out.toString(), err.toString());
    }

    static float[] image(Path file) throws Exception {
        try (FrameSource s = MovieFiles.open(file.toString())) {
            float[] a = new float[s.width() * s.height()];
            s.read(0, a);
            return a;
        }
    }

    /** Good in the truth and in the estimate. */
    static boolean[] good() {
        boolean[] truth = detector.defectMask();
        boolean[] g = new boolean[truth.length];
        for (int i = 0; i < g.length; i++) {
            g[i] = !truth[i] && !foundDefects[i] && estimated[i] > 0;
        }
        return g;
    }

    /** Relative error of the estimated sensitivity, both normalised to mean 1 over the good pixels; 0 elsewhere. */
    static double[] relativeError(boolean[] good) {
        float[] trueGain = detector.gainReference();
        double est = 0;
        double tru = 0;
        for (int i = 0; i < good.length; i++) {
            if (good[i]) {
                est += 1 / estimated[i];
                tru += 1 / trueGain[i];
            }
        }
        double[] e = new double[good.length];
        for (int i = 0; i < good.length; i++) {
            if (good[i]) {
                e[i] = (1 / estimated[i] / est) / (1 / trueGain[i] / tru) - 1;
            }
        }
        return e;
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void gainErrorIsWithin10PercentOfThePoissonLimit() {
        boolean[] good = good();
        double[] e = relativeError(good);
        double sq = 0;
        double poisson = 0; // mean over pixels of 1/N: the variance counting alone leaves
        int n = 0;
        for (int i = 0; i < good.length; i++) {
            if (good[i]) {
                sq += e[i] * e[i];
                poisson += 1 / counts[i];
                n++;
            }
        }
        double rms = Math.sqrt(sq / n);
        double limit = Math.sqrt(poisson / n);
        String at = "RMS relative error " + rms + ", Poisson limit " + limit;
        assertTrue(rms <= 1.10 * limit, at);
        assertTrue(rms >= 0.95 * limit, at + ": below the limit, so the comparison is wrong");
    }

    /**
     * The error averaged over 8 × 8 blocks: counting noise leaves 1/(64 N) of variance per block; the specimen, a
     * different one in each movie, leaves its average over the movies (the count-weighted mean transmission, which
     * any estimate from these movies carries). Nothing more: no smooth falloff left in, no stripes, no imprint of
     * the estimator's box level.
     */
    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void lowFrequencyErrorIsOnlyPoissonNoiseAndTheAveragedSpecimen() {
        boolean[] good = good();
        double[] e = relativeError(good);
        // The averaged specimen: Σ_m E_m / sensitivity, E_m a movie's noise-free raw sum, normalised to mean 1.
        double[] specimen = new double[good.length];
        float[] sensitivity = detector.sensitivity();
        for (int m = 0; m < MOVIES; m++) {
            float[] expected = new MovieSimulator(params.withSeed(params.seed() + m), detector).expectedRawSum();
            for (int i = 0; i < specimen.length; i++) {
                specimen[i] += expected[i] / sensitivity[i];
            }
        }
        double mean = 0;
        int n = 0;
        for (int i = 0; i < good.length; i++) {
            if (good[i]) {
                mean += specimen[i];
                n++;
            }
        }
        mean /= n;
        int b = 8;
        double errorVar = 0;
        double residualVar = 0;
        double specimenVar = 0;
        double poissonVar = 0;
        int blocks = 0;
        for (int by = 0; by < SIZE / b; by++) {
            for (int bx = 0; bx < SIZE / b; bx++) {
                double se = 0;
                double ss = 0;
                double inverseCounts = 0;
                int k = 0;
                for (int y = by * b; y < by * b + b; y++) {
                    for (int x = bx * b; x < bx * b + b; x++) {
                        int i = y * SIZE + x;
                        if (good[i]) {
                            se += e[i];
                            ss += specimen[i] / mean - 1;
                            inverseCounts += 1 / counts[i];
                            k++;
                        }
                    }
                }
                if (k < b * b / 2) {
                    continue;
                }
                errorVar += (se / k) * (se / k);
                residualVar += ((se - ss) / k) * ((se - ss) / k);
                specimenVar += (ss / k) * (ss / k);
                poissonVar += inverseCounts / k / k;
                blocks++;
            }
        }
        errorVar /= blocks;
        residualVar /= blocks;
        specimenVar /= blocks;
        poissonVar /= blocks;
        String at = String.format("8x8 blocks: error variance %.3g, Poisson %.3g, averaged specimen %.3g, error"
                + " without the specimen %.3g", errorVar, poissonVar, specimenVar, residualVar);
        assertTrue(residualVar <= 1.3 * poissonVar, at);
        assertTrue(errorVar <= 1.3 * (poissonVar + specimenVar), at);
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void findsThePlantedColumnsAndPixelsWithFewFalsePositives() throws Exception {
        boolean[] truth = DefectFile.read(set.defects().toString(), SIZE, SIZE);
        assertArrayEquals(detector.defectMask(), truth, "the true defect file round-trips through DefectFile");
        int missed = 0;
        int extra = 0;
        for (int i = 0; i < truth.length; i++) {
            if (truth[i] && !foundDefects[i]) {
                missed++;
            }
            if (!truth[i] && foundDefects[i]) {
                extra++;
            }
            assertEquals(foundDefects[i], estimated[i] == 0f, "gain 0 exactly at the defects, pixel " + i);
        }
        assertEquals(0, missed, "planted defect pixels not found");
        assertTrue(extra <= 5, extra + " good pixels called defects (no column among them allowed)");
        List<String> lines = Files.readAllLines(dir.resolve("defects.txt"));
        for (int x : new int[] {detector.deadColumns()[0], detector.deadColumns()[1], detector.hotColumns()[0]}) {
            assertTrue(lines.contains(x + " 0 1 " + SIZE), "column " + x + " as 'x 0 1 ny' in " + lines);
        }
    }

    /** A new movie on the camera, corrected with the estimated gain and defects, and with the true ones. */
    @Test
    @Timeout(value = 300, unit = TimeUnit.SECONDS)
    void correctingWithTheEstimatedGainMatchesTheTrueGain() throws Exception {
        // The set's exposure (so the estimate's own noise is 1/20 of the movie's), strong contrast so that a 256²
        // movie aligns to a fraction of a pixel at all.
        MovieSimulator movie = new MovieSimulator(SimulationParams.defaults(SIZE, SIZE, FRAMES, 999)
                .withContrast(0.5).withDrift(10), detector);
        CorrectionOptions options = CorrectionOptions.defaults();
        try (Workers w = new Workers(2)) {
            CorrectionResult withTrue = new MovieCorrector(w).correct(movie,
                    new GainCorrection(detector.gainReference(), null), detector.defectMask(), options,
                    SumRequest.plain(), null);
            CorrectionResult withEstimate = new MovieCorrector(w).correct(movie, new GainCorrection(estimated, null),
                    foundDefects, options, SumRequest.plain(), null);
            double rmsTrue = ShiftError.rms(withTrue.shifts(), movie.trueShifts());
            double rmsEstimate = ShiftError.rms(withEstimate.shifts(), movie.trueShifts());
            assertTrue(rmsEstimate <= rmsTrue + 0.02, "RMS shift error " + rmsEstimate + " px with the estimated gain, "
                    + rmsTrue + " px with the true one");
            assertEquals(withTrue.referenceIndex(), withEstimate.referenceIndex());
            float[] oracle = movie.noiseFree(withTrue.referenceIndex());
            double[] frcTrue = Frc.compute(withTrue.sum(), oracle, SIZE, SIZE, 8);
            double[] frcEstimate = Frc.compute(withEstimate.sum(), oracle, SIZE, SIZE, 8);
            // Within 0.02 of the FRC scale at every ring: the estimate's own noise is a fixed pattern 1/20 as strong
            // as the movie's counting noise (and the averaged specimen of 20 movies), so a little is lost.
            String rings = java.util.Arrays.toString(frcEstimate) + " with the estimated gain, "
                    + java.util.Arrays.toString(frcTrue) + " with the true one";
            for (int k = 0; k < 8; k++) {
                assertTrue(frcEstimate[k] >= frcTrue[k] - 0.02, "ring " + k + ": " + rings);
            }
        }
    }

    @Test
    @Timeout(value = 300, unit = TimeUnit.SECONDS)
    void sparkModeGivesTheLocalGainAndABadMovieFailsItInOneLine() throws Exception {
        TestSessions.kryo("local[2]");
        try {
            Path out = dir.resolve("spark_gain.mrc");
            Result r = gain("--movies", dir.resolve("set_0*.mrc").toString(), "--out", out.toString(), "--spark");
            assertEquals(Main.OK, r.status, r.err);
            float[] spark = image(out);
            for (int i = 0; i < spark.length; i++) {
                assertEquals(estimated[i], spark[i], 1e-5f * Math.abs(estimated[i]), "pixel " + i);
            }
            Path bad = badFolder("spark_bad");
            Path badOut = dir.resolve("spark_bad_gain.mrc");
            Result failed = gain("--movies", bad.toString(), "--out", badOut.toString(), "--spark");
            assertOneLineError(failed, bad.resolve("set_999.mrc"), badOut);
        } finally {
            TestSessions.stopRunning();
        }
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void aBadMovieGivesAOneLineErrorNamingItAndNoOutput() throws Exception {
        Path bad = badFolder("bad");
        Path out = dir.resolve("bad_out").resolve("gain.mrc");
        Path defects = dir.resolve("bad_out").resolve("defects.txt");
        Result r = gain("--movies", bad.toString(), "--out", out.toString(), "--defects", defects.toString(),
                "--threads", "2");
        assertOneLineError(r, bad.resolve("set_999.mrc"), out);
        assertFalse(Files.exists(defects));
    }

    /** Three good movies and a truncated one. */
    static Path badFolder(String name) throws Exception {
        Path bad = Files.createDirectories(dir.resolve(name));
        for (int m = 0; m < 3; m++) {
            Files.copy(set.movies().get(m), bad.resolve(set.movies().get(m).getFileName()));
        }
        byte[] bytes = Files.readAllBytes(set.movies().get(3));
        Files.write(bad.resolve("set_999.mrc"), java.util.Arrays.copyOf(bytes, bytes.length / 2));
        return bad;
    }

    static void assertOneLineError(Result r, Path badMovie, Path out) throws Exception {
        assertEquals(Main.BAD_INPUT, r.status, r.out + r.err);
        String err = r.err.strip();
        assertFalse(err.contains("\n"), "one line: " + err);
        assertTrue(err.startsWith("stillframe gain: ") && err.contains(badMovie.toString()), err);
        assertFalse(Files.exists(out), "no gain written");
        Path parent = out.toAbsolutePath().getParent();
        if (Files.isDirectory(parent)) {
            try (var files = Files.list(parent)) {
                assertTrue(files.noneMatch(p -> p.getFileName().toString().endsWith(".part")), "no partial file");
            }
        }
    }
}
