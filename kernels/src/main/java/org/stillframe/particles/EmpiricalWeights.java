package org.stillframe.particles;

/**
 * Per-frame dose weights measured from the data (as RELION's polishing does): the Fourier cylinder correlation of
 * the aligned particle boxes with their references per frame and shell,
 *
 * <pre>
 *   FCC(f, k) = Σ_p Re(X_p,f R_p*) / √(Σ_p |X_p,f|² · Σ_p |R_p|²)
 * </pre>
 *
 * fitted as ln FCC = ln q_f + c(k) + B_f·k²/4 (k in 1/Å, shells from {@link #LOWEST_RESOLUTION_A} to the band's
 * limit where every frame's FCC is positive; c(k) shared by all frames), B_f smoothed by a quadratic in the frame
 * number (B = 0 in the best frame), then
 * w_f(k) = q_f·e^(B_f k²/4) / Σ_g q_g·e^(B_g k²/4), so that Σ_f w_f(k) = 1 at every k.
 */
public final class EmpiricalWeights implements ReferenceMotion.FrameSignal, java.io.Serializable {

    /** Shells below this resolution (Å) are left out of the fit (RELION's default too). */
    static final double LOWEST_RESOLUTION_A = 20;

    private final double pixelSizeA;
    private final double[] bFactor;
    private final double[] logScale;

    private EmpiricalWeights(double pixelSizeA, double[] bFactor, double[] logScale) {
        this.pixelSizeA = pixelSizeA;
        this.bFactor = bFactor;
        this.logScale = logScale;
    }

    /** Measures the FCC along trajectories r ([p][2f + axis]) and fits the weights. */
    public static EmpiricalWeights fit(ReferenceMotion.Prepared d, double[][] r, double pixelSizeA) {
        return fit(java.util.List.of(d), java.util.List.<double[][]>of(r), pixelSizeA);
    }

    /** The same over several micrographs (same box, band and frame count): their sums are pooled. */
    public static EmpiricalWeights fit(java.util.List<ReferenceMotion.Prepared> micrographs,
                                       java.util.List<double[][]> trajectories, double pixelSizeA) {
        TrackingBand band = micrographs.get(0).band;
        int shells = (int) Math.ceil(band.maxRadius()) + 1;
        int n = micrographs.get(0).frames;
        double[][] num = new double[n][shells];
        double[][] xx = new double[n][shells];
        double[][] rr = new double[n][shells];
        for (int m = 0; m < micrographs.size(); m++) {
            accumulate(micrographs.get(m), trajectories.get(m), num, xx, rr);
        }
        double[][] fcc = new double[n][shells];
        for (int f = 0; f < n; f++) {
            for (int s = 0; s < shells; s++) {
                double den = Math.sqrt(xx[f][s] * rr[f][s]);
                fcc[f][s] = den > 0 ? num[f][s] / den : 0;
            }
        }
        double shell = 1.0 / band.box; // cycles per pixel
        int[] count = new int[shells];
        for (int i = 0; i < band.size(); i++) {
            count[(int) Math.round(Math.hypot(band.fx[i], band.fy[i]))]++;
        }
        double[][] fit = fitShared(fcc, count, shell, pixelSizeA);
        return new EmpiricalWeights(pixelSizeA, smooth(fit[1], fit[2]), fit[0]);
    }

    private static void accumulate(ReferenceMotion.Prepared d, double[][] r, double[][] num, double[][] xx,
                                   double[][] rr) {
        TrackingBand band = d.band;
        int n = d.frames;
        double[][] tables = band.phaseTables();
        double[] x = new double[2 * band.size()];
        int[] shellOf = new int[band.size()];
        for (int i = 0; i < band.size(); i++) {
            shellOf[i] = (int) Math.round(Math.hypot(band.fx[i], band.fy[i]));
        }
        for (int p = 0; p < d.particles(); p++) {
            float[] ref = d.own[p];
            for (int f = 0; f < n; f++) {
                band.move(d.data[p][f], r[p][2 * f], r[p][2 * f + 1], tables, x);
                for (int i = 0; i < band.size(); i++) {
                    int s = shellOf[i];
                    num[f][s] += x[2 * i] * ref[2 * i] + x[2 * i + 1] * ref[2 * i + 1];
                    xx[f][s] += x[2 * i] * x[2 * i] + x[2 * i + 1] * x[2 * i + 1];
                    rr[f][s] += ref[2 * i] * ref[2 * i] + ref[2 * i + 1] * ref[2 * i + 1];
                }
            }
        }
    }

    /**
     * ln FCC(f, s) = ln q_f + c_s + B_f·x_s (x_s = k_s²/4) by alternating least squares: c_s, shared by all frames,
     * takes what the frames have in common (the reference's spectrum, the noise, the CTF envelope), so B_f and q_f
     * describe only how frames differ. B is set to 0 in the best frame. Returns {ln q, B}.
     */
    private static double[][] fitShared(double[][] fcc, int[] count, double shell, double pixelSizeA) {
        int n = fcc.length;
        int shells = fcc[0].length;
        boolean[] use = new boolean[shells];
        double[] x = new double[shells];
        for (int s = 1; s < shells; s++) {
            double k = s * shell / pixelSizeA;
            x[s] = k * k / 4;
            boolean positive = true;
            for (double[] f : fcc) {
                positive &= f[s] > 1e-4;
            }
            use[s] = k >= 1 / LOWEST_RESOLUTION_A && positive;
        }
        double[] q = new double[n];
        double[] b = new double[n];
        double[] precision = new double[n];
        double[] c = new double[shells];
        for (int iteration = 0; iteration < 50; iteration++) {
            for (int s = 0; s < shells; s++) {
                if (!use[s]) {
                    continue;
                }
                double m = 0;
                for (int f = 0; f < n; f++) {
                    m += Math.log(fcc[f][s]) - q[f] - b[f] * x[s];
                }
                c[s] = m / n;
            }
            for (int f = 0; f < n; f++) {
                // Weighted by the inverse variance of ln FCC, about count·FCC².
                double sw = 0;
                double sx = 0;
                double sy = 0;
                double sxx = 0;
                double sxy = 0;
                for (int s = 0; s < shells; s++) {
                    if (!use[s]) {
                        continue;
                    }
                    double w = count[s] * fcc[f][s] * fcc[f][s];
                    double y = Math.log(fcc[f][s]) - c[s];
                    sw += w;
                    sx += w * x[s];
                    sy += w * y;
                    sxx += w * x[s] * x[s];
                    sxy += w * x[s] * y;
                }
                double det = sw * sxx - sx * sx;
                if (!(sw > 0) || Math.abs(det) < 1e-30) {
                    continue;
                }
                b[f] = (sw * sxy - sx * sy) / det;
                q[f] = (sy - b[f] * sx) / sw;
                precision[f] = det / sw; // inverse variance of the slope, up to a common factor
            }
        }
        return new double[][] {q, b, precision};
    }

    /**
     * B_f smoothed over frames: a quadratic in the frame number fitted with each frame's precision (damage grows
     * smoothly with exposure; single frames' slopes are noisy where little signal is left), then shifted so that
     * the best frame has B = 0.
     */
    private static double[] smooth(double[] b, double[] precision) {
        int n = b.length;
        double[][] ata = new double[3][3];
        double[] atb = new double[3];
        for (int f = 0; f < n; f++) {
            double[] row = {1, f, f * (double) f};
            for (int i = 0; i < 3; i++) {
                for (int j = 0; j < 3; j++) {
                    ata[i][j] += precision[f] * row[i] * row[j];
                }
                atb[i] += precision[f] * row[i] * b[f];
            }
        }
        double[] coef = solve3(ata, atb);
        double[] out = new double[n];
        double best = Double.NEGATIVE_INFINITY;
        for (int f = 0; f < n; f++) {
            out[f] = coef == null ? b[f] : coef[0] + coef[1] * f + coef[2] * f * (double) f;
            best = Math.max(best, out[f]);
        }
        for (int f = 0; f < n; f++) {
            out[f] -= best;
        }
        return out;
    }

    /** Solves a 3 × 3 system by Cramer's rule; null when singular. */
    private static double[] solve3(double[][] a, double[] b) {
        double det = det3(a);
        if (Math.abs(det) < 1e-300) {
            return null;
        }
        double[] x = new double[3];
        for (int c = 0; c < 3; c++) {
            double[][] m = new double[3][];
            for (int r = 0; r < 3; r++) {
                m[r] = a[r].clone();
                m[r][c] = b[r];
            }
            x[c] = det3(m) / det;
        }
        return x;
    }

    private static double det3(double[][] m) {
        return m[0][0] * (m[1][1] * m[2][2] - m[1][2] * m[2][1]) - m[0][1] * (m[1][0] * m[2][2] - m[1][2] * m[2][0])
                + m[0][2] * (m[1][0] * m[2][1] - m[1][1] * m[2][0]);
    }

    public int frames() {
        return bFactor.length;
    }

    /** B_f (Å², ≤ 0 for damaged frames). */
    public double bFactor(int frame) {
        return bFactor[frame];
    }

    /** ln q_f. */
    public double logScale(int frame) {
        return logScale[frame];
    }

    /** q_f·e^(B_f k²/4), unnormalised: the signal left in frame f relative to the others. */
    @Override
    public double amplitude(int frame, double cyclesPerPixel) {
        double k = cyclesPerPixel / pixelSizeA;
        return Math.exp(logScale[frame] + bFactor[frame] * k * k / 4);
    }

    /** w_f(k), Σ_f w_f(k) = 1. */
    public float weight(int frame, double cyclesPerPixel) {
        double sum = 0;
        for (int g = 0; g < bFactor.length; g++) {
            sum += amplitude(g, cyclesPerPixel);
        }
        return (float) (amplitude(frame, cyclesPerPixel) / sum);
    }
}
