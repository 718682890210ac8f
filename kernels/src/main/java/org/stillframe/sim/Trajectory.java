package org.stillframe.sim;

import java.util.SplittableRandom;

/**
 * Whole-frame specimen motion m(t) in pixels, t in frames from 0: a fast early burst that decays
 * exponentially (beam-induced motion) plus a slow linear stage drift, starting at m(0) = (0, 0).
 */
public record Trajectory(double earlyPx, double earlyAngle, double decayFrames, double driftPxPerFrame,
                         double driftAngle) {

    /** A random trajectory whose total path over {@code frames} frames is about {@code totalPx}. */
    public static Trajectory random(double totalPx, int frames, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        double early = 0.65 * totalPx;
        double drift = 0.35 * totalPx / Math.max(1, frames - 1);
        return new Trajectory(early, 2 * Math.PI * rnd.nextDouble(), 2.0 + 2.0 * rnd.nextDouble(), drift,
                2 * Math.PI * rnd.nextDouble());
    }

    public static Trajectory none() {
        return new Trajectory(0, 0, 1, 0, 0);
    }

    public double x(double t) {
        return early(t) * Math.cos(earlyAngle) + driftPxPerFrame * t * Math.cos(driftAngle);
    }

    public double y(double t) {
        return early(t) * Math.sin(earlyAngle) + driftPxPerFrame * t * Math.sin(driftAngle);
    }

    private double early(double t) {
        return earlyPx * (1 - Math.exp(-t / decayFrames));
    }
}
