package org.stillframe.particles;

/**
 * The numerical steps of {@link EmpiricalWeights}' fit: the frames' departures from the analytic curve fitted to the
 * FCC, and their smoothing over frames towards a prior of no departure.
 */
final class FrameDepartures {

    private FrameDepartures() {
    }

    /**
     * FCC(f, s) ≈ μ(f, s) = A_f(k_s)·exp(ln q_f + c_s + B_f·x_s) by iteratively reweighted least squares (Gauss–Newton
     * for additive noise of variance ∝ 1/count_s, as the FCC of faint signal has), so that FCCs at or below 0 count
     * as they are: the working response ln μ + (FCC − μ)/μ with weights count_s·μ², fitted alternately for c_s,
     * shared by all frames (the reference's spectrum, the noise, the CTF envelope), and for each frame's q_f, B_f,
     * which describe only how frames differ from the analytic curve and from each other. Keeps each frame's weighted
     * sums (of x and of the response less c) and the residual variance per unit weight, σ², over
     * (frames − 1)·(shells − 2) degrees of freedom.
     */
    record Shared(double[] b, double[] precision, double[] sw, double[] sx, double[] sy, double[][] w,
                  double sigma2) {

        private static final int ITERATIONS = 100;

        static Shared of(double[][] fcc, int[] count, double[][] lnA, double[] x, boolean[] use) {
            int n = fcc.length;
            int shells = x.length;
            double[] q = new double[n];
            double[] b = new double[n];
            double[] precision = new double[n];
            double[] c = new double[shells];
            double[] sw = new double[n];
            double[] sx = new double[n];
            double[] sy = new double[n];
            double[][] w = new double[n][shells];
            double[][] z = new double[n][shells];
            for (int s = 0; s < shells; s++) {
                if (use[s]) {
                    double mean = 0;
                    for (int f = 0; f < n; f++) {
                        mean += fcc[f][s] / n;
                    }
                    c[s] = Math.log(mean);
                }
            }
            for (int iteration = 0; iteration < ITERATIONS; iteration++) {
                response(fcc, count, lnA, x, use, q, b, c, w, z);
                for (int s = 0; s < shells; s++) {
                    if (!use[s]) {
                        continue;
                    }
                    double m = 0;
                    double ws = 0;
                    for (int f = 0; f < n; f++) {
                        m += w[f][s] * (z[f][s] - q[f] - b[f] * x[s]);
                        ws += w[f][s];
                    }
                    c[s] = ws > 0 ? m / ws : c[s];
                }
                for (int f = 0; f < n; f++) {
                    double sxx = 0;
                    double sxy = 0;
                    sw[f] = 0;
                    sx[f] = 0;
                    sy[f] = 0;
                    for (int s = 0; s < shells; s++) {
                        if (!use[s]) {
                            continue;
                        }
                        double v = z[f][s] - c[s];
                        sw[f] += w[f][s];
                        sx[f] += w[f][s] * x[s];
                        sy[f] += w[f][s] * v;
                        sxx += w[f][s] * x[s] * x[s];
                        sxy += w[f][s] * x[s] * v;
                    }
                    double det = sw[f] * sxx - sx[f] * sx[f];
                    if (!(sw[f] > 0) || !(det > 1e-12 * sw[f] * sxx)) {
                        return null; // a frame without a slope (or a diverged fit): nothing to say about it
                    }
                    b[f] = (sw[f] * sxy - sx[f] * sy[f]) / det;
                    q[f] = (sy[f] - b[f] * sx[f]) / sw[f];
                    precision[f] = det / sw[f]; // inverse variance of the slope in units of σ²
                }
            }
            double rss = 0;
            int used = 0;
            for (int s = 0; s < shells; s++) {
                if (!use[s]) {
                    continue;
                }
                used++;
                for (int f = 0; f < n; f++) {
                    double mu = Math.exp(lnA[f][s] + q[f] + c[s] + b[f] * x[s]);
                    rss += count[s] * (fcc[f][s] - mu) * (fcc[f][s] - mu);
                }
            }
            int dof = (n - 1) * (used - 2);
            return new Shared(b, precision, sw, sx, sy, w, dof > 0 ? rss / dof : Double.NaN);
        }

        /** The working response (less ln A) and the weights at the current parameters. */
        private static void response(double[][] fcc, int[] count, double[][] lnA, double[] x, boolean[] use,
                                     double[] q, double[] b, double[] c, double[][] w, double[][] z) {
            for (int f = 0; f < fcc.length; f++) {
                for (int s = 0; s < x.length; s++) {
                    if (!use[s]) {
                        continue;
                    }
                    double eta = q[f] + c[s] + b[f] * x[s];
                    double mu = Math.exp(lnA[f][s] + eta);
                    w[f][s] = count[s] * mu * mu;
                    z[f][s] = eta + (fcc[f][s] - mu) / mu;
                }
            }
        }
    }

    /** A smoothed departure per frame, its posterior variance and the weight the data got (see {@link #smooth}). */
    record Smoothed(double[] value, double[] variance, double[] dataWeight) {
    }

    /**
     * A departure from the analytic curve smoothed over frames: a quadratic in the frame number (damage grows
     * smoothly with exposure; single frames' estimates are noisy where little signal is left), its coefficients the
     * posterior mean given each frame's estimate d_f of variance σ²/p_f and a Gaussian prior of standard deviation
     * τ on the linear and quadratic terms (in t ∈ [−1, 1] over the frames; the constant, which does not change the
     * weights, is free): ridge regression. Without data it is 0, the analytic curve; with data much better than τ,
     * the weighted least-squares quadratic. A frame's data weight is 1 − (posterior variance / prior variance) of
     * its varying part: 1 where the data decide, 0 where the prior does.
     */
    static Smoothed smooth(double[] d, double[] p, double sigma2, double priorSd) {
        int n = d.length;
        double[][] rows = new double[n][];
        double m2 = 0;
        for (int f = 0; f < n; f++) {
            double t = n > 1 ? 2.0 * f / (n - 1) - 1 : 0;
            rows[f] = new double[] {1, t, t * t};
            m2 += t * t / n;
        }
        for (double[] row : rows) {
            row[2] -= m2;
        }
        // Σ p r rᵀ + σ²/τ² on the varying terms: the normal equations scaled by σ², well defined where σ² = 0.
        double[][] a = new double[3][3];
        double[] rhs = new double[3];
        for (int f = 0; f < n; f++) {
            for (int i = 0; i < 3; i++) {
                for (int j = 0; j < 3; j++) {
                    a[i][j] += p[f] * rows[f][i] * rows[f][j];
                }
                rhs[i] += p[f] * rows[f][i] * d[f];
            }
        }
        double ridge = Double.isInfinite(priorSd) ? 0 : sigma2 / (priorSd * priorSd);
        a[1][1] += ridge;
        a[2][2] += ridge;
        double[] coef = solve3(a, rhs);
        double[] value = new double[n];
        double[] variance = new double[n];
        double[] weight = new double[n];
        for (int f = 0; f < n; f++) {
            double[] row = rows[f];
            double[] g = coef == null ? null : solve3(a, row);
            if (g == null) {
                value[f] = d[f];
                variance[f] = sigma2 / p[f];
                weight[f] = 1;
                continue;
            }
            value[f] = coef[0] + coef[1] * row[1] + coef[2] * row[2];
            variance[f] = sigma2 * (row[0] * g[0] + row[1] * g[1] + row[2] * g[2]);
            double prior = row[1] * row[1] + row[2] * row[2];
            if (ridge == 0 || prior == 0) {
                weight[f] = 1;
            } else {
                // Posterior covariance of the varying terms: σ²·(A⁻¹) restricted to them.
                double[] g1 = solve3(a, new double[] {0, 1, 0});
                double[] g2 = solve3(a, new double[] {0, 0, 1});
                double post = sigma2 * (row[1] * (row[1] * g1[1] + row[2] * g1[2])
                        + row[2] * (row[1] * g2[1] + row[2] * g2[2]));
                weight[f] = Math.max(0, Math.min(1, 1 - post / (priorSd * priorSd * prior)));
            }
        }
        return new Smoothed(value, variance, weight);
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
}
