package org.stillframe.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stillframe.gain.GainOrientation;
import org.stillframe.io.mrc.MrcHeader;
import org.stillframe.io.mrc.MrcMode;
import org.stillframe.io.mrc.MrcReader;
import org.stillframe.io.mrc.MrcWriter;
import org.stillframe.parallel.Workers;
import org.stillframe.quality.Frc;
import org.stillframe.correct.MovieFrames;
import org.stillframe.sim.MovieSimulator;
import org.stillframe.sim.SimulationParams;
import org.stillframe.sim.io.SimulationWriter;
import org.stillframe.testing.ShiftTables;

/** The MotionCor2 per-movie flags of issue 4, each shown to change what it should. */
class MotionCorFeaturesTest {

    static final int SIZE = 512;
    static final int FRAMES = 16;

    @TempDir
    static Path dir;
    static SimulationWriter.Files movie;
    /** The same kind of movie without drift: detector patterns (gain, defects) then stay put in the sum. */
    static SimulationWriter.Files still;
    static float[] gain;
    static float[] noiseFree;

    @BeforeAll
    static void simulate() throws Exception {
        SimulationParams p = SimulationParams.defaults(SIZE, SIZE, FRAMES, 91).withDose(4).withContrast(0.3);
        try (Workers w = new Workers(2)) {
            movie = SimulationWriter.write(p, dir, "movie", MrcMode.INT16, w);
            still = SimulationWriter.write(p.withDrift(0), dir, "still", MrcMode.INT16, w);
        }
        gain = image(movie.gain());
        noiseFree = image(movie.noiseFree());
    }

    static Object[] run(String... args) {
        return MotionCorCommandTest.run(args);
    }

    static List<String> base(Path out, String... extra) {
        List<String> a = new ArrayList<>(List.of("motioncor", "-InMrc", movie.movie().toString(), "-OutMrc",
                out.toString()));
        a.addAll(List.of(extra));
        return a;
    }

    static Object[] ok(List<String> args) {
        Object[] r = run(args.toArray(String[]::new));
        assertEquals(0, r[0], (String) r[2]);
        return r;
    }

    static float[] image(Path file) throws Exception {
        try (MrcReader r = MrcReader.open(file)) {
            float[] img = new float[r.width() * r.height()];
            r.read(0, img);
            return img;
        }
    }

    /** Mean FRC with the noise-free image over the lowest rings, where the gain's smooth pattern lives. */
    static double lowFrc(float[] sum) {
        double[] frc = Frc.compute(sum, noiseFree, SIZE, SIZE, 16);
        return (frc[0] + frc[1] + frc[2]) / 3;
    }

    static double maxDiff(float[] a, float[] b) {
        double d = 0;
        for (int i = 0; i < a.length; i++) {
            d = Math.max(d, Math.abs(a[i] - b[i]));
        }
        return d;
    }

    @Test
    void rotatedAndFlippedGainWithMatchingFlagsGivesTheSameSumAndAWrongOneIsWorse() throws Exception {
        GainOrientation wanted = new GainOrientation(1, 1);
        float[] gain = image(still.gain());
        // The file holds the gain turned so that applying -RotGain 1 -FlipGain 1 restores it.
        float[] stored = null;
        for (GainOrientation candidate : GainOrientation.all()) {
            float[] c = candidate.apply(gain, SIZE, SIZE);
            if (maxDiff(wanted.apply(c, SIZE, SIZE), gain) == 0) {
                stored = c;
            }
        }
        Path turned = dir.resolve("gain_turned.mrc");
        MrcWriter.writeImage(turned, stored, SIZE, SIZE, 1);
        Path a = dir.resolve("g_true.mrc");
        Path b = dir.resolve("g_turned.mrc");
        Path c = dir.resolve("g_wrong.mrc");
        ok(onStill(base(a, "-Gain", still.gain().toString())));
        ok(onStill(base(b, "-Gain", turned.toString(), "-RotGain", "1", "-FlipGain", "1")));
        ok(onStill(base(c, "-Gain", turned.toString(), "-RotGain", "2")));
        float[] sumTrue = image(a);
        assertTrue(maxDiff(sumTrue, image(b)) < 1e-3 * 64, "matching orientation must give the same sum");
        double[] good = Frc.compute(sumTrue, image(still.noiseFree()), SIZE, SIZE, 8);
        double[] wrong = Frc.compute(image(c), image(still.noiseFree()), SIZE, SIZE, 8);
        // The gain pattern lives at low and middle frequencies (the rings above are noise-dominated here).
        double drop = 0;
        for (int k = 0; k < 4; k++) {
            assertTrue(wrong[k] < good[k], "ring " + k + ": wrong orientation " + wrong[k] + " vs " + good[k]);
            drop += (good[k] - wrong[k]) / good[k] / 4;
        }
        assertTrue(drop > 0.03, "wrong orientation lowers the FRC by only " + drop);
    }

    @Test
    void darkIsSubtractedBeforeTheGain() throws Exception {
        // A movie with a dark offset added to every raw frame, and that offset as the dark reference.
        float[] dark = new float[SIZE * SIZE];
        for (int i = 0; i < dark.length; i++) {
            dark[i] = 3 + (i % 7);
        }
        Path darkFile = dir.resolve("dark.mrc");
        MrcWriter.writeImage(darkFile, dark, SIZE, SIZE, 1);
        Path withDark = dir.resolve("movie_dark.mrc");
        copyMovie(movie.movie(), withDark, dark, null);
        Path a = dir.resolve("d_ref.mrc");
        Path b = dir.resolve("d_dark.mrc");
        Path c = dir.resolve("d_nodark.mrc");
        ok(base(a, "-Gain", movie.gain().toString()));
        List<String> args = base(b, "-Gain", movie.gain().toString(), "-Dark", darkFile.toString());
        args.set(2, withDark.toString());
        ok(args);
        List<String> args2 = base(c, "-Gain", movie.gain().toString());
        args2.set(2, withDark.toString());
        ok(args2);
        assertTrue(maxDiff(image(a), image(b)) < 0.1, "the dark reference must cancel the offset");
        assertTrue(maxDiff(image(a), image(c)) > 10, "without -Dark the offset stays");
    }

    @Test
    void defectFileRectanglesAreRepaired() throws Exception {
        // A stripe of miscalibrated pixels, 10 wide and 4 high from (100, 50), reading 1.6× too much: too
        // subtle for the dynamic detection, so only the defect file can repair it.
        float[] scale = new float[SIZE * SIZE];
        java.util.Arrays.fill(scale, 1f);
        for (int y = 50; y < 54; y++) {
            for (int x = 100; x < 110; x++) {
                scale[y * SIZE + x] = 1.6f;
            }
        }
        Path broken = dir.resolve("still_broken.mrc");
        copyMovie(still.movie(), broken, null, null, null, scale);
        Path defects = dir.resolve("defects.txt");
        Files.writeString(defects, "# a comment line is skipped\n100 50 10 4\nnot four numbers\n");
        Path a = dir.resolve("def_on.mrc");
        Path b = dir.resolve("def_off.mrc");
        Path logs = dir.resolve("def_logs");
        List<String> on = base(a, "-Gain", still.gain().toString(), "-DefectFile", defects.toString(), "-LogDir",
                logs.toString());
        on.set(2, broken.toString());
        Object[] r = ok(on);
        assertTrue(((String) r[1]).contains("defect file 40"), (String) r[1]);
        List<String> off = base(b, "-Gain", still.gain().toString());
        off.set(2, broken.toString());
        ok(off);
        float[] repaired = image(a);
        float[] reference = image(sumOf("def_ref.mrc", onStill(base(dir.resolve("def_ref.mrc"), "-Gain",
                still.gain().toString()))));
        double repairedExcess = stripeMean(repaired) / stripeMean(reference);
        double keptExcess = stripeMean(image(b)) / stripeMean(reference);
        assertTrue(Math.abs(repairedExcess - 1) < 0.1, "repaired stripe / reference = " + repairedExcess);
        assertTrue(keptExcess > 1.3, "without -DefectFile the stripe stays: " + keptExcess);
        assertTrue(Files.readString(logs.resolve("still_broken.shifts.tsv")).contains("listed 40"));
    }

    @Test
    void doseWeightingNeedsAllThreeFlagsAndWritesDwAndDws() throws Exception {
        Path out = dir.resolve("dw/sum.mrc");
        ok(base(out, "-Gain", movie.gain().toString(), "-Kv", "300", "-PixSize", "1", "-FmDose", "4"));
        assertTrue(Files.exists(dir.resolve("dw/sum_DW.mrc")));
        assertTrue(Files.exists(dir.resolve("dw/sum_DWS.mrc")));
        Path out2 = dir.resolve("dw2/sum.mrc");
        Object[] r = ok(base(out2, "-Gain", movie.gain().toString(), "-Kv", "300", "-FmDose", "4"));
        assertTrue(((String) r[1]).contains("dose weighting needs -Kv, -PixSize and -FmDose"), (String) r[1]);
        assertFalse(Files.exists(dir.resolve("dw2/sum_DW.mrc")));
        Path out3 = dir.resolve("dw3/sum.mrc");
        ok(base(out3, "-Gain", movie.gain().toString(), "-Kv", "300", "-PixSize", "1", "-FmDose", "4",
                "-SumRange", "0", "0"));
        assertFalse(Files.exists(dir.resolve("dw3/sum_DWS.mrc")));
        Object[] bad = run(base(dir.resolve("dw4/sum.mrc"), "-Kv", "120", "-PixSize", "1", "-FmDose", "4")
                .toArray(String[]::new));
        assertEquals(2, bad[0]);
        assertTrue(((String) bad[2]).contains("120.0 kV"), (String) bad[2]);
    }

    @Test
    void sumRangeAndInitDoseSelectFramesByAccumulatedExposure() throws Exception {
        Path logs = dir.resolve("range_logs");
        ok(base(dir.resolve("range/sum.mrc"), "-Gain", movie.gain().toString(), "-Kv", "300", "-PixSize", "1",
                "-FmDose", "4", "-InitDose", "10", "-SumRange", "20", "40", "-LogDir", logs.toString()));
        List<String> rows = Files.readAllLines(logs.resolve("movie.shifts.tsv")).stream()
                .filter(l -> !l.startsWith("#") && !l.startsWith("frame")).toList();
        assertEquals(FRAMES, rows.size());
        assertEquals(14.0, Double.parseDouble(rows.get(0).split("\t")[4]), 1e-6); // 10 before + 4
        // Frames ending at 22, 26, ..., 38 e/A^2 (frames 4..8) make _DWS; its mean is theirs (DC unweighted).
        double dws = meanOf(image(dir.resolve("range/sum_DWS.mrc")));
        double all = meanOf(image(dir.resolve("range/sum.mrc")));
        assertEquals(5.0 / FRAMES, dws / all, 0.02);
    }

    @Test
    void frameIntegrationFileRendersFramesAndSetsTheirDose() throws Exception {
        Path fmInt = dir.resolve("fmint.txt");
        Files.writeString(fmInt, "16 2 1.5\n");
        Path logs = dir.resolve("fmint_logs");
        ok(base(dir.resolve("fmint/sum.mrc"), "-Gain", movie.gain().toString(), "-FmIntFile", fmInt.toString(),
                "-Kv", "300", "-PixSize", "1", "-LogDir", logs.toString()));
        List<String> rows = Files.readAllLines(logs.resolve("movie.shifts.tsv")).stream()
                .filter(l -> !l.startsWith("#") && !l.startsWith("frame")).toList();
        assertEquals(8, rows.size());
        assertEquals(3.0, Double.parseDouble(rows.get(0).split("\t")[3]), 1e-9);
        assertTrue(Files.exists(dir.resolve("fmint/sum_DW.mrc")));
    }

    @Test
    void splitSumsAddUpToTheSum() throws Exception {
        ok(base(dir.resolve("split/sum.mrc"), "-Gain", movie.gain().toString(), "-SplitSum", "1"));
        float[] sum = image(dir.resolve("split/sum.mrc"));
        float[] evn = image(dir.resolve("split/sum_EVN.mrc"));
        float[] odd = image(dir.resolve("split/sum_ODD.mrc"));
        for (int i = 0; i < sum.length; i++) {
            assertEquals(sum[i], evn[i] + odd[i], 1e-3 * Math.abs(sum[i]) + 1e-3);
        }
    }

    @Test
    void outStackFtBinAndMagShapeTheOutputs() throws Exception {
        ok(base(dir.resolve("stk/sum.mrc"), "-Gain", movie.gain().toString(), "-OutStack", "1", "2", "-FtBin", "2"));
        try (MrcReader stack = MrcReader.open(dir.resolve("stk/sum_Stk.mrc"));
             MrcReader sum = MrcReader.open(dir.resolve("stk/sum.mrc"))) {
            assertEquals(FRAMES / 2, stack.frameCount());
            assertEquals(SIZE / 2, stack.width());
            assertEquals(SIZE / 2, sum.width());
            assertEquals(2.0, sum.pixelSizeA(), 1e-6);
        }
        ok(base(dir.resolve("mag/sum.mrc"), "-Gain", movie.gain().toString(), "-Mag", "1.02", "0.98", "30"));
        try (MrcReader sum = MrcReader.open(dir.resolve("mag/sum.mrc"))) {
            assertEquals(1.0 / 1.02, sum.pixelSizeA(), 1e-4);
        }
    }

    /**
     * -Mag undoes a known anisotropic magnification: the optics shrank the image by 2 % along the axis at 30°
     * (counter-clockwise from +x, y up), so a feature at distance d along that axis from the centre sits 0.02·d
     * closer to it. Measured by the sub-pixel correlation peak of 192² patches of the sum against the noise-free
     * image, at the centre and 128 px from it along both diagonals: the displacement left is what the correction
     * missed (measured: 3.17 px without -Mag, 0.15 px with it, 3.07 px with the angle mirrored).
     */
    @Test
    void magRestoresAKnownAnisotropicStretchAndAMirroredAngleDoesNot() throws Exception {
        MovieSimulator sim = new MovieSimulator(SimulationParams.defaults(SIZE, SIZE, FRAMES, 93).withDose(4)
                .withContrast(0.3).withGain(false));
        Path distorted = dir.resolve("mag_distorted.mrc");
        Registration.writeMovie(new Stretched(sim, 1.02, 30), distorted);
        float[] truth = sim.noiseFree();
        List<String> common = List.of("-FmRef", "0"); // the noise-free image is at frame 1's position
        double none = largestPatchDisplacement(sumOf("mag_none.mrc", onMovie(distorted, "mag_none.mrc", common)),
                truth);
        List<String> right = new ArrayList<>(common);
        right.addAll(List.of("-Mag", "1.02", "1.0", "30"));
        double corrected = largestPatchDisplacement(sumOf("mag_right.mrc", onMovie(distorted, "mag_right.mrc",
                right)), truth);
        List<String> mirrored = new ArrayList<>(common);
        mirrored.addAll(List.of("-Mag", "1.02", "1.0", "-30"));
        double wrong = largestPatchDisplacement(sumOf("mag_wrong.mrc", onMovie(distorted, "mag_wrong.mrc",
                mirrored)), truth);
        assertTrue(none > 2.5, "the distortion moves features by " + none + " px at the patches");
        assertTrue(corrected < 0.25, "-Mag 1.02 1.0 30 leaves " + corrected + " px");
        assertTrue(wrong > 5 * corrected && wrong > 1, "-Mag at -30 degrees leaves " + wrong + " px, at 30 "
                + corrected);
    }

    /**
     * The largest displacement (px) of 192² patches of the sum from the noise-free image, at the centre and 128 px
     * from it along both diagonals (a patch's peak averages the displacement over the patch).
     */
    static double largestPatchDisplacement(Path sumFile, float[] truth) throws Exception {
        float[] sum = image(sumFile);
        double worst = 0;
        int c = SIZE / 2;
        for (int[] at : new int[][] {{c, c}, {c + 128, c + 128}, {c - 128, c - 128}, {c + 128, c - 128},
            {c - 128, c + 128}}) {
            double[] d = Registration.patchOffset(sum, truth, SIZE, at[0], at[1], 192);
            worst = Math.max(worst, Math.hypot(d[0], d[1]));
        }
        return worst;
    }

    /** The arguments for correcting {@code movieFile} into {@code name}, with the flags given. */
    static List<String> onMovie(Path movieFile, String name, List<String> flags) {
        List<String> a = new ArrayList<>(List.of("motioncor", "-InMrc", movieFile.toString(), "-OutMrc",
                dir.resolve(name).toString()));
        a.addAll(flags);
        return a;
    }

    /**
     * A movie seen through optics that shrink the image along the axis at {@code angleDeg} (counter-clockwise
     * from +x, row index = y) by 1/stretch about the frame's centre: out(q) = in(q + (stretch − 1)·a·u), u the
     * axis, a the component of q − centre along it; bilinear, edges clamped. Written here rather than taken from
     * the code under test, so that a wrong convention there cannot cancel out.
     */
    static final class Stretched implements MovieFrames {
        private final MovieFrames movie;
        private final double stretch;
        private final double ux;
        private final double uy;

        Stretched(MovieFrames movie, double stretch, double angleDeg) {
            this.movie = movie;
            this.stretch = stretch;
            this.ux = Math.cos(Math.toRadians(angleDeg));
            this.uy = Math.sin(Math.toRadians(angleDeg));
        }

        public int width() {
            return movie.width();
        }

        public int height() {
            return movie.height();
        }

        public int frameCount() {
            return movie.frameCount();
        }

        public void read(int index, float[] out) throws java.io.IOException {
            int nx = width();
            int ny = height();
            float[] in = new float[nx * ny];
            movie.read(index, in);
            double cx = (nx - 1) / 2.0;
            double cy = (ny - 1) / 2.0;
            for (int y = 0; y < ny; y++) {
                for (int x = 0; x < nx; x++) {
                    double a = (x - cx) * ux + (y - cy) * uy;
                    double sx = Math.min(nx - 1.001, Math.max(0, x + (stretch - 1) * a * ux));
                    double sy = Math.min(ny - 1.001, Math.max(0, y + (stretch - 1) * a * uy));
                    int x0 = (int) sx;
                    int y0 = (int) sy;
                    double fx = sx - x0;
                    double fy = sy - y0;
                    int i = y0 * nx + x0;
                    out[y * nx + x] = (float) ((1 - fy) * ((1 - fx) * in[i] + fx * in[i + 1])
                            + fy * ((1 - fx) * in[i + nx] + fx * in[i + nx + 1]));
                }
            }
        }
    }

    /**
     * -InFmMotion 1 down-weights what a frame's own motion blurred: the first 3 of 16 frames are exposed while the
     * specimen moves 8 px per frame (a box blur of 8 px, no signal left at 1/8 px⁻¹ and above), the rest while it
     * moves 0.25 px per frame. With the flag those frames add less noise where they carry no signal, so the
     * dose-weighted sum correlates better with the noise-free image from 1/8 px⁻¹ (measured: FRC 0.28 → 0.37,
     * 0.15 → 0.23, 0.066 → 0.133 in the rings from 1/8 px⁻¹) and no worse below.
     */
    @Test
    void inFrameMotionDownWeightsBlurredFramesAndBringsTheWeightedSumCloserToTheTruth() throws Exception {
        BlurredPath blurred = new BlurredPath(new MovieSimulator(SimulationParams.defaults(SIZE, SIZE, FRAMES, 95)
                .withDose(4).withContrast(0.3).withGain(false).withDrift(0)));
        Path file = dir.resolve("blurred.mrc");
        Registration.writeMovie(blurred, file);
        // Registered to frame 12 (slow, nearly unblurred), given explicitly so that the default does not matter.
        float[] truth = blurred.stillAt(11.5);
        List<String> flags = List.of("-Kv", "300", "-PixSize", "1", "-FmDose", "4", "-FmRef", "12");
        double[] without = Frc.compute(image(dwOf("fm0", file, flags)), truth, SIZE, SIZE, 16);
        List<String> on = new ArrayList<>(flags);
        on.addAll(List.of("-InFmMotion", "1"));
        double[] with = Frc.compute(image(dwOf("fm1", file, on)), truth, SIZE, SIZE, 16);
        // Rings of 1/32 px^-1; above ring 8 both are at the noise floor (|FRC| < 0.03).
        for (int k = 0; k <= 8; k++) {
            String at = "ring " + k + ": FRC with -InFmMotion " + with[k] + ", without " + without[k];
            if (k < 4) {
                assertTrue(with[k] > without[k] - 0.005, at);
            } else {
                assertTrue(with[k] > 1.2 * without[k], at);
            }
        }
    }

    /** Corrects {@code movieFile} with the flags given into NAME/sum.mrc; returns its _DW sum. */
    private static Path dwOf(String name, Path movieFile, List<String> flags) {
        Path out = dir.resolve(name + "/sum.mrc");
        List<String> a = new ArrayList<>(List.of("motioncor", "-InMrc", movieFile.toString(), "-OutMrc",
                out.toString()));
        a.addAll(flags);
        ok(a);
        return dir.resolve(name + "/sum_DW.mrc");
    }

    /**
     * A movie whose specimen moves during each exposure along (0.8, 0.6): 8 px per frame for the first 3 frames, then
     * 0.25 px per frame; each frame averages the specimen over its exposure (16 positions in a fast frame), then
     * Poisson counts at the simulator's dose.
     */
    static final class BlurredPath implements MovieFrames {
        private final MovieSimulator sim;

        BlurredPath(MovieSimulator sim) {
            this.sim = sim;
        }

        /** Distance travelled at time t (frames). */
        static double path(double t) {
            return t <= 3 ? 8 * t : 24 + 0.25 * (t - 3);
        }

        /** The noise-free image with the specimen where it is at time t. */
        float[] stillAt(double t) {
            float[] out = new float[SIZE * SIZE];
            sim.phantom().draw(out, SIZE, SIZE, 0, 0.8 * path(t), 0.6 * path(t), org.stillframe.sim.Displacement.NONE);
            return out;
        }

        public int width() {
            return SIZE;
        }

        public int height() {
            return SIZE;
        }

        public int frameCount() {
            return FRAMES;
        }

        public void read(int index, float[] out) {
            int steps = index < 3 ? 16 : 1;
            java.util.Arrays.fill(out, 0f);
            for (int k = 0; k < steps; k++) {
                float[] at = stillAt(index + (k + 0.5) / steps);
                for (int i = 0; i < out.length; i++) {
                    out[i] += at[i] / steps;
                }
            }
            java.util.SplittableRandom rnd = new java.util.SplittableRandom(9000 + index);
            double mean = sim.params().meanCountPerPixel();
            for (int i = 0; i < out.length; i++) {
                out[i] = poisson(mean * Math.max(0f, out[i]), rnd);
            }
        }

        static int poisson(double mean, java.util.SplittableRandom rnd) {
            double limit = Math.exp(-mean);
            double product = rnd.nextDouble();
            int k = 0;
            while (product > limit) {
                product *= rnd.nextDouble();
                k++;
            }
            return k;
        }
    }

    /**
     * -PhaseOnly 1 whitens the correlation: every frequency counts alike, so a strong, smooth pattern that stays put
     * on the detector (uneven illumination, 1.5× the specimen's mean counts in amplitude at 1/128 and 1/96 px⁻¹)
     * no longer outweighs the specimen's finer detail, which moves. The pattern is
     * light reaching the detector: counted (Poisson) through the detector's sensitivity (1/gain) in each
     * frame, so that nothing but its mean is fixed on the detector. Plain correlation (B fixed, so that only
     * the whitening differs) is pulled towards no motion.
     */
    @Test
    void phaseOnlyAlignsAMovieDominatedByAStationaryLowFrequencyPattern() throws Exception {
        float[] pattern = new float[SIZE * SIZE];
        for (int y = 0; y < SIZE; y++) {
            for (int x = 0; x < SIZE; x++) {
                pattern[y * SIZE + x] = (float) (6 + 3 * Math.cos(2 * Math.PI * x / 128)
                        + 3 * Math.cos(2 * Math.PI * (y / 96.0 + x / 256.0))) / gain[y * SIZE + x];
            }
        }
        // The simulated movie again (same parameters and seed), with the light's electrons counted in every frame.
        MovieSimulator sim = new MovieSimulator(SimulationParams.defaults(SIZE, SIZE, FRAMES, 91).withDose(4)
                .withContrast(0.3));
        Path lit = dir.resolve("movie_lit.mrc");
        Registration.writeMovie(new MovieFrames() {
            public int width() {
                return SIZE;
            }

            public int height() {
                return SIZE;
            }

            public int frameCount() {
                return FRAMES;
            }

            public void read(int index, float[] out) {
                sim.read(index, out);
                java.util.SplittableRandom rnd = new java.util.SplittableRandom(7000 + index);
                for (int i = 0; i < out.length; i++) {
                    out[i] += BlurredPath.poisson(pattern[i], rnd);
                }
            }
        }, lit);
        double[][] truth = ShiftTables.truth(movie.truthTable());
        double[] rms = new double[2];
        for (int phaseOnly = 0; phaseOnly <= 1; phaseOnly++) {
            Path logs = dir.resolve("phase" + phaseOnly + "_logs");
            List<String> a = base(dir.resolve("phase" + phaseOnly + ".mrc"), "-Gain", movie.gain().toString(),
                    "-Bft", "150", "-PhaseOnly", Integer.toString(phaseOnly), "-LogDir", logs.toString());
            a.set(2, lit.toString());
            ok(a);
            rms[phaseOnly] = ShiftTables.rmsAgainstTruth(logs.resolve("movie_lit.shifts.tsv"), truth);
        }
        assertTrue(rms[1] < 0.5, "-PhaseOnly 1: RMS error " + rms[1] + " px");
        assertTrue(rms[0] > 5 * rms[1], "-PhaseOnly 0: RMS error " + rms[0] + " px against " + rms[1]);
    }

    @Test
    void gainStoredInTheExtendedHeaderIsUsedWithoutGainFlag() throws Exception {
        Path withGain = dir.resolve("movie_extgain.mrc");
        ByteBuffer ext = ByteBuffer.allocate(4 * SIZE * SIZE).order(ByteOrder.LITTLE_ENDIAN);
        ext.asFloatBuffer().put(gain);
        copyMovie(movie.movie(), withGain, null, null, ext.array());
        List<String> args = base(dir.resolve("ext/sum.mrc"));
        args.set(2, withGain.toString());
        Object[] r = ok(args);
        assertTrue(((String) r[1]).contains("extended header"), (String) r[1]);
        float[] reference = image(sumOf("ext_ref.mrc", "-Gain", movie.gain().toString()));
        assertTrue(maxDiff(reference, image(dir.resolve("ext/sum.mrc"))) < 1e-2 * meanOf(reference));
    }

    @Test
    void serialModeCorrectsEveryMatchingMovieUnderMotionCor2Names() throws Exception {
        Path in = dir.resolve("serial");
        Files.createDirectories(in);
        // Stack_003skipRaw.mrc has the prefix and the suffix: only -InSkips keeps it out; Stack_004Raw_x.mrc and
        // Other.mrc fail the suffix and the prefix.
        for (String name : List.of("Stack_001Raw.mrc", "Stack_002Raw.mrc", "Stack_003skipRaw.mrc", "Stack_004Raw_x.mrc",
                "Other.mrc")) {
            Files.copy(movie.movie(), in.resolve(name));
        }
        Path out = dir.resolve("serial_out/Corrected");
        Object[] r = ok(List.of("motioncor", "-InMrc", in.resolve("Stack_").toString(), "-OutMrc", out.toString(),
                "-Serial", "1", "-InSuffix", "Raw.mrc", "-InSkips", "SKIP", "-Gain", movie.gain().toString()));
        assertTrue(Files.exists(dir.resolve("serial_out/Corrected001.mrc")), (String) r[1]);
        assertTrue(Files.exists(dir.resolve("serial_out/Corrected002.mrc")));
        try (var files = Files.list(dir.resolve("serial_out"))) {
            assertEquals(List.of("Corrected001.mrc", "Corrected002.mrc"),
                    files.map(f -> f.getFileName().toString()).sorted().toList());
        }
        // The same batch without -InSkips takes the skipped movie too: the skip was the deciding filter.
        Path all = dir.resolve("serial_all/Corrected");
        ok(List.of("motioncor", "-InMrc", in.resolve("Stack_").toString(), "-OutMrc", all.toString(), "-Serial", "1",
                "-InSuffix", "Raw.mrc", "-Gain", movie.gain().toString()));
        try (var files = Files.list(dir.resolve("serial_all"))) {
            assertEquals(List.of("Corrected001.mrc", "Corrected002.mrc", "Corrected003skip.mrc"),
                    files.map(f -> f.getFileName().toString()).sorted().toList());
        }
    }

    /** Mean of the sum over the stripe's interior (away from its edges, which alignment smears). */
    static double stripeMean(float[] sum) {
        double s = 0;
        for (int x = 102; x < 108; x++) {
            s += sum[52 * SIZE + x];
        }
        return s / 6;
    }

    private Path sumOf(String name, String... extra) throws Exception {
        return sumOf(name, base(dir.resolve(name), extra));
    }

    private Path sumOf(String name, List<String> args) throws Exception {
        Path out = dir.resolve(name);
        if (!Files.exists(out)) {
            ok(args);
        }
        return out;
    }

    /** The arguments with the still movie as input. */
    static List<String> onStill(List<String> args) {
        args.set(2, still.movie().toString());
        return args;
    }

    static double meanOf(float[] v) {
        double s = 0;
        for (float x : v) {
            s += x;
        }
        return s / v.length;
    }

    static void copyMovie(Path from, Path to, float[] add, float[] set) throws Exception {
        copyMovie(from, to, add, set, null, null);
    }

    static void copyMovie(Path from, Path to, float[] add, float[] set, byte[] extended) throws Exception {
        copyMovie(from, to, add, set, extended, null);
    }

    /** A copy of a movie with every frame changed: pattern added, values set (where non-zero), scaled. */
    static void copyMovie(Path from, Path to, float[] add, float[] set, byte[] extended, float[] scale)
            throws Exception {
        try (MrcReader r = MrcReader.open(from)) {
            MrcHeader h = MrcHeader.forImage(r.width(), r.height(), r.frameCount(), MrcMode.INT16, r.pixelSizeA());
            if (extended != null) {
                h = h.withExtendedHeader(extended.length, "STLF");
            }
            try (MrcWriter w = extended == null ? MrcWriter.create(to, h) : MrcWriter.create(to, h, extended)) {
                float[] frame = new float[r.width() * r.height()];
                for (int z = 0; z < r.frameCount(); z++) {
                    r.read(z, frame);
                    for (int i = 0; i < frame.length; i++) {
                        if (add != null) {
                            frame[i] += add[i];
                        }
                        if (set != null && set[i] != 0) {
                            frame[i] = set[i];
                        }
                        if (scale != null) {
                            frame[i] = Math.round(frame[i] * scale[i]);
                        }
                    }
                    w.writeSection(frame);
                }
                w.commit();
            }
        }
    }
}
