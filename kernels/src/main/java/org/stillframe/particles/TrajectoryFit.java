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
 * at any dose.
 */
final class TrajectoryFit {

    private static final int MAX_ITERATIONS = 200;

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

    TrajectoryFit(TrackingBand band, float[][] frames, int reference, double noiseVariance) {
        this.band = band;
        this.frames = frames;
        this.n = frames.length;
        this.reference = reference;
        this.dataScale = 2.0 / (n * noiseVariance);
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
        double[] x0 = start == null ? new double[2 * n] : start.clone();
        x0[2 * reference] = 0;
        x0[2 * reference + 1] = 0;
        double wv = 1 / (2 * velocitySigma * velocitySigma);
        double wa = 1 / (2 * accelerationSigma * accelerationSigma);
        double wn = neighbours == null ? 0 : 1 / (2 * neighbourSigma * neighbourSigma);
        Lbfgs.Objective objective = (r, g) -> {
            double e = data(r, g);
            e += priors(r, g, wv, wa, wn, neighbours);
            g[2 * reference] = 0;
            g[2 * reference + 1] = 0;
            return e;
        };
        return Lbfgs.minimise(objective, x0, MAX_ITERATIONS, 1e-5).x();
    }

    /** The data term alone at r: the negative log-likelihood up to a constant. */
    double dataTerm(double[] r) {
        return data(r, new double[2 * n]);
    }

    /** The data term and its analytic gradient (into g). */
    double dataTerm(double[] r, double[] g) {
        return data(r, g);
    }

    /** −(2/(Nσ²))·Σ_k |S_k|² and its gradient (written into g). */
    private double data(double[] r, double[] g) {
        int k = band.size();
        float[] sum = new float[2 * k];
        float[][] moved = new float[n][2 * k];
        double[] ex = new double[2 * (band.maxFx + 1)];
        double[] ey = new double[2 * (2 * band.maxFy + 1)];
        for (int f = 0; f < n; f++) {
            band.phases(r[2 * f], band.maxFx, 0, ex);
            band.phases(r[2 * f + 1], band.maxFy, band.maxFy, ey);
            float[] y = frames[f];
            float[] x = moved[f];
            for (int i = 0; i < k; i++) {
                double ar = ex[2 * band.fx[i]];
                double ai = ex[2 * band.fx[i] + 1];
                int j = 2 * (band.fy[i] + band.maxFy);
                double pr = ar * ey[j] - ai * ey[j + 1];
                double pi = ar * ey[j + 1] + ai * ey[j];
                float re = (float) (y[2 * i] * pr - y[2 * i + 1] * pi);
                float im = (float) (y[2 * i] * pi + y[2 * i + 1] * pr);
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
        for (int f = 0; f < n; f++) {
            float[] x = moved[f];
            double gx = 0;
            double gy = 0;
            for (int i = 0; i < k; i++) {
                double im = (double) sum[2 * i] * x[2 * i + 1] - (double) sum[2 * i + 1] * x[2 * i];
                gx += band.fx[i] * im;
                gy += band.fy[i] * im;
            }
            g[2 * f] = gscale * gx;
            g[2 * f + 1] = gscale * gy;
        }
        return -dataScale * power;
    }

    /** Adds the priors' gradients to g and returns their value. */
    private double priors(double[] r, double[] g, double wv, double wa, double wn, double[] neighbours) {
        double e = 0;
        for (int a = 0; a < 2; a++) {
            for (int f = 0; f + 1 < n; f++) {
                double d = r[2 * (f + 1) + a] - r[2 * f + a];
                double w = wv * EARLY[f];
                e += w * d * d;
                g[2 * (f + 1) + a] += 2 * w * d;
                g[2 * f + a] -= 2 * w * d;
            }
            for (int f = 1; f + 1 < n; f++) {
                double d = r[2 * (f + 1) + a] - 2 * r[2 * f + a] + r[2 * (f - 1) + a];
                double w = wa * EARLY[f];
                e += w * d * d;
                g[2 * (f + 1) + a] += 2 * w * d;
                g[2 * f + a] -= 4 * w * d;
                g[2 * (f - 1) + a] += 2 * w * d;
            }
            if (neighbours != null) {
                for (int f = 0; f < n; f++) {
                    double d = r[2 * f + a] - neighbours[2 * f + a];
                    e += wn * d * d;
                    g[2 * f + a] += 2 * wn * d;
                }
            }
        }
        return e;
    }
}
