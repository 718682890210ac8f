package org.stillframe.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.stillframe.fft.RealFft3d;
import org.stillframe.quality.Fsc;

/** Half-maps with coloured noise follow the FSC curve they are asked for. */
class HalfMapsTest {

    @Test
    void inverseUndoesForward() {
        int n = 16;
        float[] v = new float[n * n * n];
        java.util.Random rnd = new java.util.Random(3);
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) rnd.nextGaussian();
        }
        float[] back = RealFft3d.inverse(RealFft3d.forward(v, n), n);
        for (int i = 0; i < v.length; i++) {
            assertEquals(v[i], back[i] / (n * n * n), 1e-4);
        }
    }

    @Test
    void twoHalvesHaveTheRequestedFsc() {
        int n = 96;
        float[] density = Density.random(20, 5).voxels(n);
        double[] fsc = Fsc.compute(HalfMaps.withFsc(density, n, 0.9, 3.7, 1), HalfMaps.withFsc(density, n, 0.9, 3.7,
                2), n);
        double[][] expected = {{0.25, 0.99}, {0.5, 0.90}, {0.75, 0.67}, {0.9, 0.5}};
        for (double[] e : expected) {
            int shell = (int) Math.round(e[0] * n / 2);
            // Shells of a few thousand coefficients: the FSC's own scatter is ~1/√count.
            double mean = (fsc[shell - 1] + fsc[shell] + fsc[shell + 1]) / 3;
            assertEquals(e[1], mean, 0.04, "FSC at " + e[0] + " Nyquist");
        }
    }
}
