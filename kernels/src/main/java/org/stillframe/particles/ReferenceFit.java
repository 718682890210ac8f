package org.stillframe.particles;

import org.stillframe.align.global.SymmetricEigen;
import org.stillframe.optimize.Lbfgs;

/**
 * The trajectories of all particles of one micrograph against their references (Bayesian-polishing style).
 * Y_p,f are the band coefficients of particle p's box in frame f (moved by the movie's motion, contrast inverted),
 * R_p its reference (CTF × projection of its half-map, masked alike), A_f(k) the signal left in frame f, s the
 * micrograph's signal scale and σ_p² the noise per coefficient. With X_p,f = Y_p,f·e^(−2πi k·r_p,f / box):
 *
 * <pre>
 *   E = − Σ_p (4 s / σ_p²) Σ_f Σ_k A_f(k) Re(X_p,f(k) R_p(k)*)          the Gaussian likelihood's cross term
 *       + ½ Σ_g |c_g|² + ½ Σ_g Σ_d λ_d (a_(g+1) c_(g+1),d − a_g c_g,d)² / σ_a²
 *       + ½ Σ_p |o_p|² / σ_o²
 *   r_p,f = o_p + Σ_(g<f) v_p,g,   v_g = a_g U Λ^½ c_g
 * </pre>
 *
 * per axis: velocities are a Gaussian process over particles (K = UΛUᵀ, K_pq = σ_v² exp(−d_pq / σ_d)) whose scale
 * a_g follows the movie's speed ({@link VelocityProfile}; RMS 1 over the steps), smooth in time (acceleration σ_a,
 * on the velocities themselves); o is the frame-1 offset. Minimised with {@link Lbfgs} over (o, c) — the basis in
 * which the velocity prior is diagonal. The cross term is read from {@link CorrelationMaps}. RELION's formulation
 * (Zivanov, Nakane & Scheres 2019) with a flat profile, a_g = 1; the code is ours.
 */
final class ReferenceFit {

    private static final double OFFSET_SIGMA = 5;
    private static final int MAX_ITERATIONS = 300;
    /**
     * The fit stops when iterations lower E (a negative log-likelihood) by less than this, far below what the
     * hyperparameter search can tell apart ({@link HyperparameterSearch}), or when the scaled gradient is below
     * {@link #GRADIENT_TOLERANCE}.
     */
    private static final double VALUE_TOLERANCE = 1e-3;
    private static final double GRADIENT_TOLERANCE = 1e-3;

    private final CorrelationMaps maps;
    private final double[] weight;      // per particle 4 s / σ²
    private final double signalScale;   // s, for the data term's expected curvature
    private final int particles;
    private final int frames;
    private final double[][] basis;     // U Λ^½ (P × P), columns scaled
    private final double[][] basisT;    // its transpose, for the gradient's products
    private final double[][] eigenvectors; // U
    private final double[] lambda;      // eigenvalues of K
    private final double accelerationWeight;
    private final double[] profile;     // a_g per step
    private boolean parallel;

    /** The spatial covariance's eigenvectors U and eigenvalues of exp(−d/σ_d) for some particles (σ_v = 1). */
    record SpatialModes(double[][] vectors, double[] values) {

        /** Decomposes the particles' correlation matrix: O(P³), so callers keep it while only σ_v, σ_a change. */
        static SpatialModes of(double[] x, double[] y, double divergence) {
            int p = x.length;
            double[][] k = new double[p][p];
            for (int i = 0; i < p; i++) {
                for (int j = 0; j < p; j++) {
                    k[i][j] = Math.exp(-Math.hypot(x[i] - x[j], y[i] - y[j]) / divergence);
                }
            }
            double[][] u = new double[p][p];
            double[] e = SymmetricEigen.decompose(k, u);
            return new SpatialModes(u, e);
        }
    }

    /**
     * @param signalScale s, the micrograph's signal scale (for the data term's expected curvature)
     * @param modes       the spatial covariance's decomposition for these particles and σ_d
     * @param profile     the velocity prior's scale a_g per step ({@link VelocityProfile}), or null for a flat one
     */
    ReferenceFit(CorrelationMaps maps, double[] weight, double signalScale, SpatialModes modes,
                 double velocitySigma, double accelerationSigma, double[] profile) {
        this.maps = maps;
        if (profile != null && profile.length != maps.frames() - 1) {
            throw new IllegalArgumentException("a velocity profile of " + profile.length + " steps for "
                    + maps.frames() + " frames");
        }
        this.profile = profile != null ? profile : flat(maps.frames() - 1);
        this.weight = weight;
        this.signalScale = signalScale;
        this.particles = maps.particles();
        this.frames = maps.frames();
        int p = particles;
        double[][] u = modes.vectors();
        double[] e = modes.values();
        eigenvectors = u;
        lambda = new double[p];
        basis = new double[p][p];
        for (int d = 0; d < p; d++) {
            lambda[d] = Math.max(0, e[d]) * velocitySigma * velocitySigma;
            double root = Math.sqrt(lambda[d]);
            for (int i = 0; i < p; i++) {
                basis[i][d] = u[i][d] * root;
            }
        }
        accelerationWeight = 1 / (accelerationSigma * accelerationSigma);
        basisT = new double[p][p];
        for (int i = 0; i < p; i++) {
            for (int d = 0; d < p; d++) {
                basisT[d][i] = basis[i][d];
            }
        }
    }

    private static double[] flat(int steps) {
        double[] a = new double[Math.max(0, steps)];
        java.util.Arrays.fill(a, 1);
        return a;
    }

    /**
     * Spreads the data term over the common fork-join pool's threads: for a micrograph that is a single tile, whose
     * fit would otherwise run on one thread (tiles already run in parallel on the workers).
     */
    ReferenceFit parallel(boolean on) {
        this.parallel = on;
        return this;
    }

    int variables() {
        return 2 * particles * frames;
    }

    /**
     * Minimises from the given variables (o, c), or from zero motion when null; returns the variables. The search
     * runs on variables scaled by the square root of E's diagonal curvature ({@link #curvatures}): a frame's
     * velocity moves every later position, so the early ones are stiffer by up to the number of frames, and
     * unscaled the optimiser crawls.
     */
    double[] solveVariables(double[] start) {
        double[] x0 = start == null ? new double[variables()] : start;
        double[] scale = curvatures();
        for (int i = 0; i < scale.length; i++) {
            scale[i] = 1 / Math.sqrt(scale[i]);
        }
        double[] y0 = new double[x0.length];
        for (int i = 0; i < y0.length; i++) {
            y0[i] = x0[i] / scale[i];
        }
        double[] x = new double[x0.length];
        double[] gx = new double[x0.length];
        Lbfgs.Result res = Lbfgs.minimise((y, gy) -> {
            for (int i = 0; i < y.length; i++) {
                x[i] = y[i] * scale[i];
            }
            double e = evaluate(x, gx);
            for (int i = 0; i < y.length; i++) {
                gy[i] = gx[i] * scale[i];
            }
            return e;
        }, y0, MAX_ITERATIONS, GRADIENT_TOLERANCE, VALUE_TOLERANCE);
        double[] out = res.x();
        for (int i = 0; i < out.length; i++) {
            out[i] *= scale[i];
        }
        return out;
    }

    /**
     * An estimate of E's second derivative along each variable: the prior's, plus the data term's through the
     * positions it moves (o_p: every frame; c_g,d: frames after g, spread over particles by the basis), with each
     * particle's expected curvature per frame (w_p·s·Σ A²|R|²(2πk/box)², {@link CorrelationMaps#referenceCurvature}).
     */
    private double[] curvatures() {
        double[] kappa = new double[particles];
        for (int p = 0; p < particles; p++) {
            kappa[p] = weight[p] * signalScale * maps.referenceCurvature(p) / frames;
        }
        double[] h = new double[variables()];
        for (int a = 0; a < 2; a++) {
            for (int p = 0; p < particles; p++) {
                h[2 * p + a] = 1 / (OFFSET_SIGMA * OFFSET_SIGMA) + frames * kappa[p];
            }
            for (int d = 0; d < particles; d++) {
                double spread = 0;
                for (int p = 0; p < particles; p++) {
                    spread += basis[p][d] * basis[p][d] * kappa[p];
                }
                double acceleration = lambda[d] * accelerationWeight;
                for (int g = 0; g + 1 < frames; g++) {
                    double ag = profile[g] * profile[g];
                    h[coefficientIndex(g, a, d)] = 1 + 2 * acceleration * ag + spread * ag * (frames - 1 - g);
                }
            }
        }
        return h;
    }

    /**
     * The variables (o, c) closest to given trajectories ([p][2f + axis]): a warm start for other hyperparameters.
     * Velocity components along eigenvectors the prior gives (almost) no variance are dropped.
     */
    double[] variablesOf(double[][] r) {
        double[] v = new double[variables()];
        double largest = 0;
        for (double l : lambda) {
            largest = Math.max(largest, l);
        }
        double[] vel = new double[particles];
        for (int a = 0; a < 2; a++) {
            for (int p = 0; p < particles; p++) {
                v[2 * p + a] = r[p][a];
            }
            for (int g = 0; g + 1 < frames; g++) {
                for (int p = 0; p < particles; p++) {
                    vel[p] = r[p][2 * (g + 1) + a] - r[p][2 * g + a];
                }
                for (int d = 0; d < particles; d++) {
                    if (lambda[d] <= 1e-9 * largest) {
                        continue;
                    }
                    double s = 0;
                    for (int p = 0; p < particles; p++) {
                        s += eigenvectors[p][d] * vel[p];
                    }
                    v[coefficientIndex(g, a, d)] = s / (Math.sqrt(lambda[d]) * profile[g]);
                }
            }
        }
        return v;
    }

    /** The data term per particle for given trajectories. */
    double[] particleDataTerms(double[][] r) {
        double[][] g = new double[particles][2 * frames];
        double[] e = new double[particles];
        for (int p = 0; p < particles; p++) {
            e[p] = particleData(p, r, g);
        }
        return e;
    }

    /** r_p,f from the variables (o, c). */
    double[][] trajectories(double[] v) {
        double[][] r = new double[particles][2 * frames];
        // Velocities of every step and axis (the P × P products, spread over the cores for a lone tile), then
        // their running sums.
        double[][] vel = new double[2 * (frames - 1)][particles];
        forEachStep(j -> velocities(v, j / 2, j % 2, vel[j]));
        for (int a = 0; a < 2; a++) {
            for (int p = 0; p < particles; p++) {
                r[p][a] = v[2 * p + a];
            }
            for (int g = 0; g + 1 < frames; g++) {
                double[] u = vel[2 * g + a];
                for (int p = 0; p < particles; p++) {
                    r[p][2 * (g + 1) + a] = r[p][2 * g + a] + u[p];
                }
            }
        }
        return r;
    }

    /** Runs body for every (step g, axis a) as j = 2g + a: in parallel when {@link #parallel} is on. */
    private void forEachStep(java.util.function.IntConsumer body) {
        java.util.stream.IntStream steps = java.util.stream.IntStream.range(0, 2 * (frames - 1));
        (parallel ? steps.parallel() : steps).forEach(body);
    }

    private int coefficientIndex(int g, int a, int d) {
        return 2 * particles + (g * 2 + a) * particles + d;
    }

    private void velocities(double[] v, int g, int a, double[] out) {
        for (int p = 0; p < particles; p++) {
            double s = 0;
            for (int d = 0; d < particles; d++) {
                s += basis[p][d] * v[coefficientIndex(g, a, d)];
            }
            out[p] = profile[g] * s;
        }
    }

    /** E at variables v; its gradient into grad. */
    double evaluate(double[] v, double[] grad) {
        java.util.Arrays.fill(grad, 0);
        double[][] r = trajectories(v);
        double[][] gr = new double[particles][2 * frames];
        double e = data(r, gr);
        for (int a = 0; a < 2; a++) {
            for (int p = 0; p < particles; p++) {
                double o = v[2 * p + a];
                e += 0.5 * o * o / (OFFSET_SIGMA * OFFSET_SIGMA);
                double sum = 0;
                for (int f = 0; f < frames; f++) {
                    sum += gr[p][2 * f + a];
                }
                grad[2 * p + a] = sum + o / (OFFSET_SIGMA * OFFSET_SIGMA);
            }
        }
        // dE/dv_p,g = Σ_(f > g) dE/dr_p,f (running sums from the end); dE/dc_g = a_g Λ^½ Uᵀ dE/dv_g (the products in
        // parallel); then the prior's terms.
        double[][] suffix = new double[2 * (frames - 1)][particles];
        for (int a = 0; a < 2; a++) {
            double[] run = new double[particles];
            for (int g = frames - 2; g >= 0; g--) {
                for (int p = 0; p < particles; p++) {
                    run[p] += gr[p][2 * (g + 1) + a];
                }
                System.arraycopy(run, 0, suffix[2 * g + a], 0, particles);
            }
        }
        double[][] projected = new double[2 * (frames - 1)][particles];
        forEachStep(j -> {
            double[] sj = suffix[j];
            double[] out = projected[j];
            for (int d = 0; d < particles; d++) {
                double[] column = basisT[d];
                double s = 0;
                for (int p = 0; p < particles; p++) {
                    s += column[p] * sj[p];
                }
                out[d] = s;
            }
        });
        for (int a = 0; a < 2; a++) {
            for (int g = frames - 2; g >= 0; g--) {
                double[] s = projected[2 * g + a];
                for (int d = 0; d < particles; d++) {
                    int i = coefficientIndex(g, a, d);
                    double c = v[i];
                    e += 0.5 * c * c;
                    grad[i] += profile[g] * s[d] + c;
                    if (g + 1 < frames - 1) {
                        // The acceleration of the velocities themselves (not of c), so that a particle may slow
                        // at its own rate, not only at the movie's.
                        int next = coefficientIndex(g + 1, a, d);
                        double diff = profile[g + 1] * v[next] - profile[g] * c;
                        double w = lambda[d] * accelerationWeight;
                        e += 0.5 * w * diff * diff;
                        grad[next] += w * diff * profile[g + 1];
                        grad[i] -= w * diff * profile[g];
                    }
                }
            }
        }
        return e;
    }

    /** The data term and dE/dr into g ([p][2f + axis]). */
    private double data(double[][] r, double[][] g) {
        double[] e = new double[particles];
        if (parallel) {
            java.util.stream.IntStream.range(0, particles).parallel().forEach(p -> e[p] = particleData(p, r, g));
        } else {
            for (int p = 0; p < particles; p++) {
                e[p] = particleData(p, r, g);
            }
        }
        double sum = 0;
        for (double v : e) {
            sum += v;
        }
        return sum;
    }

    /** One particle's part of the data term; its gradient into g[p]. */
    private double particleData(int p, double[][] r, double[][] g) {
        double e = 0;
        double[] grad = new double[2];
        for (int f = 0; f < frames; f++) {
            e -= weight[p] * maps.value(p, f, r[p][2 * f], r[p][2 * f + 1], grad);
            g[p][2 * f] = -weight[p] * grad[0];
            g[p][2 * f + 1] = -weight[p] * grad[1];
        }
        return e;
    }
}
