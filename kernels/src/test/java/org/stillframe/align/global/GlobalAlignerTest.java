package org.stillframe.align.global;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.stillframe.fft.FftPlans;
import org.stillframe.fft.RealFft2d;
import org.stillframe.image.Spectra;
import org.stillframe.parallel.Workers;

class GlobalAlignerTest {

    /** Noise-free frames: content moved by m_i must give shifts −m_i (up to a constant). */
    @Test
    void recoversKnownSubPixelShiftsOfNoiseFreeFramesWithin0p02Px() {
        int n = 8;
        int size = 256;
        double[] mx = new double[n];
        double[] my = new double[n];
        for (int i = 0; i < n; i++) {
            mx[i] = 1.0 * i + 0.3 * Math.sin(i);
            my[i] = -0.7 * i;
        }
        float[][] spectra = frames(size, mx, my, 11);
        AlignmentGrid grid = AlignmentGrid.choose(size, size, 100);
        float[][] cropped = onGrid(spectra, size, grid);
        try (Workers w = new Workers(2)) {
            GlobalAligner.Result r = new GlobalAligner(w).align(cropped, grid, null,
                    GlobalAlignOptions.defaults().withBFactor(100).withSmoothing(false), null);
            FrameShifts s = r.shifts().relativeTo(0);
            for (int i = 0; i < n; i++) {
                assertEquals(-mx[i], s.x(i), 0.02, "x of frame " + i);
                assertEquals(-my[i], s.y(i), 0.02, "y of frame " + i);
            }
        }
    }

    /**
     * Keeping each frame's shifted spectrum between an iteration's sum and its correlations (small movies) is a
     * saving, not a change: with and without it the shifts are the same to the bit, frame by frame and in groups,
     * through the coarse pass and the fine one.
     */
    @Test
    void keptShiftedSpectraGiveTheSameShiftsAsShiftingTwice() {
        int n = 24;
        int size = 256;
        double[] mx = new double[n];
        double[] my = new double[n];
        for (int i = 0; i < n; i++) {
            mx[i] = 0.8 * i + 0.2 * Math.sin(3 * i);
            my[i] = -0.4 * i;
        }
        float[][] spectra = frames(size, mx, my, 5);
        Random noise = new Random(3);
        for (float[] s : spectra) {
            for (int k = 2; k < s.length; k++) {
                s[k] += (float) (150 * noise.nextGaussian());
            }
        }
        AlignmentGrid grid = AlignmentGrid.choose(size, size, 100);
        float[][] cropped = onGrid(spectra, size, grid);
        for (int group : new int[] {1, 3}) {
            GlobalAlignOptions options = GlobalAlignOptions.defaults().withBFactor(100).withGroupSize(group);
            try (Workers w = new Workers(1)) { // one worker: the sums' order, and so their rounding, is fixed
                GlobalAligner.Result kept = new GlobalAligner(w, org.stillframe.compute.ComputeBackend.cpu(),
                        Long.MAX_VALUE).align(cropped, grid, null, options, null);
                GlobalAligner.Result twice = new GlobalAligner(w, org.stillframe.compute.ComputeBackend.cpu(), 0)
                        .align(cropped, grid, null, options, null);
                assertEquals(twice.iterations(), kept.iterations(), "iterations, groups of " + group);
                for (int i = 0; i < n; i++) {
                    assertEquals(twice.shifts().x(i), kept.shifts().x(i), 0.0, "x of frame " + i + ", groups of " + group);
                    assertEquals(twice.shifts().y(i), kept.shifts().y(i), 0.0, "y of frame " + i + ", groups of " + group);
                }
                assertEquals(-mx[n - 1], kept.shifts().relativeTo(0).x(n - 1), 0.5, "the shifts are found");
            }
        }
    }

    /** The frames' spectra cropped onto the correlation grid. */
    private static float[][] onGrid(float[][] spectra, int size, AlignmentGrid grid) {
        float[][] cropped = new float[spectra.length][];
        for (int i = 0; i < spectra.length; i++) {
            cropped[i] = new float[Spectra.length(grid.gridX(), grid.gridY())];
            Spectra.crop(spectra[i], size, size, cropped[i], grid.gridX(), grid.gridY(), 1f);
        }
        return cropped;
    }

    /** Spectra of a smooth random image moved by (mx_i, my_i). */
    static float[][] frames(int size, double[] mx, double[] my, long seed) {
        Random rnd = new Random(seed);
        float[] img = new float[size * size];
        for (int k = 0; k < 400; k++) {
            double cx = rnd.nextDouble() * size;
            double cy = rnd.nextDouble() * size;
            double s = 1 + 4 * rnd.nextDouble();
            for (int y = 0; y < size; y++) {
                for (int x = 0; x < size; x++) {
                    double dx = Math.min(Math.abs(x - cx), size - Math.abs(x - cx));
                    double dy = Math.min(Math.abs(y - cy), size - Math.abs(y - cy));
                    img[y * size + x] += (float) Math.exp(-(dx * dx + dy * dy) / (2 * s * s));
                }
            }
        }
        RealFft2d fft = FftPlans.of(size, size);
        float[] spec = new float[fft.spectrumLength()];
        fft.forward(img, spec);
        float[][] out = new float[mx.length][fft.spectrumLength()];
        for (int i = 0; i < mx.length; i++) {
            Spectra.shift(spec, size, size, mx[i], my[i], out[i], false);
        }
        return out;
    }
}
