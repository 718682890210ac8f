package org.stillframe.compute;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.stillframe.image.Spectra;

/**
 * What every {@link ComputeBackend} must do, checked against references computed here in double precision
 * (exact phase ramps, direct sums), never against another backend. A backend's test extends this class and
 * names the backend; a GPU backend's test runs only where a GPU is present.
 */
public abstract class ComputeBackendContract {

    /** The backend under test. */
    protected abstract ComputeBackend backend();

    private static final int NX = 96;
    private static final int NY = 64;

    @Test
    void spectraRoundTripIsExact() {
        float[][] frames = new float[3][];
        float[][] spectra = new float[3][Spectra.length(NX, NY)];
        float[][] back = new float[3][NX * NY];
        Random r = new Random(1);
        for (int i = 0; i < frames.length; i++) {
            frames[i] = new float[NX * NY];
            for (int p = 0; p < frames[i].length; p++) {
                frames[i][p] = (float) r.nextGaussian();
            }
        }
        backend().forward(NX, NY, frames, spectra);
        backend().inverse(NX, NY, spectra, back);
        for (int i = 0; i < frames.length; i++) {
            for (int p = 0; p < frames[i].length; p++) {
                assertEquals(frames[i][p], back[i][p] / (NX * NY), 1e-5, "frame " + i + " pixel " + p);
            }
        }
    }

    @Test
    void integerShiftIsRecoveredByCorrelationAndPeak() {
        assertShiftRecovered(flatSpectrum(NX, NY, 7), 3, -2, false);
    }

    /** Phase-only correlation flattens a frame's uneven power spectrum into the weight's clean peak. */
    @Test
    void subPixelShiftIsRecoveredByPhaseOnlyCorrelationOfAnUnevenSpectrum() {
        assertShiftRecovered(bandLimitedSpectrum(NX, NY, 1, 8), -4.4, 2.7, true);
    }

    @Test
    void subPixelShiftIsRecoveredByCorrelationAndPeak() {
        assertShiftRecovered(flatSpectrum(NX, NY, 7), 1.3, -0.6, false);
    }

    /**
     * Frame 1 is frame 0 moved by s; correlated with the sum of the others (frame 0 alone), its peak is the
     * increment −s that moves it back. With a flat power spectrum (or phase-only), the peak is the Gaussian of
     * the weight (σ 5.6 px), whose 3-point parabola is off by under 0.002 px.
     */
    private void assertShiftRecovered(float[] f0, double sx, double sy, boolean phaseOnly) {
        float[] f1 = exactlyShifted(f0, NX, NY, sx, sy);
        float[] total = sum(f0, f1);
        float[] cross = new float[f0.length];
        backend().crossPowerOfFrame(f1, NX, NY, 0, 0, total, gaussianWeight(NX, NY, 0.04), phaseOnly, cross);
        float[] map = new float[NX * NY];
        backend().fft(NX, NY).inverse(cross, map);
        double[] peak = backend().peak(map, NX, NY, 8, 8, Overlap.NONE);
        assertEquals(-sx, peak[0], 0.01, "x");
        assertEquals(-sy, peak[1], 0.01, "y");
    }

    @Test
    void peakOfAQuadraticIsItsVertex() {
        float[] map = new float[NX * NY];
        for (int y = -4; y <= 4; y++) {
            for (int x = -4; x <= 4; x++) {
                map[Math.floorMod(y, NY) * NX + Math.floorMod(x, NX)] =
                        (float) (100 - Math.pow(x - 2.3, 2) - 2 * Math.pow(y + 1.4, 2));
            }
        }
        double[] peak = backend().peak(map, NX, NY, 4, 4, Overlap.NONE);
        assertEquals(2.3, peak[0], 1e-4);
        assertEquals(-1.4, peak[1], 1e-4);
    }

    @Test
    void leaveOneOutCorrelationExcludesTheFrameItself() {
        float[] a = bandLimitedSpectrum(NX, NY, 0.5, 11);
        float[] b = bandLimitedSpectrum(NX, NY, 0.5, 12);
        float[] weight = gaussianWeight(NX, NY, 0.2);
        double sx = 0.7;
        double sy = -1.2;
        float[] u = exactlyShifted(a, NX, NY, sx, sy);
        float[] total = sum(u, b);
        // Direct: conj(u) · b · w, DC zero — the frame's own power never enters.
        float[] expected = new float[a.length];
        for (int k = 2, m = 1; k < a.length; k += 2, m++) {
            expected[k] = weight[m] * (u[k] * b[k] + u[k + 1] * b[k + 1]);
            expected[k + 1] = weight[m] * (u[k] * b[k + 1] - u[k + 1] * b[k]);
        }
        float[] shiftedHere = new float[a.length];
        backend().crossPowerOfFrame(a, NX, NY, sx, sy, total, weight, false, shiftedHere);
        assertClose(expected, shiftedHere, 1e-4);
        float[] unit = new float[a.length];
        backend().crossPower(u, total, weight, false, unit);
        assertClose(expected, unit, 1e-5);
        // Phase-only: each coefficient of conj(u) · b scaled to the weight's modulus.
        float[] phaseOnly = new float[a.length];
        for (int k = 2, m = 1; k < a.length; k += 2, m++) {
            double re = u[k] * b[k] + u[k + 1] * b[k + 1];
            double im = u[k] * b[k + 1] - u[k + 1] * b[k];
            double mod = Math.hypot(re, im);
            phaseOnly[k] = mod > 0 ? (float) (weight[m] * re / mod) : 0;
            phaseOnly[k + 1] = mod > 0 ? (float) (weight[m] * im / mod) : 0;
        }
        backend().crossPower(u, total, weight, true, unit);
        assertClose(phaseOnly, unit, 1e-4);
        backend().crossPowerOfFrame(a, NX, NY, sx, sy, total, weight, true, shiftedHere);
        assertClose(phaseOnly, shiftedHere, 1e-3);
        float[] alone = new float[a.length];
        backend().crossPower(a, a.clone(), weight, false, alone);
        assertClose(new float[a.length], alone, 0);
    }

    @Test
    void weightedShiftAndSumEqualsADirectSum() {
        int frames = 4;
        int length = Spectra.length(NX, NY);
        float[] weighted = new float[length];
        float[] plain = new float[length];
        double[] expectedWeighted = new double[length];
        double[] expectedPlain = new double[length];
        float[] scratch = new float[length];
        Random r = new Random(3);
        for (int i = 0; i < frames; i++) {
            float[] s = bandLimitedSpectrum(NX, NY, 0.5, 20 + i);
            double sx = 3 * r.nextGaussian();
            double sy = 3 * r.nextGaussian();
            float[] w = new float[length / 2];
            for (int m = 0; m < w.length; m++) {
                w[m] = r.nextFloat();
            }
            backend().shift(s, NX, NY, sx, sy, plain, true);
            backend().shift(s, NX, NY, sx, sy, scratch, false);
            backend().addWeighted(scratch, w, weighted);
            double[] exact = exactShift(s, NX, NY, sx, sy);
            for (int k = 0; k < length; k++) {
                expectedPlain[k] += exact[k];
                expectedWeighted[k] += w[k / 2] * exact[k];
            }
        }
        assertRelative(expectedPlain, plain, 1e-5);
        assertRelative(expectedWeighted, weighted, 1e-5);
    }

    /** LocalRemap's documented accuracy: 2.8 % against an exact shift of an image band-limited to 0.4 cycles/px. */
    @Test
    void remapMatchesAnExactFourierShiftWithinTheLanczosAccuracy() {
        int n = 128;
        float[] spectrum = bandLimitedSpectrum(n, n, 0.4, 5);
        float[] image = new float[n * n];
        backend().fft(n, n).inverse(spectrum, image);
        double gx = 1.25;
        double gy = -0.5;
        double lx = 0.2;
        double ly = -0.35;
        float[] remapped = new float[n * n];
        backend().remap(image, remapped, n, n, gx, gy,
                (row, axis, out) -> java.util.Arrays.fill(out, axis == 0 ? lx : ly), new float[n * n]);
        float[] exact = new float[n * n];
        backend().fft(n, n).inverse(exactlyShifted(spectrum, n, n, gx + lx, gy + ly), exact);
        double err = 0;
        double power = 0;
        for (int y = 8; y < n - 8; y++) {
            for (int x = 8; x < n - 8; x++) {
                double e = remapped[y * n + x] - exact[y * n + x];
                err += e * e;
                power += exact[y * n + x] * (double) exact[y * n + x];
            }
        }
        assertTrue(Math.sqrt(err / power) < 0.03, "relative error " + Math.sqrt(err / power));
    }

    /** Random coefficients up to maxFreq cycles/px, DC zero; its inverse is a smooth image. */
    static float[] bandLimitedSpectrum(int nx, int ny, double maxFreq, long seed) {
        float[] spec = new float[Spectra.length(nx, ny)];
        Random r = new Random(seed);
        int cols = nx / 2 + 1;
        for (int row = 0; row < ny; row++) {
            double fy = Spectra.rowFrequency(row, ny) / (double) ny;
            for (int c = 0; c < cols; c++) {
                if (Math.hypot(c / (double) nx, fy) <= maxFreq && (row != 0 || c != 0)) {
                    spec[2 * (row * cols + c)] = (float) r.nextGaussian();
                    spec[2 * (row * cols + c) + 1] = (float) r.nextGaussian();
                }
            }
        }
        return spec;
    }

    /** Unit amplitude and random phase at every frequency but DC (zero). */
    static float[] flatSpectrum(int nx, int ny, long seed) {
        float[] spec = new float[Spectra.length(nx, ny)];
        Random r = new Random(seed);
        for (int k = 2; k < spec.length; k += 2) {
            double phase = 2 * Math.PI * r.nextDouble();
            spec[k] = (float) Math.cos(phase);
            spec[k + 1] = (float) Math.sin(phase);
        }
        return spec;
    }

    /** A weight per complex coefficient, exp(−(k/k0)²), k in cycles/px. */
    static float[] gaussianWeight(int nx, int ny, double k0) {
        int cols = nx / 2 + 1;
        float[] w = new float[cols * ny];
        for (int row = 0; row < ny; row++) {
            double fy = Spectra.rowFrequency(row, ny) / (double) ny;
            for (int c = 0; c < cols; c++) {
                double k = Math.hypot(c / (double) nx, fy);
                w[row * cols + c] = (float) Math.exp(-(k / k0) * (k / k0));
            }
        }
        return w;
    }

    /** The spectrum of the image moved by (sx, sy), out(r) = in(r − s), in double precision. */
    static double[] exactShift(float[] spec, int nx, int ny, double sx, double sy) {
        int cols = nx / 2 + 1;
        double[] out = new double[spec.length];
        for (int row = 0; row < ny; row++) {
            int fy = Spectra.rowFrequency(row, ny);
            for (int c = 0; c < cols; c++) {
                double phase = -2 * Math.PI * (c * sx / nx + fy * sy / ny);
                int k = 2 * (row * cols + c);
                out[k] = spec[k] * Math.cos(phase) - spec[k + 1] * Math.sin(phase);
                out[k + 1] = spec[k] * Math.sin(phase) + spec[k + 1] * Math.cos(phase);
            }
        }
        return out;
    }

    static float[] exactlyShifted(float[] spec, int nx, int ny, double sx, double sy) {
        double[] d = exactShift(spec, nx, ny, sx, sy);
        float[] out = new float[d.length];
        for (int k = 0; k < d.length; k++) {
            out[k] = (float) d[k];
        }
        return out;
    }

    private static float[] sum(float[] a, float[] b) {
        float[] out = a.clone();
        Spectra.add(b, out, out.length);
        return out;
    }

    /** Every value within tol of the largest expected magnitude. */
    private static void assertClose(float[] expected, float[] actual, double relTol) {
        double scale = 0;
        for (float v : expected) {
            scale = Math.max(scale, Math.abs(v));
        }
        for (int k = 0; k < expected.length; k++) {
            assertEquals(expected[k], actual[k], relTol * scale, "coefficient " + k);
        }
    }

    /** ‖actual − expected‖ / ‖expected‖ below relTol. */
    private static void assertRelative(double[] expected, float[] actual, double relTol) {
        double err = 0;
        double norm = 0;
        for (int k = 0; k < expected.length; k++) {
            err += (actual[k] - expected[k]) * (actual[k] - expected[k]);
            norm += expected[k] * expected[k];
        }
        assertTrue(Math.sqrt(err / norm) < relTol, "relative error " + Math.sqrt(err / norm));
    }
}
