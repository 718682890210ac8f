package org.stillframe.particles;

import org.stillframe.fft.FftPlans;
import org.stillframe.fft.RealFft2d;
import org.stillframe.parallel.Workers;

/**
 * The data term of {@link ReferenceFit} tabulated once per particle and frame: the weighted cross-correlation
 *
 * <pre>
 *   C_p,f(r) = Σ_k A_f(k) Re(Y_p,f(k) R_p(k)* e^(−2πi k·r / box))     (k over the band, r the residual shift)
 * </pre>
 *
 * sampled every 1/{@link #UPSAMPLE} px over |r_x|, |r_y| ≤ {@link #HALF_WIDTH} px by one zero-padded inverse FFT,
 * and read back by cubic convolution (Catmull–Rom) with its gradient. A likelihood evaluation then costs a 4 × 4
 * lookup per particle and frame instead of a sum over thousands of coefficients (RELION's polishing does likewise).
 * Beyond the window a steep quadratic wall keeps trajectories inside.
 */
final class CorrelationMaps {

    /** Samples per pixel. */
    static final int UPSAMPLE = 2;
    /** Largest residual shift tabulated (px): the movie's motion is already removed. */
    static final int HALF_WIDTH = 10;
    private static final double WALL = 1e3;

    private final float[][][] maps; // [p][f][side²]
    private final double[] referencePower; // Σ_f Σ_k A_f² |R_p|² per particle
    private final double[] referenceCurvature;
    private final float[][] peak;          // [p][f] largest |C| in the window: the wall's scale
    private final int side;
    private final int centre;

    private CorrelationMaps(float[][][] maps, double[] referencePower, double[] referenceCurvature, float[][] peak,
                            int side) {
        this.maps = maps;
        this.referencePower = referencePower;
        this.referenceCurvature = referenceCurvature;
        this.peak = peak;
        this.side = side;
        this.centre = side / 2;
    }

    /** The maps of every particle (data [p][f][2K], references [p][2K], signal [f][K]) on the band. */
    static CorrelationMaps of(TrackingBand band, float[][][] data, float[][] references, float[][] signal,
                              Workers workers) {
        int n = UPSAMPLE * band.box;
        int side = 2 * (HALF_WIDTH * UPSAMPLE + 2) + 1; // two samples of margin for the cubic kernel
        int centre = side / 2;
        int cols = n / 2 + 1;
        RealFft2d fft = FftPlans.of(n, n);
        int particles = data.length;
        int frames = signal.length;
        float[][][] maps = new float[particles][frames][];
        double[] power = new double[particles];
        double[] curvature = new double[particles];
        double radian = 2 * Math.PI / band.box;
        float[][] peak = new float[particles][frames];
        float[][] spectra = new float[workers.count()][fft.spectrumLength()];
        float[][] images = new float[workers.count()][n * n];
        workers.forEach(particles, (w, p) -> {
            float[] spec = spectra[w];
            float[] img = images[w];
            float[] ref = references[p];
            double pw = 0;
            double cv = 0;
            for (int f = 0; f < frames; f++) {
                java.util.Arrays.fill(spec, 0);
                float[] y = data[p][f];
                float[] a = signal[f];
                for (int i = 0; i < band.size(); i++) {
                    double cr = y[2 * i] * ref[2 * i] + y[2 * i + 1] * ref[2 * i + 1];
                    double ci = y[2 * i + 1] * ref[2 * i] - y[2 * i] * ref[2 * i + 1];
                    int row = Math.floorMod(band.fy[i], n);
                    int at = 2 * (row * cols + band.fx[i]);
                    spec[at] = (float) (a[i] * cr);
                    spec[at + 1] = (float) (a[i] * ci);
                    if (band.fx[i] == 0) { // the band holds column 0 once per conjugate pair: complete it
                        int mirror = 2 * (Math.floorMod(-band.fy[i], n) * cols);
                        spec[mirror] = (float) (a[i] * cr);
                        spec[mirror + 1] = (float) (-a[i] * ci);
                    }
                    double r2 = a[i] * a[i] * ((double) ref[2 * i] * ref[2 * i] + (double) ref[2 * i + 1] * ref[2 * i + 1]);
                    pw += r2;
                    cv += r2 * radian * radian * (band.fx[i] * band.fx[i] + band.fy[i] * band.fy[i]) / 2;
                }
                fft.inverse(spec, img);
                // The inverse sums both halves of the plane (twice the band's sum) at x = −U·r.
                float[] m = new float[side * side];
                for (int j = 0; j < side; j++) {
                    int row = Math.floorMod(-(j - centre), n) * n;
                    for (int i = 0; i < side; i++) {
                        float v = 0.5f * img[row + Math.floorMod(-(i - centre), n)];
                        m[j * side + i] = v;
                        peak[p][f] = Math.max(peak[p][f], Math.abs(v));
                    }
                }
                maps[p][f] = m;
            }
            power[p] = pw;
            curvature[p] = cv;
        });
        return new CorrelationMaps(maps, power, curvature, peak, side);
    }

    /** The maps of some particles (shared, not copied). */
    CorrelationMaps subset(int[] index) {
        float[][][] m = new float[index.length][][];
        double[] pw = new double[index.length];
        double[] cv = new double[index.length];
        float[][] pk = new float[index.length][];
        for (int i = 0; i < index.length; i++) {
            m[i] = maps[index[i]];
            pw[i] = referencePower[index[i]];
            cv[i] = referenceCurvature[index[i]];
            pk[i] = peak[index[i]];
        }
        return new CorrelationMaps(m, pw, cv, pk, side);
    }

    int particles() {
        return maps.length;
    }

    int frames() {
        return maps[0].length;
    }

    /** Σ_f Σ_k A_f(k)² |R_p(k)|²: the reference's power as the data term sees it. */
    double referencePower(int p) {
        return referencePower[p];
    }

    /**
     * Σ_f Σ_k A_f(k)² |R_p(k)|² (2π|k| / box)² / 2: times the signal scale, the data term's expected curvature per
     * axis summed over frames (its Fisher information about a shift).
     */
    double referenceCurvature(int p) {
        return referenceCurvature[p];
    }

    /** C_p,f at residual shift (rx, ry) px; its gradient into grad[0..1] (may be null). */
    double value(int p, int f, double rx, double ry, double[] grad) {
        double gx = centre + rx * UPSAMPLE;
        double gy = centre + ry * UPSAMPLE;
        double lo = 1;
        double hi = side - 3;
        double cx = Math.min(Math.max(gx, lo), hi);
        double cy = Math.min(Math.max(gy, lo), hi);
        int x0 = (int) Math.floor(cx);
        int y0 = (int) Math.floor(cy);
        double tx = cx - x0;
        double ty = cy - y0;
        double[] wx = new double[4];
        double[] dx = new double[4];
        double[] wy = new double[4];
        double[] dy = new double[4];
        kernel(tx, wx, dx);
        kernel(ty, wy, dy);
        float[] m = maps[p][f];
        double v = 0;
        double vx = 0;
        double vy = 0;
        for (int j = 0; j < 4; j++) {
            int row = (y0 - 1 + j) * side + x0 - 1;
            double sx = 0;
            double sdx = 0;
            for (int i = 0; i < 4; i++) {
                double s = m[row + i];
                sx += wx[i] * s;
                sdx += dx[i] * s;
            }
            v += wy[j] * sx;
            vx += wy[j] * sdx;
            vy += dy[j] * sx;
        }
        // Outside the window: the edge's value minus a wall, so that the optimiser turns back.
        double ex = (gx - cx) / UPSAMPLE;
        double ey = (gy - cy) / UPSAMPLE;
        double scale = peak[p][f] + 1e-30;
        v -= WALL * scale * (ex * ex + ey * ey);
        if (grad != null) {
            grad[0] = (ex == 0 ? vx * UPSAMPLE : 0) - 2 * WALL * scale * ex;
            grad[1] = (ey == 0 ? vy * UPSAMPLE : 0) - 2 * WALL * scale * ey;
        }
        return v;
    }

    /** Catmull–Rom weights of the samples at −1, 0, 1, 2 for an offset t ∈ [0, 1), and their derivatives. */
    private static void kernel(double t, double[] w, double[] d) {
        double t2 = t * t;
        double t3 = t2 * t;
        w[0] = 0.5 * (-t3 + 2 * t2 - t);
        w[1] = 0.5 * (3 * t3 - 5 * t2 + 2);
        w[2] = 0.5 * (-3 * t3 + 4 * t2 + t);
        w[3] = 0.5 * (t3 - t2);
        d[0] = 0.5 * (-3 * t2 + 4 * t - 1);
        d[1] = 0.5 * (9 * t2 - 10 * t);
        d[2] = 0.5 * (-9 * t2 + 8 * t + 1);
        d[3] = 0.5 * (3 * t2 - 2 * t);
    }
}
