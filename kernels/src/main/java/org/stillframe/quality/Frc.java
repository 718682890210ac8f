package org.stillframe.quality;

import org.stillframe.fft.FftPlans;
import org.stillframe.fft.RealFft2d;
import org.stillframe.image.Spectra;

/**
 * Fourier ring correlation of two images of the same size: per ring of spatial frequency,
 * Σ Re(A·B*) / sqrt(Σ|A|² · Σ|B|²). Ring k holds |s| in [k, k+1)/(2·rings) cycles per pixel, up to Nyquist.
 */
public final class Frc {

    private Frc() {
    }

    public static double[] compute(float[] a, float[] b, int nx, int ny, int rings) {
        RealFft2d fft = FftPlans.of(nx, ny);
        float[] fa = new float[fft.spectrumLength()];
        float[] fb = new float[fft.spectrumLength()];
        fft.forward(a, fa);
        fft.forward(b, fb);
        double[] ab = new double[rings];
        double[] aa = new double[rings];
        double[] bb = new double[rings];
        int cols = nx / 2 + 1;
        for (int r = 0; r < ny; r++) {
            double sy = Spectra.rowFrequency(r, ny) / (double) ny;
            for (int c = 0; c < cols; c++) {
                double sx = c / (double) nx;
                int ring = (int) (Math.sqrt(sx * sx + sy * sy) * 2 * rings);
                if (ring >= rings || (r == 0 && c == 0)) {
                    continue;
                }
                // Columns 1..nx/2−1 stand for two Fourier coefficients (±kx); counting them once is fine for a ratio.
                int i = 2 * (r * cols + c);
                ab[ring] += (double) fa[i] * fb[i] + (double) fa[i + 1] * fb[i + 1];
                aa[ring] += (double) fa[i] * fa[i] + (double) fa[i + 1] * fa[i + 1];
                bb[ring] += (double) fb[i] * fb[i] + (double) fb[i + 1] * fb[i + 1];
            }
        }
        double[] frc = new double[rings];
        for (int k = 0; k < rings; k++) {
            frc[k] = aa[k] > 0 && bb[k] > 0 ? ab[k] / Math.sqrt(aa[k] * bb[k]) : 0;
        }
        return frc;
    }
}
