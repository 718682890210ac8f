package org.stillframe.polish;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.stillframe.fft.FftPlans;
import org.stillframe.fft.RealFft2d;
import org.stillframe.sim.Density;
import org.stillframe.sim.HalfMaps;

/** FSC-weighted references: closer to the true projections than the raw noisy half-maps. */
class HalfMapPairTest {

    private static final int N = 64;

    /** A soft sphere of radius r + 6 px of raised-cosine edge, as a refinement's mask. */
    private static float[] mask(double r) {
        float[] m = new float[N * N * N];
        for (int z = 0; z < N; z++) {
            for (int y = 0; y < N; y++) {
                for (int x = 0; x < N; x++) {
                    double e = Math.sqrt(Math.pow(x - N / 2, 2) + Math.pow(y - N / 2, 2) + Math.pow(z - N / 2, 2)) - r;
                    m[(z * N + y) * N + x] = (float) (e <= 0 ? 1 : e >= 6 ? 0 : 0.5 + 0.5 * Math.cos(Math.PI * e / 6));
                }
            }
        }
        return m;
    }

    /** Correlation of two projection spectra (the box's half-plane, DC left out). */
    private static double correlation(float[] a, float[] b) {
        double ab = 0;
        double aa = 0;
        double bb = 0;
        for (int i = 2; i < a.length; i++) {
            ab += a[i] * b[i];
            aa += a[i] * a[i];
            bb += b[i] * b[i];
        }
        return ab / Math.sqrt(aa * bb);
    }

    @Test
    void weightingByTheFscBringsProjectionsCloserToTheTruth() {
        float[] density = Density.random(12, 3).voxels(N);
        float[] m = mask(16);
        // Noise as a refinement's halves carry it (the mask removes most of it: the masked FSC is higher).
        float[] a = HalfMaps.withFsc(density, N, 0.2, 3.7, 1);
        float[] b = HalfMaps.withFsc(density, N, 0.2, 3.7, 2);
        float[] d = density.clone();
        for (int i = 0; i < a.length; i++) {
            a[i] *= m[i];
            b[i] *= m[i];
            d[i] *= m[i];
        }
        HalfMapPair pair = HalfMapPair.of(a, b, N);
        ReferenceProjector raw = new ReferenceProjector(a, N);
        ReferenceProjector truth = new ReferenceProjector(d, N);
        double resolved = pair.resolvedRadius(N) / (N / 2.0);
        System.out.printf(java.util.Locale.ROOT, "masked halves resolved to %.2f of Nyquist (%.2f A at 1.5 A/px)%n",
                resolved, pair.resolutionA(1.5));
        assertTrue(resolved > 0.4 && resolved < 0.95, "resolved to " + resolved + " of Nyquist");
        assertEquals(1, pair.fsc()[1], 0.01, "low shells are signal");
        RealFft2d fft = FftPlans.of(N, N);
        float[] pt = new float[fft.spectrumLength()];
        float[] pw = new float[fft.spectrumLength()];
        float[] pr = new float[fft.spectrumLength()];
        double gained = 0;
        int orientations = 0;
        for (double tilt = 0; tilt < 180; tilt += 30) {
            double[][] o = Density.euler(40 + tilt, tilt, 70 - tilt);
            truth.project(o, N, N / 2.0 - 1, pt);
            pair.half1().project(o, N, N / 2.0 - 1, pw);
            raw.project(o, N, N / 2.0 - 1, pr);
            double weighted = correlation(pw, pt);
            double unweighted = correlation(pr, pt);
            assertTrue(weighted > unweighted, "weighted " + weighted + " against raw " + unweighted);
            gained += weighted - unweighted;
            orientations++;
        }
        System.out.printf(java.util.Locale.ROOT, "correlation with the true projection gained by the weighting:"
                + " %.4f on average%n", gained / orientations);
        // Measured 0.009 (no weighting: 0.0000).
        assertTrue(gained / orientations > 0.005, "gain " + gained / orientations);
    }
}
