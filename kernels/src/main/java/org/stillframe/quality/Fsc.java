package org.stillframe.quality;

import org.stillframe.fft.RealFft3d;

/**
 * Fourier shell correlation of two n³ maps: per shell of spatial frequency, Σ Re(A·B*) / sqrt(Σ|A|² · Σ|B|²).
 * Shell k holds the frequencies whose radius rounds to k voxels of the transform (k / (n · pixel) cycles per Å),
 * k = 0 .. n/2 − 1.
 */
public final class Fsc {

    private Fsc() {
    }

    public static double[] compute(float[] a, float[] b, int n) {
        float[] fa = RealFft3d.forward(a, n);
        float[] fb = RealFft3d.forward(b, n);
        double[] ab = new double[n / 2];
        double[] aa = new double[n / 2];
        double[] bb = new double[n / 2];
        RealFft3d.forEachFrequency(n, (k, x, radius) -> {
            int shell = (int) Math.round(radius);
            if (shell >= n / 2) {
                return;
            }
            // The half-spectrum holds x > 0 once for two conjugate frequencies: count it twice.
            double w = x == 0 || 2 * x == n ? 1 : 2;
            int i = 2 * k;
            ab[shell] += w * (fa[i] * fb[i] + fa[i + 1] * fb[i + 1]);
            aa[shell] += w * (fa[i] * fa[i] + fa[i + 1] * fa[i + 1]);
            bb[shell] += w * (fb[i] * fb[i] + fb[i + 1] * fb[i + 1]);
        });
        double[] out = new double[n / 2];
        for (int k = 0; k < out.length; k++) {
            out[k] = ab[k] / Math.sqrt(aa[k] * bb[k]);
        }
        return out;
    }

    /** The first shell (from 1) whose correlation falls below {@code threshold}, or n/2 if none does. */
    public static int firstShellBelow(double[] fsc, double threshold) {
        int shell = 1;
        while (shell < fsc.length && fsc[shell] >= threshold) {
            shell++;
        }
        return shell;
    }
}
