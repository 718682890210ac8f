package org.stillframe.align.global;

import org.stillframe.image.RobustStats;

/**
 * The usual shape of whole-frame motion: a fast early burst that decays exponentially plus a linear drift,
 * s(t) = a·(1 − exp(−(t − t₀)/τ)) + b·t + c per axis, τ shared by x and y. Fitted robustly (Tukey's biweight,
 * iteratively reweighted least squares, for each τ of a log-spaced search), so a frame whose correlation
 * locked onto a noise peak does not bend the shape. What the shape does not explain is left to the smoother.
 */
final class DriftModel {

    private static final double TUKEY_C = 4.685;
    /** Shortest burst decay searched, in frames. */
    static final double MIN_TAU = 0.3;

    private DriftModel() {
    }

    /** A fitted shape: s(t) = a·(1 − exp(−(t − t₀)/τ)) + b·t + c per axis (no burst term when τ is NaN). */
    record Fit(double tau, double t0, double[] cx, double[] cy, double[] weights) {

        double x(double t) {
            return at(cx, t);
        }

        double y(double t) {
            return at(cy, t);
        }

        private double at(double[] c, double t) {
            double e = Double.isNaN(tau) ? 0 : 1 - Math.exp(-(t - t0) / tau);
            return c[0] * e + c[1] * t + c[2];
        }
    }

    /** The fitted shape at each time and the robust weights (0 = outlier): {x[], y[], weight[]}. */
    static double[][] fit(double[] t, double[] x, double[] y) {
        Fit f = fitShape(t, x, y, t[0], MIN_TAU);
        int n = t.length;
        double[] fx = new double[n];
        double[] fy = new double[n];
        for (int i = 0; i < n; i++) {
            fx[i] = f.x(t[i]);
            fy[i] = f.y(t[i]);
        }
        return new double[][] {fx, fy, f.weights()};
    }

    /**
     * The best shape over the τ search, with its robust weights. The burst starts at {@code t0} (≤ t[0]): the
     * shape is then well-behaved at every time from t0 on, also before the first sample. τ is at least
     * {@code minTau}: a shape cannot bend faster than the samples resolve.
     */
    static Fit fitShape(double[] t, double[] x, double[] y, double t0, double minTau) {
        int n = x.length;
        double span = t[n - 1] - t[0];
        Fit best = null;
        double bestCost = Double.POSITIVE_INFINITY;
        // tau = +inf (no burst) first, then a log-spaced search
        for (double logTau = Double.NaN; ; logTau = Double.isNaN(logTau) ? Math.log(minTau) : logTau + 0.1) {
            if (!Double.isNaN(logTau) && logTau > Math.log(3.0 * Math.max(span, 1))) {
                break;
            }
            double tau = Double.isNaN(logTau) ? Double.NaN : Math.exp(logTau);
            double[] e = new double[n];
            if (!Double.isNaN(tau)) {
                for (int i = 0; i < n; i++) {
                    e[i] = 1 - Math.exp(-(t[i] - t0) / tau);
                }
            }
            double[][] m = robustFit(t, x, y, e);
            double c = m[3][0];
            if (c < bestCost) {
                bestCost = c;
                best = new Fit(tau, t0, m[0], m[1], m[2]);
            }
        }
        return best;
    }

    /** IRLS with Tukey weights on the 2-D residual: {coefficients x, coefficients y, weights, {cost}}. */
    private static double[][] robustFit(double[] t, double[] x, double[] y, double[] e) {
        int n = x.length;
        double[] w = new double[n];
        java.util.Arrays.fill(w, 1);
        double[] cx = null;
        double[] cy = null;
        double cost = 0;
        for (int iter = 0; iter < 6; iter++) {
            cx = fitBasis(t, x, e, w);
            cy = fitBasis(t, y, e, w);
            double[] fx = values(cx, t, e);
            double[] fy = values(cy, t, e);
            double[] r = new double[n];
            for (int i = 0; i < n; i++) {
                r[i] = Math.hypot(x[i] - fx[i], y[i] - fy[i]);
            }
            double scale = Math.max(RobustStats.MAD_TO_SIGMA * RobustStats.median(r), 0.05);
            cost = 0;
            for (int i = 0; i < n; i++) {
                double u = r[i] / (TUKEY_C * scale);
                w[i] = u < 1 ? (1 - u * u) * (1 - u * u) : 0;
                // Tukey's rho, so that fits with different tau are compared on the same robust scale
                cost += u < 1 ? 1 - Math.pow(1 - u * u, 3) : 1;
            }
            cost *= scale * scale;
        }
        return new double[][] {cx, cy, w, {cost}};
    }

    private static double[] values(double[] c, double[] t, double[] e) {
        double[] out = new double[t.length];
        for (int i = 0; i < t.length; i++) {
            out[i] = c[0] * e[i] + c[1] * t[i] + c[2];
        }
        return out;
    }

    /** Weighted least-squares coefficients {a, b, c} of v by {e, t, 1} (e may be all zero: then a line). */
    private static double[] fitBasis(double[] t, double[] v, double[] e, double[] w) {
        int n = v.length;
        double[][] ata = new double[3][3];
        double[] atb = new double[3];
        for (int i = 0; i < n; i++) {
            double[] row = {e[i], t[i], 1};
            for (int a = 0; a < 3; a++) {
                atb[a] += w[i] * row[a] * v[i];
                for (int b = 0; b < 3; b++) {
                    ata[a][b] += w[i] * row[a] * row[b];
                }
            }
        }
        return LeastSquares.solveRegularised(ata, atb, 1e-9);
    }
}
