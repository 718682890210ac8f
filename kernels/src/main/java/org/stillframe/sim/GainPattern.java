package org.stillframe.sim;

import java.util.SplittableRandom;

/**
 * A detector's per-pixel sensitivity: a smooth large-scale falloff, column-to-column differences (readout
 * channels) and pixel-to-pixel scatter, mean 1. The gain reference a user would pass with -Gain is its inverse:
 * frames are multiplied by the gain (MotionCor2's convention).
 */
public final class GainPattern {

    private GainPattern() {
    }

    /** Sensitivity s(x, y) > 0, nx × ny row-major, mean about 1. */
    public static float[] sensitivity(int nx, int ny, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        float[] s = new float[nx * ny];
        double[] column = new double[nx];
        for (int x = 0; x < nx; x++) {
            column[x] = 1 + 0.04 * (rnd.nextDouble() - 0.5);
        }
        double cx = rnd.nextDouble(0.3, 0.7) * nx;
        double cy = rnd.nextDouble(0.3, 0.7) * ny;
        double r2max = (double) nx * nx + (double) ny * ny;
        for (int y = 0; y < ny; y++) {
            for (int x = 0; x < nx; x++) {
                double r2 = ((x - cx) * (x - cx) + (y - cy) * (y - cy)) / r2max;
                double smooth = 1.08 - 0.3 * r2;
                double pixel = 1 + 0.1 * (rnd.nextDouble() - 0.5);
                s[y * nx + x] = (float) (smooth * column[x] * pixel);
            }
        }
        double mean = 0;
        for (float v : s) {
            mean += v;
        }
        mean /= s.length;
        for (int i = 0; i < s.length; i++) {
            s[i] /= (float) mean;
        }
        return s;
    }

    /** The multiplicative gain reference for a sensitivity map: 1/s. */
    public static float[] gainReference(float[] sensitivity) {
        float[] g = new float[sensitivity.length];
        for (int i = 0; i < g.length; i++) {
            g[i] = 1f / sensitivity[i];
        }
        return g;
    }
}
