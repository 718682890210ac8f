package org.stillframe.correct;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.stillframe.align.global.FrameShifts;
import org.stillframe.align.global.GlobalAlignOptions;
import org.stillframe.gain.GainCorrection;
import org.stillframe.quality.Frc;
import org.stillframe.quality.ShiftError;
import org.stillframe.sim.MovieSimulator;
import org.stillframe.sim.SimulationParams;
import org.stillframe.testing.WorkerPool;

/** Whole-frame correction of simulated movies against their ground truth. */
class MovieCorrectorTest {

    @RegisterExtension
    static final WorkerPool POOL = new WorkerPool(2);

    private static CorrectionResult correct(MovieSimulator sim, CorrectionOptions options) throws Exception {
        return new MovieCorrector(POOL.workers()).correct(sim, new GainCorrection(sim.gainReference(), null), options, null);
    }

    /** The reference case: 2048² × 40 frames at 1 e/Å²/frame, ~20 px of drift, gain pattern. */
    @Test
    void recoversDriftWithin0p15PxOn2kMovieAndSumIsWithinAFewPercentOfTheOracle() throws Exception {
        MovieSimulator sim = new MovieSimulator(SimulationParams.defaults(2048, 2048, 40, 2048).withContrast(0.15));
        CorrectionResult r = correct(sim, CorrectionOptions.defaults());
        double rms = ShiftError.rms(r.shifts(), sim.trueShifts());
        assertTrue(rms <= 0.15, "RMS shift error " + rms + " px");
        assertEquals(0, r.shifts().x(0), 0);
        assertEquals(0, r.shifts().y(0), 0);

        GainCorrection gain = new GainCorrection(sim.gainReference(), null);
        // The sums are registered to the central frame (the default -FmRef): so are the oracle and the truth.
        assertEquals(20, r.referenceIndex());
        float[] oracle = new MovieCorrector(POOL.workers()).sumAligned(sim, gain, sim.trueShifts().relativeTo(20));
        float[] unaligned = new MovieCorrector(POOL.workers()).sumAligned(sim, gain, FrameShifts.zeros(40));
        float[] truth = sim.noiseFree(20);
        double[] ours = Frc.compute(r.sum(), truth, 2048, 2048, 10);
        double[] best = Frc.compute(oracle, truth, 2048, 2048, 10);
        double[] none = Frc.compute(unaligned, truth, 2048, 2048, 10);
        // The sum sits where the central frame was estimated to be; that frame's own error moves the whole sum. With that
        // constant taken out (as for the shift error), the sum must be within a few percent of the oracle.
        FrameShifts t = sim.trueShifts().relativeTo(20);
        FrameShifts m = r.shifts().relativeTo(20);
        double dx = 0;
        double dy = 0;
        for (int i = 0; i < 40; i++) {
            dx += (t.x(i) - m.x(i)) / 40;
            dy += (t.y(i) - m.y(i)) / 40;
        }
        double[] recentred = Frc.compute(shiftImage(r.sum(), 2048, 2048, dx, dy), truth, 2048, 2048, 10);
        for (int k = 0; k < 10; k++) {
            String at = "ring " + k + " (RMS shift error " + rms + " px, sum off by " + Math.hypot(dx, dy) + ")";
            assertTrue(recentred[k] >= 0.95 * best[k], at + ": FRC " + recentred[k] + " vs oracle " + best[k]);
            assertTrue(ours[k] >= 0.85 * best[k], at + ": FRC as written " + ours[k] + " vs oracle " + best[k]);
            if (k >= 2) {
                assertTrue(ours[k] > none[k], "ring " + k + ": aligned " + ours[k] + " vs unaligned " + none[k]);
            }
        }
    }

    /**
     * Keeping every frame's spectrum between the passes, or transforming each frame again in a worker's reused
     * buffer when summing (the default: 4 bytes a pixel less per frame), gives the same shifts and the same sums,
     * but for the rounding that two worker threads' summation order leaves (about 1e-7 px here, 2e-5 px seen).
     */
    @Test
    void keptSpectraAndFramesTransformedAgainGiveTheSameResult() throws Exception {
        MovieSimulator sim = new MovieSimulator(SimulationParams.defaults(384, 320, 12, 31).withDose(8)
                .withContrast(0.3).withHotPixels(20));
        CorrectionResult kept = correct(sim, CorrectionOptions.defaults().withSpectrumCache(Long.MAX_VALUE));
        CorrectionResult again = correct(sim, CorrectionOptions.defaults().withSpectrumCache(0));
        assertTrue(kept.defects().total() > 0, "the repair path is exercised");
        for (int i = 0; i < 12; i++) {
            assertEquals(kept.shifts().x(i), again.shifts().x(i), 1e-3, "x shift of frame " + (i + 1));
            assertEquals(kept.shifts().y(i), again.shifts().y(i), 1e-3, "y shift of frame " + (i + 1));
        }
        float[] a = kept.sum();
        float[] b = again.sum();
        double diff = 0;
        double norm = 0;
        for (int k = 0; k < a.length; k++) {
            diff += (double) (a[k] - b[k]) * (a[k] - b[k]);
            norm += (double) a[k] * a[k];
        }
        assertTrue(Math.sqrt(diff / norm) < 1e-4, "relative difference of the sums " + Math.sqrt(diff / norm));
    }

    @Test
    void recoversDriftWithin0p1PxOn1kMoviesOfHigherContrast() throws Exception {
        for (long seed : new long[] {11, 12}) {
            MovieSimulator sim = new MovieSimulator(SimulationParams.defaults(1024, 1024, 30, seed).withContrast(0.25));
            CorrectionResult r = correct(sim, CorrectionOptions.defaults());
            double rms = ShiftError.rms(r.shifts(), sim.trueShifts());
            assertTrue(rms <= 0.1, "seed " + seed + ": RMS shift error " + rms + " px");
        }
    }

    @Test
    void contentDriftingPlusOnePxPerFrameInXGivesXShiftsFallingByOnePerFrame() throws Exception {
        // A bright, nearly noise-free movie whose specimen moves +1 px per frame along x only.
        MovieFrames drifting = new LinearDrift(new MovieSimulator(
                SimulationParams.defaults(512, 512, 12, 5).withDose(50).withContrast(0.3).withDrift(0)
                        .withGain(false)), 1.0, 0.0);
        CorrectionResult r = new MovieCorrector(POOL.workers()).correct(drifting, GainCorrection.none(),
                new CorrectionOptions(GlobalAlignOptions.defaults().withSmoothing(false), 0), null);
        for (int i = 0; i < 12; i++) {
            assertEquals(-i, r.shifts().x(i), 0.1, "x shift of frame " + (i + 1));
            assertEquals(0, r.shifts().y(i), 0.1, "y shift of frame " + (i + 1));
        }
    }

    @Test
    void groupedAlignmentRecoversLinearDriftWithAnyGroupSize() throws Exception {
        for (int group : new int[] {2, 3, 5}) {
            MovieFrames drifting = new LinearDrift(new MovieSimulator(
                    SimulationParams.defaults(512, 512, 16, 6).withDose(200).withContrast(0.3).withDrift(0)
                            .withGain(false)), 0.5, -0.3);
            CorrectionResult r = new MovieCorrector(POOL.workers()).correct(drifting, GainCorrection.none(),
                    new CorrectionOptions(GlobalAlignOptions.defaults().withGroupSize(group).withSmoothing(false), 0),
                    null);
            for (int i = 0; i < 16; i++) {
                assertEquals(-0.5 * i, r.shifts().x(i), 0.1, "group " + group + ", frame " + (i + 1));
                assertEquals(0.3 * i, r.shifts().y(i), 0.1, "group " + group + ", frame " + (i + 1));
            }
        }
    }

    @Test
    void fmRefMovesTheSumToTheChosenFrameAndLeavesReportedShiftsAlone() throws Exception {
        MovieSimulator sim = new MovieSimulator(SimulationParams.defaults(512, 512, 16, 8).withDose(20)
                .withContrast(0.3));
        CorrectionResult first = correct(sim, new CorrectionOptions(GlobalAlignOptions.defaults(), 0));
        CorrectionResult central = correct(sim, new CorrectionOptions(GlobalAlignOptions.defaults(), -1));
        CorrectionResult fifth = correct(sim, new CorrectionOptions(GlobalAlignOptions.defaults(), 5));
        assertEquals(8, central.referenceIndex());
        assertEquals(4, fifth.referenceIndex());
        assertTrue(ShiftError.rms(first.shifts(), central.shifts()) < 0.01);
        // The central-registered sum equals the first-registered one moved by the central frame's shift.
        FrameShifts s = first.shifts();
        float[] moved = shiftImage(first.sum(), 512, 512, -s.x(8), -s.y(8));
        double[] frc = Frc.compute(moved, central.sum(), 512, 512, 8);
        for (int k = 0; k < 7; k++) {
            assertTrue(frc[k] > 0.98, "ring " + k + ": " + frc[k]);
        }
    }

    @Test
    void gainCorrectionRemovesTheDetectorPatternFromTheSum() throws Exception {
        // No drift, so that the detector's fixed pattern is not smeared out by the alignment.
        MovieSimulator sim = new MovieSimulator(SimulationParams.defaults(1024, 1024, 24, 31).withContrast(0.25)
                .withDrift(0));
        CorrectionOptions o = CorrectionOptions.defaults();
        CorrectionResult with = correct(sim, o);
        CorrectionResult without = new MovieCorrector(POOL.workers()).correct(sim, GainCorrection.none(), o, null);
        float[] truth = sim.noiseFree();
        double[] good = Frc.compute(with.sum(), truth, 1024, 1024, 8);
        double[] bad = Frc.compute(without.sum(), truth, 1024, 1024, 8);
        assertTrue(good[0] > bad[0] + 0.02, "lowest ring: with gain " + good[0] + ", without " + bad[0]);
        // Without correction the detector's pattern stays in the sum; with it, none is left.
        float[] pattern = sim.gainReference();
        double left = Math.abs(correlation(with.sum(), pattern));
        double kept = Math.abs(correlation(without.sum(), pattern));
        assertTrue(left < 0.05 && kept > 3 * left, "pattern correlation with gain " + left + ", without " + kept);
    }

    private static double correlation(float[] a, float[] b) {
        double ma = 0;
        double mb = 0;
        for (int i = 0; i < a.length; i++) {
            ma += a[i];
            mb += b[i];
        }
        ma /= a.length;
        mb /= b.length;
        double ab = 0;
        double aa = 0;
        double bb = 0;
        for (int i = 0; i < a.length; i++) {
            ab += (a[i] - ma) * (b[i] - mb);
            aa += (a[i] - ma) * (a[i] - ma);
            bb += (b[i] - mb) * (b[i] - mb);
        }
        return ab / Math.sqrt(aa * bb);
    }

    /** 100 hot pixels (30× the mean count, fixed on the detector) are found, repaired and do not pin the shifts. */
    @Test
    void hotPixelsAreRepairedAndDoNotPullTheAlignmentToZero() throws Exception {
        SimulationParams clean = SimulationParams.defaults(1024, 1024, 30, 41).withContrast(0.25);
        MovieSimulator hot = new MovieSimulator(clean.withHotPixels(100));
        MovieSimulator none = new MovieSimulator(clean);
        CorrectionResult repaired = correct(hot, CorrectionOptions.defaults());
        CorrectionResult reference = correct(none, CorrectionOptions.defaults());
        CorrectionResult ignored = correct(hot, CorrectionOptions.defaults().withDefectDetection(false));
        assertTrue(repaired.defects().hot() >= 100, "hot pixels found: " + repaired.defects().hot());
        int[] truth = hot.hotPixels();
        boolean[] mask = new boolean[1024 * 1024];
        for (int b : repaired.defects().map().badPixels()) {
            mask[b] = true;
        }
        for (int h : truth) {
            assertTrue(mask[h], "hot pixel " + h + " repaired");
        }
        double good = ShiftError.rms(repaired.shifts(), hot.trueShifts());
        double bad = ShiftError.rms(ignored.shifts(), hot.trueShifts());
        assertTrue(good < 0.1, "with repair: " + good + " px");
        assertTrue(bad > 2 * good, "without repair: " + bad + " px against " + good);
        float[] truthImage = hot.noiseFree(repaired.referenceIndex());
        double[] withHot = Frc.compute(repaired.sum(), truthImage, 1024, 1024, 8);
        double[] without = Frc.compute(reference.sum(), truthImage, 1024, 1024, 8);
        for (int k = 0; k < 8; k++) {
            assertTrue(withHot[k] >= 0.97 * without[k], "ring " + k + ": " + withHot[k] + " vs " + without[k]);
        }
    }

    /** With radiation damage, the dose-weighted sum is closer to the ideal weighted image than the plain sum. */
    @Test
    void doseWeightedSumIsCloserToTheIdealWeightedImageThanThePlainSum() throws Exception {
        SimulationParams p = SimulationParams.defaults(1024, 1024, 30, 43).withContrast(0.25).withDamage(true)
                .withDose(2);
        MovieSimulator sim = new MovieSimulator(p);
        org.stillframe.dose.DoseSchedule schedule = org.stillframe.dose.DoseSchedule.uniform(30, 2, 0);
        SumRequest request = new SumRequest(schedule, new org.stillframe.dose.DoseWeights(schedule, 1.0, 1.0, 1024),
                null, false, false, 1, 0, null);
        CorrectionResult r = new MovieCorrector(POOL.workers()).correct(sim, new GainCorrection(sim.gainReference(), null),
                null, CorrectionOptions.defaults(), request, null);
        int ref = r.referenceIndex(); // the ideal image is at frame 1's position: move it to the sums' frame
        float[] ideal = org.stillframe.image.Spectra.shiftedImage(sim.noiseFreeDoseWeighted(), 1024, 1024,
                sim.motionX(ref), sim.motionY(ref));
        double[] dw = Frc.compute(r.sums().doseWeighted(), ideal, 1024, 1024, 8);
        double[] plain = Frc.compute(r.sums().plain(), ideal, 1024, 1024, 8);
        for (int k = 2; k < 8; k++) {
            assertTrue(dw[k] > plain[k], "ring " + k + ": weighted " + dw[k] + ", plain " + plain[k]);
        }
    }

    @Test
    void throwAndTruncDropFramesBeforeAlignment() throws Exception {
        MovieSimulator sim = new MovieSimulator(SimulationParams.defaults(512, 512, 16, 9).withDose(20)
                .withContrast(0.3));
        FrameWindow window = new FrameWindow(sim, 2, 3);
        assertEquals(11, window.frameCount());
        CorrectionResult r = new MovieCorrector(POOL.workers()).correct(window,
                new GainCorrection(sim.gainReference(), null), CorrectionOptions.defaults(), null);
        FrameShifts truth = sim.trueShifts();
        double[] tx = new double[11];
        double[] ty = new double[11];
        for (int i = 0; i < 11; i++) {
            tx[i] = truth.x(i + 2);
            ty[i] = truth.y(i + 2);
        }
        assertEquals(11, r.shifts().frames());
        assertTrue(ShiftError.rms(r.shifts(), new FrameShifts(tx, ty)) < 0.1);
    }

    /** Shifts an image by (sx, sy) px with a phase ramp. */
    static float[] shiftImage(float[] img, int nx, int ny, double sx, double sy) {
        return org.stillframe.image.Spectra.shiftedImage(img, nx, ny, sx, sy);
    }

    /** A still movie whose frames are moved by exact phase ramps: frame i shows content displaced by i·(vx, vy). */
    static final class LinearDrift implements MovieFrames {
        private final MovieSimulator still;
        private final double vx;
        private final double vy;

        LinearDrift(MovieSimulator still, double vx, double vy) {
            this.still = still;
            this.vx = vx;
            this.vy = vy;
        }

        @Override
        public int width() {
            return still.width();
        }

        @Override
        public int height() {
            return still.height();
        }

        @Override
        public int frameCount() {
            return still.frameCount();
        }

        @Override
        public void read(int index, float[] out) {
            still.read(index, out);
            float[] moved = shiftImage(out, width(), height(), vx * index, vy * index);
            System.arraycopy(moved, 0, out, 0, moved.length);
        }
    }
}
