package org.stillframe.fft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.Random;
import org.junit.jupiter.api.Test;

class FftPlansTest {

    @Test
    void forwardMatchesADirectDftOnASmallOddShapedImage() {
        int nx = 12;
        int ny = 10;
        float[] img = randomImage(nx, ny, 1);
        RealFft2d fft = FftPlans.of(nx, ny);
        float[] spec = new float[fft.spectrumLength()];
        fft.forward(img, spec);
        int cols = nx / 2 + 1;
        for (int r = 0; r < ny; r++) {
            for (int c = 0; c < cols; c++) {
                double re = 0;
                double im = 0;
                for (int y = 0; y < ny; y++) {
                    for (int x = 0; x < nx; x++) {
                        double ph = -2 * Math.PI * ((double) c * x / nx + (double) r * y / ny);
                        re += img[y * nx + x] * Math.cos(ph);
                        im += img[y * nx + x] * Math.sin(ph);
                    }
                }
                assertEquals(re, spec[2 * (r * cols + c)], 1e-3, "re at " + r + "," + c);
                assertEquals(im, spec[2 * (r * cols + c) + 1], 1e-3, "im at " + r + "," + c);
            }
        }
    }

    @Test
    void inverseOfForwardIsTheImageTimesItsPixelCount() {
        int nx = 64;
        int ny = 48;
        float[] img = randomImage(nx, ny, 2);
        RealFft2d fft = FftPlans.of(nx, ny);
        float[] spec = new float[fft.spectrumLength()];
        float[] back = new float[nx * ny];
        fft.forward(img, spec);
        fft.inverse(spec, back);
        for (int i = 0; i < img.length; i++) {
            assertEquals(img[i], back[i] / (nx * ny), 1e-4);
        }
    }

    @Test
    void plansAreMadeOncePerSize() {
        assertSame(FftPlans.of(32, 16), FftPlans.of(32, 16));
    }

    @Test
    void goodSizesHaveOnlySmallPrimeFactors() {
        assertEquals(4096, FftSizes.goodAtLeast(4096));
        assertEquals(4116, FftSizes.goodAtLeast(4097)); // 4116 = 2²·3·7³
        assertEquals(4050, FftSizes.goodAtMost(4092)); // 4092 = 4·3·11·31 is not good
        assertEquals(false, FftSizes.isGood(4092));
    }

    static float[] randomImage(int nx, int ny, long seed) {
        Random r = new Random(seed);
        float[] img = new float[nx * ny];
        for (int i = 0; i < img.length; i++) {
            img[i] = (float) r.nextGaussian();
        }
        return img;
    }
}
