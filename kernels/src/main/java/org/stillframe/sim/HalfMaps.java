package org.stillframe.sim;

import java.util.Random;

/**
 * Half-maps for tests of reference-based motion: a refinement's two halves share the density but not its noise.
 * Each half is the density plus white Gaussian noise of its own seed.
 */
public final class HalfMaps {

    private HalfMaps() {
    }

    /** {@code density} plus white Gaussian noise of σ = {@code sigmaOverRms} × the density's RMS over the map. */
    public static float[] withNoise(float[] density, double sigmaOverRms, long seed) {
        double sq = 0;
        for (float v : density) {
            sq += (double) v * v;
        }
        double sigma = sigmaOverRms * Math.sqrt(sq / density.length);
        Random rnd = new Random(seed);
        float[] out = new float[density.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) (density[i] + sigma * rnd.nextGaussian());
        }
        return out;
    }
}
