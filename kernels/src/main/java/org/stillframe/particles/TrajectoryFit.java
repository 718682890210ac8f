package org.stillframe.particles;

import org.stillframe.optimize.Lbfgs;

/**
 * The maximum-a-posteriori residual trajectory r_f of one particle (alignparts-style, Rubinstein & Brubaker 2015).
 * With Y_f the band coefficients of frame f's box (already moved by the movie's motion) and
 * X_f = Y_f·e^(−2πi k·r_f / box), S = Σ_f X_f, the objective (minimised with {@link Lbfgs}) is
 *
 * <pre>
 *   E(r) = − 2 Σ_k |S_k|² / (N σ²)                       frames agree: the likelihood of white noise σ² per
 *                                                        coefficient, the particle's average marginalised
 *        + Σ_f |r_(f+1) − r_f|² / (2 σ_v²)                  smooth: velocity prior
 *        + Σ_f |r_(f+1) − 2 r_f + r_(f−1)|² / (2 σ_a²)       smooth: acceleration prior
 *        + Σ_f |r_f − n_f|² / (2 σ_n²)                      weak pull towards the neighbours' mean trajectory n
 * </pre>
 *
 * with r fixed at 0 in the reference frame (the pick is the particle's place there). σ² is measured from the
 * frames' disagreement, so the data term is in units of the noise and the priors keep their meaning in pixels
 * at any dose. The priors (σ_v and σ_a larger in the first frames, see {@link #EARLY_GAIN}) form a quadratic
 * rᵀPr; L-BFGS works on u = Lᵀr (P = LLᵀ), where they are |u|².
 *
 * <p>Over 300 lines because it is one objective: its data term, gradient, prior precision and change of
 * variables share the same band and frame arrays and read best side by side.
 */
final class TrajectoryFit {

    private static final int MAX_ITERATIONS = 100;

    /**
     * Beam-induced motion is fastest in the first frames and settles: the priors' σ at step f is
     * σ·(1 + A·e^(−f/τ)), so that an early burst is not held back (which would offset the whole trajectory from
     * the first frame, where the pick is). Weights are 1/(1 + A·e^(−f/τ))².
     */
    private static final double EARLY_GAIN = 4;
    private static final double EARLY_FRAMES = 3;
    private static final double[] EARLY = new double[4096];

    static {
        for (int f = 0; f < EARLY.length; f++) {
            double scale = 1 + EARLY_GAIN * Math.exp(-f / EARLY_FRAMES);
            EARLY[f] = 1 / (scale * scale);
        }
    }

    private final TrackingBand band;
    private final float[][] frames; // [frame][2K]
    private final int n;
    private final int reference;
    private final double dataScale;
    // Evaluation buffers.
    private final float[] sum;
    private final float[][] moved;
    private final double[] ex;
    private final double[] ey;
    private final float[] exf;
    private final float[] eyf;

    TrajectoryFit(TrackingBand band, float[][] frames, int reference, double noiseVariance) {
        this.band = band;
        this.frames = frames;
        this.n = frames.length;
        this.reference = reference;
        this.dataScale = 2.0 / (n * noiseVariance);
        this.sum = new float[2 * band.size()];
        this.moved = new float[n][2 * band.size()];
        this.ex = new double[2 * (band.maxFx + 1)];
        this.ey = new double[2 * (2 * band.maxFy + 1)];
        this.exf = new float[ex.length];
        this.eyf = new float[ey.length];
    }

    /**
     * Noise variance per coefficient and the signal's significance z: Σ_k (|S_k|² − Σ_f |Y_f,k|²), the frames'
     * cross-products, over its standard deviation when the frames share no signal.
     */
    static double[] noiseAndSignificance(float[][] frames) {
        int n = frames.length;
        int k2 = frames[0].length;
        double cross = 0;
        double norm = 0;
        double noise = 0;
        for (int i = 0; i < k2; i += 2) {
            double sr = 0;
            double si = 0;
            double power = 0;
            for (float[] f : frames) {
                sr += f[i];
                si += f[i + 1];
                power += f[i] * f[i] + f[i + 1] * f[i + 1];
            }
            double s2 = sr * sr + si * si;
            cross += s2 - power;
            norm += power * power;
            noise += power - s2 / n;
        }
        double variance = noise / ((n - 1) * (k2 / 2.0));
        double z = norm > 0 ? cross / Math.sqrt(norm) : 0;
        return new double[] {variance, z};
    }

    /**
     * Minimises E from {@code start} (2N values: x, y per frame; null = zeros) with the given priors;
     * {@code neighbours} may be null (no neighbour term).
     */
    double[] solve(double[] start, double velocitySigma, double accelerationSigma, double[] neighbours,
                   double neighbourSigma) {
        double wv = 1 / (2 * velocitySigma * velocitySigma);
        double wa = 1 / (2 * accelerationSigma * accelerationSigma);
        double wn = neighbours == null ? 0 : 1 / (2 * neighbourSigma * neighbourSigma);
        // The priors are a quadratic form rᵀPr (per axis, r at the reference frame removed). In u = Lᵀr, with
        // P = LLᵀ, they are |u|²: the stiff smoothness coupling disappears and L-BFGS converges in tens of steps
        // instead of hundreds.
        int m = n - 1;
        double[][] chol = cholesky(precision(wv, wa, wn), m);
        double[] u0 = new double[2 * m];
        if (start != null) {
            for (int a = 0; a < 2; a++) {
                double[] r = axis(start, a);
                for (int i = 0; i < m; i++) {
                    double s = 0;
                    for (int k = i; k < m; k++) {
                        s += chol[k][i] * r[k];
                    }
                    u0[a * m + i] = s;
                }
            }
        }
        double[] full = new double[2 * n];
        double[] gFull = new double[2 * n];
        Lbfgs.Objective objective = (u, g) -> {
            toTrajectory(u, chol, m, full);
            double e = data(full, gFull);
            for (int a = 0; a < 2; a++) {
                double[] grad = new double[m];
                for (int f = 0, i = 0; f < n; f++) {
                    if (f == reference) {
                        continue;
                    }
                    grad[i] = gFull[2 * f + a];
                    if (wn > 0) {
                        double r = full[2 * f + a];
                        double d = r - neighbours[2 * f + a];
                        // |r − n|² = r² − 2rn + n²: the r² part is in P, the rest here.
                        e += wn * (d * d - r * r);
                        grad[i] += -2 * wn * neighbours[2 * f + a];
                    }
                    i++;
                }
                // dE/du = L⁻¹·dE/dr (forward substitution), plus 2u from |u|².
                for (int i = 0; i < m; i++) {
                    double s = grad[i];
                    for (int k = 0; k < i; k++) {
                        s -= chol[i][k] * grad[k];
                    }
                    grad[i] = s / chol[i][i];
                    double ui = u[a * m + i];
                    g[a * m + i] = grad[i] + 2 * ui;
                    e += ui * ui;
                }
            }
            return e;
        };
        Lbfgs.Result res = Lbfgs.minimise(objective, u0, MAX_ITERATIONS, 1e-4);
        toTrajectory(res.x(), chol, m, full);
        return full;
    }

    /** r (2N, x and y per frame, 0 at the reference) from u: r = L⁻ᵀu per axis (back substitution). */
    private void toTrajectory(double[] u, double[][] chol, int m, double[] full) {
        double[] r = new double[m];
        for (int a = 0; a < 2; a++) {
            for (int i = m - 1; i >= 0; i--) {
                double s = u[a * m + i];
                for (int k = i + 1; k < m; k++) {
                    s -= chol[k][i] * r[k];
                }
                r[i] = s / chol[i][i];
            }
            for (int f = 0, i = 0; f < n; f++) {
                full[2 * f + a] = f == reference ? 0 : r[i++];
            }
        }
    }

    /** One axis of a 2N trajectory without the reference frame. */
    private double[] axis(double[] r, int a) {
        double[] out = new double[n - 1];
        for (int f = 0, i = 0; f < n; f++) {
            if (f != reference) {
                out[i++] = r[2 * f + a];
            }
        }
        return out;
    }

    /** P of the priors' quadratic form over one axis, reference frame removed ((N−1)²). */
    private double[][] precision(double wv, double wa, double wn) {
        double[][] p = new double[n][n];
        for (int f = 0; f + 1 < n; f++) {
            double w = wv * EARLY[f];
            p[f][f] += w;
            p[f + 1][f + 1] += w;
            p[f][f + 1] -= w;
            p[f + 1][f] -= w;
        }
        int[] idx = new int[3];
        double[] c = {1, -2, 1};
        for (int f = 1; f + 1 < n; f++) {
            double w = wa * EARLY[f];
            idx[0] = f - 1;
            idx[1] = f;
            idx[2] = f + 1;
            for (int i = 0; i < 3; i++) {
                for (int j = 0; j < 3; j++) {
                    p[idx[i]][idx[j]] += w * c[i] * c[j];
                }
            }
        }
        for (int f = 0; f < n; f++) {
            p[f][f] += wn;
        }
        double[][] out = new double[n - 1][n - 1];
        for (int i = 0, a = 0; i < n; i++) {
            if (i == reference) {
                continue;
            }
            for (int j = 0, b = 0; j < n; j++) {
                if (j == reference) {
                    continue;
                }
                out[a][b++] = p[i][j];
            }
            a++;
        }
        return out;
    }

    /** Lower-triangular L with LLᵀ = p (p symmetric positive definite: the chain is anchored at the reference). */
    static double[][] cholesky(double[][] p, int m) {
        double[][] l = new double[m][m];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j <= i; j++) {
                double s = p[i][j];
                for (int k = 0; k < j; k++) {
                    s -= l[i][k] * l[j][k];
                }
                if (i == j) {
                    if (!(s > 0)) {
                        throw new IllegalStateException("prior precision not positive definite");
                    }
                    l[i][i] = Math.sqrt(s);
                } else {
                    l[i][j] = s / l[j][j];
                }
            }
        }
        return l;
    }

    /** The data term alone at r: the negative log-likelihood up to a constant. */
    double dataTerm(double[] r) {
        return data(r, new double[2 * n]);
    }

    /** The data term and its analytic gradient (into g). */
    double dataTerm(double[] r, double[] g) {
        return data(r, g);
    }

    /** −(2/(Nσ²))·Σ_k |S_k|² and its gradient (written into g). Buffers are the fit's own (one thread). */
    private double data(double[] r, double[] g) {
        int k = band.size();
        int[] xi = band.xIndex;
        int[] yi = band.yIndex;
        java.util.Arrays.fill(sum, 0f);
        for (int f = 0; f < n; f++) {
            band.phases(r[2 * f], band.maxFx, 0, ex);
            band.phases(r[2 * f + 1], band.maxFy, band.maxFy, ey);
            for (int i = 0; i < ex.length; i++) {
                exf[i] = (float) ex[i];
            }
            for (int i = 0; i < ey.length; i++) {
                eyf[i] = (float) ey[i];
            }
            float[] y = frames[f];
            float[] x = moved[f];
            for (int i = 0; i < k; i++) {
                float ar = exf[xi[i]];
                float ai = exf[xi[i] + 1];
                float br = eyf[yi[i]];
                float bi = eyf[yi[i] + 1];
                float pr = ar * br - ai * bi;
                float pi = ar * bi + ai * br;
                float yr = y[2 * i];
                float ym = y[2 * i + 1];
                float re = yr * pr - ym * pi;
                float im = yr * pi + ym * pr;
                x[2 * i] = re;
                x[2 * i + 1] = im;
                sum[2 * i] += re;
                sum[2 * i + 1] += im;
            }
        }
        double power = 0;
        for (int i = 0; i < 2 * k; i++) {
            power += (double) sum[i] * sum[i];
        }
        // d|S|²/dr_x,f = (4π/box)·Σ_k fx·Im(conj(S)·X_f)
        double gscale = -dataScale * 4 * Math.PI / band.box;
        float[] fx = band.fxf;
        float[] fy = band.fyf;
        for (int f = 0; f < n; f++) {
            float[] x = moved[f];
            float gx = 0;
            float gy = 0;
            for (int i = 0; i < k; i++) {
                float im = sum[2 * i] * x[2 * i + 1] - sum[2 * i + 1] * x[2 * i];
                gx += fx[i] * im;
                gy += fy[i] * im;
            }
            g[2 * f] = gscale * gx;
            g[2 * f + 1] = gscale * gy;
        }
        return -dataScale * power;
    }
}
