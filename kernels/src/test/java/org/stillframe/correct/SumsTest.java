package org.stillframe.correct;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.stillframe.align.global.GlobalAlignOptions;
import org.stillframe.dose.DoseSchedule;
import org.stillframe.dose.DoseWeights;
import org.stillframe.fft.FftPlans;
import org.stillframe.fft.RealFft2d;
import org.stillframe.gain.GainCorrection;
import org.stillframe.image.Spectra;
import org.stillframe.testing.WorkerPool;

/** The sums made in the summing pass, on still movies whose frames differ only by a known offset. */
class SumsTest {

    static final int N = 64;
    static final int FRAMES = 10;
    @RegisterExtension
    static final WorkerPool POOL = new WorkerPool(2);

    /** Frame i = the same smooth texture + offset[i], so every frame aligns at zero and sums reveal membership. */
    static MovieFrames still(double[] offset) {
        float[] texture = new float[N * N];
        Random r = new Random(3);
        for (int k = 0; k < 60; k++) {
            double cx = r.nextDouble() * N;
            double cy = r.nextDouble() * N;
            double s = 1 + 3 * r.nextDouble();
            for (int y = 0; y < N; y++) {
                for (int x = 0; x < N; x++) {
                    double dx = x - cx;
                    double dy = y - cy;
                    texture[y * N + x] += (float) (20 * Math.exp(-(dx * dx + dy * dy) / (2 * s * s)));
                }
            }
        }
        return new MovieFrames() {
            public int width() {
                return N;
            }

            public int height() {
                return N;
            }

            public int frameCount() {
                return offset.length;
            }

            public void read(int index, float[] out) {
                for (int i = 0; i < N * N; i++) {
                    out[i] = texture[i] + (float) offset[index];
                }
            }
        };
    }

    static double[] offsets() {
        double[] o = new double[FRAMES];
        for (int i = 0; i < FRAMES; i++) {
            o[i] = 100 * (i + 1);
        }
        return o;
    }

    static CorrectionResult correct(MovieFrames movie, SumRequest request) throws Exception {
        CorrectionOptions o = new CorrectionOptions(GlobalAlignOptions.defaults().withSmoothing(false), 0)
                .withDefectDetection(false);
        return new MovieCorrector(POOL.workers()).correct(movie, GainCorrection.none(), null, o, request, null);
    }

    static double mean(float[] v) {
        double s = 0;
        for (float x : v) {
            s += x;
        }
        return s / v.length;
    }

    static DoseWeights weights() {
        return new DoseWeights(DoseSchedule.uniform(FRAMES, 1.0, 0), 1.0, 1.0, N);
    }

    @Test
    void evenAndOddHalvesAddUpToTheSumAndOddHoldsFramesOneThreeFive() throws Exception {
        double[] o = offsets();
        CorrectionResult r = correct(still(o), new SumRequest(null, null, null, true, false, 1, 0, null));
        Sums s = r.sums();
        for (int i = 0; i < N * N; i++) {
            assertEquals(s.plain()[i], s.even()[i] + s.odd()[i], 1e-3 * Math.abs(s.plain()[i]));
        }
        double oddOffsets = 0;
        double evenOffsets = 0;
        for (int i = 0; i < FRAMES; i++) {
            if (i % 2 == 0) {
                oddOffsets += o[i]; // 1-based frames 1, 3, 5, ...
            } else {
                evenOffsets += o[i];
            }
        }
        double textureMean = mean(s.plain()) - sum(o);
        assertEquals(oddOffsets, mean(s.odd()) - textureMean / 2, 1e-2);
        assertEquals(evenOffsets, mean(s.even()) - textureMean / 2, 1e-2);
        assertNull(s.doseWeighted());
    }

    @Test
    void dwsHoldsExactlyTheFramesInItsRange() throws Exception {
        double[] o = offsets();
        boolean[] range = new boolean[FRAMES];
        range[2] = true;
        range[3] = true;
        range[6] = true;
        CorrectionResult r = correct(still(o), new SumRequest(DoseSchedule.uniform(FRAMES, 1, 0), weights(), range,
                false, false, 1, 0, null));
        // The mean (DC) is unweighted: the _DWS mean is the sum of its frames' means.
        double texture = (mean(r.sums().plain()) - sum(o)) / FRAMES;
        assertEquals(o[2] + o[3] + o[6] + 3 * texture, mean(r.sums().doseWeightedSelection()), 1e-2);
        assertEquals(mean(r.sums().plain()), mean(r.sums().doseWeighted()), 1e-2);
    }

    /**
     * Power ratio of _DW to the plain sum, per ring, against (Σ_i w_i(k) / N)² from the formula, within 2 %
     * (4 e/Å² per frame at 0.5 Å/px, so that the weights span a wide range); with even/odd halves too, where the
     * _DW sum is made from the two dose-weighted halves and must still equal their sum.
     */
    @Test
    void doseWeightedPowerFollowsTheGrantGrigorieffCurveWithin2Percent() throws Exception {
        double[] o = new double[FRAMES];
        DoseWeights w = new DoseWeights(DoseSchedule.uniform(FRAMES, 4.0, 0), 0.5, 1.0, N);
        for (boolean halves : new boolean[] {false, true}) {
            CorrectionResult r = correct(still(o), new SumRequest(DoseSchedule.uniform(FRAMES, 4.0, 0), w, null,
                    halves, false, 1, 0, null));
            double[] ratio = ringPowerRatio(r.sums().doseWeighted(), r.sums().plain(), 16);
            double[] expected = expectedRingRatio(r.sums().plain(), 16, 0.5, 4.0);
            for (int ring = 1; ring < 16; ring++) {
                assertEquals(expected[ring], ratio[ring], 0.02 * expected[ring], "halves " + halves + ", ring " + ring);
            }
            if (halves) {
                float[] dw = r.sums().doseWeighted();
                for (int i = 0; i < dw.length; i++) {
                    float halvesSum = r.sums().even()[i] + r.sums().odd()[i];
                    assertEquals(dw[i], halvesSum, 1e-4 * (1 + Math.abs(dw[i])), "pixel " + i);
                }
            }
        }
    }

    /** Per ring, Σ_k (Σ_i w_i(k)/N)²·|P(k)|² / Σ_k |P(k)|², w from the formula at each coefficient's radius. */
    static double[] expectedRingRatio(float[] plain, int rings, double pixelSizeA, double dosePerFrame) {
        RealFft2d fft = FftPlans.of(N, N);
        float[] fp = new float[fft.spectrumLength()];
        fft.forward(plain, fp);
        double[] num = new double[rings];
        double[] den = new double[rings];
        int cols = N / 2 + 1;
        for (int r = 0; r < N; r++) {
            double sy = Spectra.rowFrequency(r, N) / (double) N;
            for (int c = 0; c < cols; c++) {
                double sx = c / (double) N;
                double radius = Math.sqrt(sx * sx + sy * sy);
                int ring = (int) (radius * 2 * rings);
                if (ring >= rings || radius == 0) {
                    continue;
                }
                int i = 2 * (r * cols + c);
                double p = fp[i] * fp[i] + fp[i + 1] * fp[i + 1];
                num[ring] += expectedPowerRatio(radius, pixelSizeA, dosePerFrame) * p;
                den[ring] += p;
            }
        }
        double[] out = new double[rings];
        for (int k = 0; k < rings; k++) {
            out[k] = num[k] / den[k];
        }
        return out;
    }

    /** Independent of the code under test: Grant & Grigorieff with RELION's constants, exposure at frame end. */
    static double expectedPowerRatio(double cyclesPerPixel, double pixelSizeA, double dosePerFrame) {
        double k = cyclesPerPixel / pixelSizeA;
        double ne = 0.245 * Math.pow(k, -1.665) + 2.81;
        double sumA = 0;
        double sumA2 = 0;
        for (int i = 0; i < FRAMES; i++) {
            double a = Math.exp(-dosePerFrame * (i + 1) / (2 * ne));
            sumA += a;
            sumA2 += a * a;
        }
        double meanWeight = sumA / Math.sqrt(sumA2) / FRAMES;
        return meanWeight * meanWeight;
    }

    @Test
    void stackFramesAreTheAlignedFramesSummedZAtATime() throws Exception {
        double[] o = offsets();
        List<float[]> stack = new ArrayList<>();
        CorrectionResult r = correct(still(o), new SumRequest(null, null, null, false, false, 1, 3,
                (image, w, h) -> stack.add(image.clone())));
        assertEquals(3, stack.size()); // 10 frames by 3: the incomplete last group is dropped
        double texture = (mean(r.sums().plain()) - sum(o)) / FRAMES;
        for (int j = 0; j < 3; j++) {
            double expected = o[3 * j] + o[3 * j + 1] + o[3 * j + 2] + 3 * texture;
            assertEquals(expected, mean(stack.get(j)), 1e-2, "stack frame " + j);
        }
    }

    @Test
    void theMotionAloneMakesNoSumsAndTheSameShifts() throws Exception {
        double[] o = offsets();
        CorrectionResult both = correct(still(o), SumRequest.plain());
        CorrectionResult motion = correct(still(o), SumRequest.plain().motionOnly());
        assertEquals(null, motion.sums());
        for (int f = 0; f < both.shifts().frames(); f++) { // to float rounding: the POOL.workers()' sums come in any order
            assertEquals(both.shifts().x(f), motion.shifts().x(f), 1e-4);
            assertEquals(both.shifts().y(f), motion.shifts().y(f), 1e-4);
        }
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> new SumRequest(null, null, null, false, false, 1, 2, (img, w, h) -> { }, false));
    }

    @Test
    void fourierBinningHalvesTheSizeAndKeepsTheLowFrequencies() throws Exception {
        double[] o = offsets();
        CorrectionResult full = correct(still(o), SumRequest.plain());
        CorrectionResult binned = correct(still(o), new SumRequest(null, null, null, false, false, 2, 0, null));
        assertEquals(N / 2, binned.sums().width());
        assertEquals(2.0, binned.sums().binning(), 0);
        RealFft2d big = FftPlans.of(N, N);
        RealFft2d small = FftPlans.of(N / 2, N / 2);
        float[] spec = new float[big.spectrumLength()];
        big.forward(full.sum(), spec);
        float[] cropped = new float[small.spectrumLength()];
        Spectra.crop(spec, N, N, cropped, N / 2, N / 2, 1f / (N * N));
        float[] expected = new float[N * N / 4];
        small.inverse(cropped, expected);
        assertArrayEquals(expected, binned.sum(), 1e-2f * (float) mean(expected));
    }

    /**
     * -InFmMotion weights each frame by its blur along its own motion, |sinc(π k·v_i)|, v_i from the neighbouring
     * frames' shifts, renormalised over the frames: frame i's weight becomes w_i·B_i / √Σ_j (w_j·B_j)². Frame 6 of
     * a still texture jumps 4 px (x: 0 0 0 0 0 4 8 8 8 8), so v = 4 px for frame 6 and 2 px for frames 5 and 7.
     * Frame 6 alone also carries a cosine of 8 cycles across the frame (1/8 px⁻¹, where sinc(π·4/8) = 0.64);
     * its share of the _DW sum (the sum minus that of the same movie without the cosine) must shrink by that
     * factor renormalised, within 0.5 %, and the plain sum must not change.
     */
    @Test
    void inFrameMotionWeightsAFrameByItsOwnBlurAndLeavesThePlainSumAlone() throws Exception {
        double[] x = {0, 0, 0, 0, 0, 4, 8, 8, 8, 8};
        int fast = 5;
        double s = 8.0 / N; // cycles per pixel of the cosine
        DoseWeights w = weights();
        float[] share = new float[2];
        float[][] plain = new float[2][];
        double[] found = null;
        for (int flag = 0; flag <= 1; flag++) {
            float[][] dw = new float[2][];
            for (int cosine = 0; cosine <= 1; cosine++) {
                CorrectionResult r = correct(jumping(x, fast, cosine == 1 ? 5f : 0f), new SumRequest(null, w, null,
                        false, flag == 1, 1, 0, null));
                Sums sums = r.sums();
                dw[cosine] = sums.doseWeighted();
                if (cosine == 1) {
                    plain[flag] = sums.plain();
                    found = r.shifts().x();
                }
            }
            float[] d = new float[N * N];
            for (int i = 0; i < d.length; i++) {
                d[i] = dw[1][i] - dw[0][i];
            }
            share[flag] = amplitudeAt(d, 8, 0);
        }
        assertArrayEquals(plain[0], plain[1], 1e-3f, "-InFmMotion must leave the plain sum alone");
        double norm = 0;
        double[] blur = new double[FRAMES];
        for (int i = 0; i < FRAMES; i++) {
            // The rule applies to the trajectory the alignment found (this small, wrapped movie is found 0.46 px
            // long at the jump; alignment accuracy is tested elsewhere). Shifts are −motion; |sinc| is even.
            double v = (found[Math.min(FRAMES - 1, i + 1)] - found[Math.max(0, i - 1)]) / (Math.min(FRAMES - 1, i + 1)
                    - Math.max(0, i - 1));
            double u = Math.PI * s * v;
            blur[i] = v == 0 ? 1 : Math.abs(Math.sin(u) / u);
            double wb = w.weight(i, s) * blur[i];
            norm += wb * wb;
        }
        double expected = blur[fast] / Math.sqrt(norm);
        assertTrue(blur[fast] < 0.7, "the fast frame's blur at 1/8 px^-1: " + blur[fast]);
        assertEquals(expected, share[1] / share[0], 0.005 * expected, "weight ratio of the fast frame at 1/8 px^-1");
    }

    /** |F(kx, ky)| of an N × N image. */
    static float amplitudeAt(float[] image, int kx, int ky) {
        RealFft2d fft = FftPlans.of(N, N);
        float[] f = new float[fft.spectrumLength()];
        fft.forward(image, f);
        int i = 2 * (ky * (N / 2 + 1) + kx);
        return (float) Math.hypot(f[i], f[i + 1]);
    }

    /**
     * The still texture of {@link #still}, frame i moved by x[i] px along x (exact phase ramp); frame {@code marked}
     * also carries a cosine of 8 cycles across the frame along x, of the given amplitude, moving with it.
     */
    static MovieFrames jumping(double[] x, int marked, float cosine) {
        MovieFrames base = still(new double[x.length]);
        RealFft2d fft = FftPlans.of(N, N);
        return new MovieFrames() {
            public int width() {
                return N;
            }

            public int height() {
                return N;
            }

            public int frameCount() {
                return x.length;
            }

            public void read(int index, float[] out) throws java.io.IOException {
                base.read(index, out);
                if (index == marked) {
                    for (int i = 0; i < N * N; i++) {
                        out[i] += (float) (cosine * Math.cos(2 * Math.PI * 8 * (i % N) / N));
                    }
                }
                float[] spec = new float[fft.spectrumLength()];
                float[] moved = new float[spec.length];
                fft.forward(out, spec);
                Spectra.shift(spec, N, N, x[index], 0, moved, false);
                fft.inverse(moved, out);
                for (int i = 0; i < out.length; i++) {
                    out[i] /= N * N;
                }
            }
        };
    }

    static double sum(double[] v) {
        double s = 0;
        for (double x : v) {
            s += x;
        }
        return s;
    }

    /** Ring-averaged |A|² / |B|² (ratio of summed powers per ring), rings of width 1/(2·rings) cycles/px. */
    static double[] ringPowerRatio(float[] a, float[] b, int rings) {
        RealFft2d fft = FftPlans.of(N, N);
        float[] fa = new float[fft.spectrumLength()];
        float[] fb = new float[fft.spectrumLength()];
        fft.forward(a, fa);
        fft.forward(b, fb);
        double[] pa = new double[rings];
        double[] pb = new double[rings];
        int cols = N / 2 + 1;
        for (int r = 0; r < N; r++) {
            double sy = Spectra.rowFrequency(r, N) / (double) N;
            for (int c = 0; c < cols; c++) {
                double sx = c / (double) N;
                int ring = (int) (Math.sqrt(sx * sx + sy * sy) * 2 * rings);
                if (ring >= rings) {
                    continue;
                }
                int i = 2 * (r * cols + c);
                pa[ring] += fa[i] * fa[i] + fa[i + 1] * fa[i + 1];
                pb[ring] += fb[i] * fb[i] + fb[i + 1] * fb[i + 1];
            }
        }
        double[] ratio = new double[rings];
        for (int k = 0; k < rings; k++) {
            ratio[k] = pa[k] / pb[k];
        }
        return ratio;
    }
}
