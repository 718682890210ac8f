package org.stillframe.align.global;

/**
 * Removes measurement noise from a per-frame trajectory. Per-frame shifts measured against a noisy reference
 * scatter around a smooth physical motion; at ~1 e/Å²/frame that scatter is several tenths of a pixel.
 *
 * <ol>
 *   <li>The usual shape of the motion ({@link DriftModel}: exponential burst + linear drift) is fitted first, so
 *       that the fast, sharply curved early frames are not flattened by the smoothing that follows.</li>
 *   <li>What the shape leaves over is smoothed with a penalty on its acceleration, its strength chosen from the
 *       data by generalised cross-validation (Craven & Wahba 1979):
 *       r̂ = (I + λ D₂ᵀD₂)⁻¹ r with λ minimising N‖(I − H_λ)r‖² / (N − tr H_λ)². GCV estimates how much of the
 *       wiggle is noise without being told the noise level: a clean trajectory whose motion departs from the
 *       shape keeps its departures, a noisy one is smoothed hard. x and y share one λ.</li>
 * </ol>
 */
public final class TrajectorySmoother {

    private static final int MIN_FRAMES = 5;

    private TrajectorySmoother() {
    }

    /** The smoothed trajectory of frames 0..n−1, or the input unchanged when there are too few to judge. */
    public static FrameShifts smooth(FrameShifts measured) {
        double[] t = new double[measured.frames()];
        for (int i = 0; i < t.length; i++) {
            t[i] = i;
        }
        double[][] s = smooth(t, measured.x(), measured.y());
        return new FrameShifts(s[0], s[1]);
    }

    /**
     * Smooths samples (x_i, y_i) taken at increasing times t_i: {x[], y[]}. Samples the robust shape fit marks as
     * outliers are replaced by the shape's value before smoothing.
     */
    public static double[][] smooth(double[] t, double[] xIn, double[] yIn) {
        Smoothed s = smoothWithNoise(t, xIn, yIn);
        return new double[][] {s.x(), s.y()};
    }

    /**
     * The smoothed trajectory and the measurement noise it implies: σ = sqrt(Σ|measured − smoothed|² / (2(n − tr H)))
     * px per axis, H the smoother at the chosen strength (NaN with too few samples).
     */
    public record Smoothed(double[] x, double[] y, double noisePx) {
    }

    public static Smoothed smoothWithNoise(double[] t, double[] xIn, double[] yIn) {
        int n = t.length;
        if (n < MIN_FRAMES) {
            return new Smoothed(xIn.clone(), yIn.clone(), Double.NaN);
        }
        double[][] model = DriftModel.fit(t, xIn, yIn);
        double[] x = new double[n];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            boolean outlier = model[2][i] == 0;
            x[i] = outlier ? 0 : xIn[i] - model[0][i];
            y[i] = outlier ? 0 : yIn[i] - model[1][i];
        }
        double[][] dtd = secondDifferenceGram(n);
        double[][] q = new double[n][n];
        double[] eig = SymmetricEigen.decompose(dtd, q);
        double[] qx = project(q, x);
        double[] qy = project(q, y);
        double bestLambda = 0;
        double bestScore = Double.POSITIVE_INFINITY;
        double bestTrace = 0;
        for (double logL = -4; logL <= 8.0001; logL += 0.1) {
            double lambda = Math.pow(10, logL);
            double residual = 0;
            double trace = 0;
            for (int k = 0; k < n; k++) {
                double h = 1 / (1 + lambda * eig[k]);
                double r = 1 - h;
                residual += r * r * (qx[k] * qx[k] + qy[k] * qy[k]);
                trace += h;
            }
            double score = 2 * n * residual / Math.pow(2 * (n - trace), 2);
            if (score < bestScore) {
                bestScore = score;
                bestLambda = lambda;
                bestTrace = trace;
            }
        }
        double[] sx = apply(q, eig, qx, bestLambda);
        double[] sy = apply(q, eig, qy, bestLambda);
        double rss = 0;
        for (int i = 0; i < n; i++) {
            sx[i] += model[0][i];
            sy[i] += model[1][i];
            rss += Math.pow(xIn[i] - sx[i], 2) + Math.pow(yIn[i] - sy[i], 2);
        }
        double dof = Math.max(1, 2 * (n - bestTrace));
        return new Smoothed(sx, sy, Math.sqrt(rss / dof));
    }

    /** D₂ᵀD₂ for the (n−2) × n second-difference operator. */
    private static double[][] secondDifferenceGram(int n) {
        double[][] g = new double[n][n];
        int[] idx = new int[3];
        double[] coef = {1, -2, 1};
        for (int r = 0; r < n - 2; r++) {
            idx[0] = r;
            idx[1] = r + 1;
            idx[2] = r + 2;
            for (int a = 0; a < 3; a++) {
                for (int b = 0; b < 3; b++) {
                    g[idx[a]][idx[b]] += coef[a] * coef[b];
                }
            }
        }
        return g;
    }

    /** Coordinates of v in the eigenbasis: Qᵀv (eigenvectors are the columns of q). */
    private static double[] project(double[][] q, double[] v) {
        int n = v.length;
        double[] out = new double[n];
        for (int k = 0; k < n; k++) {
            double s = 0;
            for (int i = 0; i < n; i++) {
                s += q[i][k] * v[i];
            }
            out[k] = s;
        }
        return out;
    }

    private static double[] apply(double[][] q, double[] eig, double[] coords, double lambda) {
        int n = coords.length;
        double[] out = new double[n];
        for (int k = 0; k < n; k++) {
            double c = coords[k] / (1 + lambda * eig[k]);
            for (int i = 0; i < n; i++) {
                out[i] += q[i][k] * c;
            }
        }
        return out;
    }
}
