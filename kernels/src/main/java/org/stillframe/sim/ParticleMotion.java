package org.stillframe.sim;

import java.util.SplittableRandom;

/**
 * Each particle's own motion on top of the whole-frame and local motion (particles rock and drift in the ice on
 * their own): a smooth path from rest at t = 0,
 *
 * <pre>
 *   o(t) = A·g(t)·(cos θ, sin θ) + C·4·g(t)·(1 − g(t))·(−sin θ, cos θ),   g(t) = (1 − e^(−t/τ)) / (1 − e^(−(N−1)/τ))
 * </pre>
 *
 * a burst-and-settle along θ with a sideways bend; A is drawn between a third of the largest amplitude and
 * the largest, |C| ≤ A/3, τ between 3 and 15 frames.
 */
public final class ParticleMotion {

    private final double[][] params; // per particle {A, θ, C, τ, norm}

    private ParticleMotion(double[][] params) {
        this.params = params;
    }

    /** Random own motion for {@code particles} particles of a movie of {@code frames} frames. */
    public static ParticleMotion random(int particles, int frames, double largestPx, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        double[][] p = new double[particles][];
        for (int i = 0; i < particles; i++) {
            double a = largestPx * (1.0 / 3 + 2.0 / 3 * rnd.nextDouble());
            double theta = 2 * Math.PI * rnd.nextDouble();
            double c = a / 3 * rnd.nextDouble(-1, 1);
            double tau = 3 + 12 * rnd.nextDouble();
            double norm = 1.0 / (1 - Math.exp(-Math.max(1, frames - 1) / tau));
            p[i] = new double[] {a, theta, c, tau, norm};
        }
        return new ParticleMotion(p);
    }

    public int particleCount() {
        return params.length;
    }

    /** The own displacement (px) of particle {@code particle} at frame time t into out[0], out[1]. */
    public void at(int particle, double t, double[] out) {
        double[] p = params[particle];
        double g = t <= 0 ? 0 : (1 - Math.exp(-t / p[3])) * p[4];
        double along = p[0] * g;
        double side = p[2] * 4 * g * (1 - g);
        double c = Math.cos(p[1]);
        double s = Math.sin(p[1]);
        out[0] = along * c - side * s;
        out[1] = along * s + side * c;
    }
}
