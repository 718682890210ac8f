package org.stillframe.optimize;

/**
 * Limited-memory BFGS (Nocedal & Wright, Numerical Optimization, algorithm 7.4/7.5) with a backtracking line
 * search on the Armijo condition (steps shortened by quadratic interpolation): minimises a smooth function of a
 * few hundred variables (a particle's trajectory) from its value and gradient.
 */
public final class Lbfgs {

    /** The function to minimise: writes the gradient at x into grad and returns the value. */
    @FunctionalInterface
    public interface Objective {
        double evaluate(double[] x, double[] grad);
    }

    /** The minimum found, the value there and the iterations used. */
    public record Result(double[] x, double value, int iterations) {
    }

    private static final int MEMORY = 8;
    private static final double ARMIJO = 1e-4;

    private Lbfgs() {
    }

    /**
     * Minimises from x0 until the gradient's largest component falls below {@code gradientTolerance}, the value
     * stops decreasing (relative change below 1e-10), or {@code maxIterations} steps.
     */
    public static Result minimise(Objective f, double[] x0, int maxIterations, double gradientTolerance) {
        return minimise(f, x0, maxIterations, gradientTolerance, 0);
    }

    /**
     * The same, also stopping once three iterations in a row have lowered the value by less than
     * {@code valueTolerance} each (for objectives in meaningful units, such as a log-likelihood).
     */
    public static Result minimise(Objective f, double[] x0, int maxIterations, double gradientTolerance,
                                  double valueTolerance) {
        int n = x0.length;
        int small = 0;
        double[] x = x0.clone();
        double[] g = new double[n];
        double value = f.evaluate(x, g);
        double[][] s = new double[MEMORY][n];
        double[][] y = new double[MEMORY][n];
        double[] rho = new double[MEMORY];
        double[] alpha = new double[MEMORY];
        int stored = 0;
        int newest = -1;
        double[] d = new double[n];
        double[] xNew = new double[n];
        double[] gNew = new double[n];
        int iter = 0;
        while (iter < maxIterations && maxAbs(g) > gradientTolerance) {
            iter++;
            // Two-loop recursion: d = −H·g.
            System.arraycopy(g, 0, d, 0, n);
            for (int k = 0; k < stored; k++) {
                int j = Math.floorMod(newest - k, MEMORY);
                alpha[j] = rho[j] * dot(s[j], d);
                axpy(-alpha[j], y[j], d);
            }
            double gamma = stored == 0 ? 1.0 / Math.max(1e-12, Math.sqrt(dot(g, g)))
                    : dot(s[newest], y[newest]) / dot(y[newest], y[newest]);
            scale(d, gamma);
            for (int k = stored - 1; k >= 0; k--) {
                int j = Math.floorMod(newest - k, MEMORY);
                double beta = rho[j] * dot(y[j], d);
                axpy(alpha[j] - beta, s[j], d);
            }
            scale(d, -1);
            double slope = dot(g, d);
            if (slope >= 0) { // not a descent direction (curvature lost): restart along −g
                for (int i = 0; i < n; i++) {
                    d[i] = -g[i] / Math.max(1e-12, Math.sqrt(dot(g, g)));
                }
                slope = dot(g, d);
                stored = 0;
            }
            double step = 1;
            double valueNew = Double.NaN;
            boolean accepted = false;
            for (int tries = 0; tries < 40; tries++) {
                for (int i = 0; i < n; i++) {
                    xNew[i] = x[i] + step * d[i];
                }
                valueNew = f.evaluate(xNew, gNew);
                if (Double.isFinite(valueNew) && valueNew <= value + ARMIJO * step * slope) {
                    accepted = true;
                    break;
                }
                // The minimum of the quadratic through f(0), f'(0) and f(step), kept within [0.1, 0.5]·step.
                double curvature = valueNew - value - slope * step;
                double next = Double.isFinite(valueNew) && curvature > 0 ? -slope * step * step / (2 * curvature)
                        : 0.5 * step;
                step = Math.max(0.1 * step, Math.min(0.5 * step, next));
            }
            if (!accepted) {
                break;
            }
            double sy = 0;
            for (int i = 0; i < n; i++) {
                sy += (xNew[i] - x[i]) * (gNew[i] - g[i]);
            }
            if (sy > 1e-16) { // else the curvature condition failed: keep the old pairs
                newest = (newest + 1) % MEMORY;
                for (int i = 0; i < n; i++) {
                    s[newest][i] = xNew[i] - x[i];
                    y[newest][i] = gNew[i] - g[i];
                }
                rho[newest] = 1 / sy;
                stored = Math.min(stored + 1, MEMORY);
            }
            double change = value - valueNew;
            System.arraycopy(xNew, 0, x, 0, n);
            System.arraycopy(gNew, 0, g, 0, n);
            value = valueNew;
            if (change <= 1e-10 * Math.max(1, Math.abs(value))) {
                break;
            }
            small = change < valueTolerance ? small + 1 : 0;
            if (small >= 3) {
                break;
            }
        }
        return new Result(x, value, iter);
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    private static void axpy(double a, double[] x, double[] y) {
        for (int i = 0; i < x.length; i++) {
            y[i] += a * x[i];
        }
    }

    private static void scale(double[] v, double a) {
        for (int i = 0; i < v.length; i++) {
            v[i] *= a;
        }
    }

    private static double maxAbs(double[] v) {
        double m = 0;
        for (double e : v) {
            m = Math.max(m, Math.abs(e));
        }
        return m;
    }
}
