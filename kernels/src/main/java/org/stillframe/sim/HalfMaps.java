package org.stillframe.sim;

import java.util.Random;

/**
 * Half-maps for tests of reference-based motion: a refinement's two halves share the density but not its noise.
 * Each half is the density plus Gaussian noise of its own seed: white, or coloured so that the two halves' FSC
 * follows a refinement's curve.
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

    /**
     * {@code density} (n³) plus Gaussian noise coloured per Fourier shell so that two halves made with different
     * seeds have FSC(s) = 1 / (1 + (s / s½)^k) (s and s½ in fractions of Nyquist): each shell's noise power is its
     * signal power times (s / s½)^k. With s½ = 0.9 and k = 3.7: FSC 0.99 / 0.90 / 0.67 / 0.5 at 0.25 / 0.5 / 0.75 /
     * 0.9 Nyquist, a typical refinement's curve.
     */
    public static float[] withFsc(float[] density, int n, double halfAt, double exponent, long seed) {
        float[] d = org.stillframe.fft.RealFft3d.forward(density, n);
        int shells = n; // radii up to n/2·√3
        double[] power = new double[shells];
        int[] count = new int[shells];
        int[] shellOf = new int[d.length / 2];
        org.stillframe.fft.RealFft3d.forEachFrequency(n, (i, x, radius) -> {
            int sh = (int) Math.round(radius);
            shellOf[i] = sh;
            power[sh] += (double) d[2 * i] * d[2 * i] + (double) d[2 * i + 1] * d[2 * i + 1];
            count[sh]++;
        });
        Random rnd = new Random(seed);
        float[] white = new float[n * n * n];
        for (int i = 0; i < white.length; i++) {
            white[i] = (float) rnd.nextGaussian();
        }
        float[] w = org.stillframe.fft.RealFft3d.forward(white, n);
        double perCoefficient = (double) n * n * n; // E|W(k)|² of unit white noise, unnormalised transform
        for (int i = 0; i < shellOf.length; i++) {
            int sh = shellOf[i];
            double s = sh / (n / 2.0);
            double noise = count[sh] > 0 ? power[sh] / count[sh] * Math.pow(s / halfAt, exponent) : 0;
            double scale = Math.sqrt(noise / perCoefficient);
            d[2 * i] += (float) (scale * w[2 * i]);
            d[2 * i + 1] += (float) (scale * w[2 * i + 1]);
        }
        float[] out = org.stillframe.fft.RealFft3d.inverse(d, n);
        float norm = 1f / (n * n * n);
        for (int i = 0; i < out.length; i++) {
            out[i] *= norm;
        }
        return out;
    }
}
