package org.stillframe.image;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.stillframe.fft.FftPlans;
import org.stillframe.fft.RealFft2d;

class LocalRemapTest {

    /** A constant field must match the exact Fourier shift of an image band-limited to 0.4 cycles/px within 3 %. */
    @Test
    void constantFieldMatchesAnExactPhaseShiftWithinThreePercent() {
        int n = 128;
        float[] img = bandLimited(n, 0.4, 5);
        double ux = 0.3;
        double uy = -0.7;
        float[] remapped = new float[n * n];
        LocalRemap.apply(img, remapped, n, n, (row, axis, out) -> java.util.Arrays.fill(out, axis == 0 ? ux : uy),
                new float[n * n]);
        RealFft2d fft = FftPlans.of(n, n);
        float[] spec = new float[fft.spectrumLength()];
        fft.forward(img, spec);
        Spectra.shift(spec, n, n, ux, uy, spec, false);
        float[] exact = new float[n * n];
        fft.inverse(spec, exact);
        double err = 0;
        double power = 0;
        for (int y = 8; y < n - 8; y++) {
            for (int x = 8; x < n - 8; x++) {
                double e = remapped[y * n + x] - exact[y * n + x] / (n * n);
                err += e * e;
                power += Math.pow(exact[y * n + x] / (n * n), 2);
            }
        }
        assertTrue(Math.sqrt(err / power) < 0.03, "relative error " + Math.sqrt(err / power));
    }

    static float[] bandLimited(int n, double maxFreq, long seed) {
        RealFft2d fft = FftPlans.of(n, n);
        float[] spec = new float[fft.spectrumLength()];
        Random r = new Random(seed);
        int cols = n / 2 + 1;
        for (int row = 0; row < n; row++) {
            double sy = Spectra.rowFrequency(row, n) / (double) n;
            for (int c = 0; c < cols; c++) {
                double sx = c / (double) n;
                if (Math.hypot(sx, sy) <= maxFreq && (row != 0 || c != 0)) {
                    spec[2 * (row * cols + c)] = (float) r.nextGaussian();
                    spec[2 * (row * cols + c) + 1] = (float) r.nextGaussian();
                }
            }
        }
        float[] img = new float[n * n];
        fft.inverse(spec, img);
        return img;
    }
}
