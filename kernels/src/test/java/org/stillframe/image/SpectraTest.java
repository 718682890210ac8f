package org.stillframe.image;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.stillframe.fft.FftPlans;
import org.stillframe.fft.RealFft2d;

class SpectraTest {

    @Test
    void integerPhaseShiftMovesContentTowardsPositiveShift() {
        int nx = 32;
        int ny = 24;
        float[] img = new float[nx * ny];
        new Random(3).ints(img.length).forEach(v -> { });
        Random r = new Random(3);
        for (int i = 0; i < img.length; i++) {
            img[i] = (float) r.nextGaussian();
        }
        RealFft2d fft = FftPlans.of(nx, ny);
        float[] spec = new float[fft.spectrumLength()];
        float[] shifted = new float[spec.length];
        float[] out = new float[img.length];
        fft.forward(img, spec);
        Spectra.shift(spec, nx, ny, 3, -2, shifted, false);
        fft.inverse(shifted, out);
        // out(x, y) = in(x − 3, y + 2)
        for (int y = 0; y < ny; y++) {
            for (int x = 0; x < nx; x++) {
                float expected = img[Math.floorMod(y + 2, ny) * nx + Math.floorMod(x - 3, nx)];
                assertEquals(expected, out[y * nx + x] / (nx * ny), 1e-4);
            }
        }
    }

    @Test
    void cropKeepsLowFrequenciesAndPixelScale() {
        int nx = 64;
        int ny = 64;
        float[] img = new float[nx * ny];
        for (int y = 0; y < ny; y++) {
            for (int x = 0; x < nx; x++) {
                img[y * nx + x] = 5f + (float) Math.cos(2 * Math.PI * (3.0 * x / nx + 2.0 * y / ny));
            }
        }
        RealFft2d big = FftPlans.of(nx, ny);
        RealFft2d small = FftPlans.of(16, 16);
        float[] spec = new float[big.spectrumLength()];
        float[] cropped = new float[small.spectrumLength()];
        float[] out = new float[256];
        big.forward(img, spec);
        Spectra.crop(spec, nx, ny, cropped, 16, 16, 256f / (nx * ny));
        small.inverse(cropped, out);
        for (int y = 0; y < 16; y++) {
            for (int x = 0; x < 16; x++) {
                double expected = 5 + Math.cos(2 * Math.PI * (3.0 * x / 16 + 2.0 * y / 16));
                assertEquals(expected, out[y * 16 + x] / 256, 1e-4);
            }
        }
    }
}
