package org.stillframe.align.global;

/**
 * The usual shape of whole-frame motion: a fast early burst that decays exponentially plus a linear drift,
 * s(t) = a·(1 − exp(−(t − t₀)/τ)) + b·t + c per axis, τ shared by x and y. Fitted robustly (Tukey's biweight,
 * iteratively reweighted least squares, for each τ of a log-spaced search), so a frame whose correlation
 * locked onto a noise peak does not bend the shape. What the shape does not explain is left to the smoother.
 */
final class DriftModel {

    private static final double TUKEY_C = 4.685;

    private DriftModel() {
    }

    /** The fitted shape at each time and the robust weights (0 = outlier): {x[], y[], weight[]}. */
    static double[][] fit(double[] t, double[] x, double[] y) {
        int n = x.length;
        double span = t[n - 1] - t[0];
        double[][] best = null;
        double bestCost = Double.POSITIVE_INFINITY;
        // tau = +inf (no burst) first, then a log-spaced search
        for (double logTau = Double.NaN; ; logTau = Double.isNaN(logTau) ? Math.log(0.3) : logTau + 0.1) {
            if (!Double.isNaN(logTau) && logTau > Math.log(3.0 * Math.max(span, 1))) {
                break;
            }
            double[] e = new double[n];
            if (!Double.isNaN(logTau)) {
                double tau = Math.exp(logTau);
                for (int i = 0; i < n; i++) {
                    e[i] = 1 - Math.exp(-(t[i] - t[0]) / tau);
                }
            }
            double[][] m = robustFit(t, x, y, e);
            double c = m[3][0];
            if (c < bestCost) {
                bestCost = c;
                best = m;
            }
        }
        return new double[][] {best[0], best[1], best[2]};
    }

    /** IRLS with Tukey weights on the 2-D residual: {fx, fy, weights, {cost}}. */
    private static double[][] robustFit(double[] t, double[] x, double[] y, double[] e) {
        int n = x.length;
        double[] w = new double[n];
        java.util.Arrays.fill(w, 1);
        double[] fx = null;
        double[] fy = null;
        double cost = 0;
        for (int iter = 0; iter < 6; iter++) {
            fx = fitBasis(t, x, e, w);
            fy = fitBasis(t, y, e, w);
            double[] r = new double[n];
            for (int i = 0; i < n; i++) {
                r[i] = Math.hypot(x[i] - fx[i], y[i] - fy[i]);
            }
            double scale = Math.max(1.4826 * median(r), 0.05);
            cost = 0;
            for (int i = 0; i < n; i++) {
                double u = r[i] / (TUKEY_C * scale);
                w[i] = u < 1 ? (1 - u * u) * (1 - u * u) : 0;
                // Tukey's rho, so that fits with different tau are compared on the same robust scale
                cost += u < 1 ? 1 - Math.pow(1 - u * u, 3) : 1;
            }
            cost *= scale * scale;
        }
        return new double[][] {fx, fy, w, {cost}};
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        java.util.Arrays.sort(s);
        int n = s.length;
        return n % 2 == 1 ? s[n / 2] : 0.5 * (s[n / 2 - 1] + s[n / 2]);
    }

    /** Weighted least-squares fit of v by {e, t, 1} (e may be all zero: then a line). */
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
        double[] coef = LeastSquares.solveRegularised(ata, atb, 1e-9);
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            out[i] = coef[0] * e[i] + coef[1] * t[i] + coef[2];
        }
        return out;
    }
}
