package org.stillframe.align.global;

/**
 * The usual shape of whole-frame motion: a fast early burst that decays exponentially plus a linear drift,
 * s(t) = a·(1 − exp(−t/τ)) + b·t + c per axis, τ shared by x and y. Fitted by least squares (linear in a, b, c
 * for each τ of a log-spaced search); what the shape does not explain is left to the smoother.
 */
final class DriftModel {

    private DriftModel() {
    }

    /** The best-fitting model's values per frame: {x[], y[]}. */
    static double[][] fit(double[] x, double[] y) {
        int n = x.length;
        double[][] best = linear(x, y);
        double bestCost = cost(x, y, best);
        for (double logTau = Math.log(0.3); logTau <= Math.log(3.0 * n); logTau += 0.05) {
            double tau = Math.exp(logTau);
            double[] e = new double[n];
            for (int i = 0; i < n; i++) {
                e[i] = 1 - Math.exp(-i / tau);
            }
            double[][] m = {fitBasis(x, e), fitBasis(y, e)};
            double c = cost(x, y, m);
            if (c < bestCost) {
                bestCost = c;
                best = m;
            }
        }
        return best;
    }

    private static double[][] linear(double[] x, double[] y) {
        double[] zero = new double[x.length];
        return new double[][] {fitBasis(x, zero), fitBasis(y, zero)};
    }

    private static double cost(double[] x, double[] y, double[][] m) {
        double c = 0;
        for (int i = 0; i < x.length; i++) {
            double dx = x[i] - m[0][i];
            double dy = y[i] - m[1][i];
            c += dx * dx + dy * dy;
        }
        return c;
    }

    /** Least-squares fit of v by {e, t, 1} (e may be all zero: then a line). */
    private static double[] fitBasis(double[] v, double[] e) {
        int n = v.length;
        double[][] ata = new double[3][3];
        double[] atb = new double[3];
        for (int i = 0; i < n; i++) {
            double[] row = {e[i], i, 1};
            for (int a = 0; a < 3; a++) {
                atb[a] += row[a] * v[i];
                for (int b = 0; b < 3; b++) {
                    ata[a][b] += row[a] * row[b];
                }
            }
        }
        double[] coef = LeastSquares.solveRegularised(ata, atb, 1e-9);
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            out[i] = coef[0] * e[i] + coef[1] * i + coef[2];
        }
        return out;
    }
}
