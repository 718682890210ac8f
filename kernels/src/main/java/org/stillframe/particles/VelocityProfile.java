package org.stillframe.particles;

import java.util.Locale;
import org.stillframe.align.global.FrameShifts;

/**
 * How the particles' velocity prior varies over the movie. Beam-induced motion is often a burst, fastest in the
 * first frames and slowing as the exposure goes on, with the particles moving most when the whole frame does; a flat
 * prior (RELION's) then holds the first frames back. But particles may also keep moving steadily while the frame
 * settles, and a prior that follows the frame would then pin them late in the movie. So the micrograph's own
 * particles decide ({@link #evidence}), and where they follow the movie, the prior's variance for the step from frame
 * g to g + 1 is a stationary share plus a part proportional to the movie's squared whole-frame speed:
 *
 * <pre>
 *   a_g² = STATIONARY + (1 − STATIONARY) · |s_(g+1) − s_g|² / mean_h |s_(h+1) − s_h|²      (RMS 1 over the steps)
 * </pre>
 *
 * so that σ_v keeps its meaning as the RMS velocity. A movie that drifts steadily gets a flat profile either way.
 */
final class VelocityProfile {

    /** The stationary share of the velocity prior's variance where the particles follow the movie. */
    static final double STATIONARY = 0.2;

    /**
     * The particles follow the movie when the burst part of their correlated velocity variance is at least this
     * share of it. Measured (docs/benchmarks.md, issue 22): 0.28–1 on six simulated micrographs whose particles move
     * in a burst of their own, 0.04 on one whose particles move steadily under a bursting frame.
     */
    static final double BURST_SHARE = 0.15;

    /** Pairs of particles closer than this (px) measure the velocity variance: their noise is independent. */
    static final double PAIR_REACH = 400;

    /**
     * Fewer pairs than this say too little (a sparse micrograph: 30 particles on a K3 frame make ~9), and the prior
     * stays flat. The simulated micrographs of docs/benchmarks.md have 800–3,300.
     */
    static final long MIN_PAIRS = 50;

    private VelocityProfile() {
    }

    /**
     * What a micrograph's particles show: the mean product of neighbouring particles' velocities per step (from
     * trajectories fitted with a flat prior) — the spatially correlated motion, without each particle's own
     * estimation noise — regressed on the movie's squared speed, v_g = stationary + slope · speed_g².
     *
     * @param stationary the part of the correlated velocity variance that does not follow the movie (px²)
     * @param burst      the part that does, slope × mean squared speed (px²)
     * @param pairs      neighbouring pairs measured
     */
    record Evidence(double stationary, double burst, long pairs) {

        /** Whether the prior should follow the movie's speed. */
        boolean followsTheMovie() {
            double total = stationary + burst;
            return pairs >= MIN_PAIRS && total > 0 && burst / total >= BURST_SHARE;
        }

        String describe() {
            double total = stationary + burst;
            return String.format(Locale.ROOT, "%s (burst share of the particles' correlated velocity variance %.2f,"
                    + " %d pairs)", followsTheMovie() ? "follows the movie's speed" : "flat",
                    total > 0 ? burst / total : 0, pairs);
        }
    }

    /** The evidence of trajectories r ([p][2f + axis]) of particles at (x, y) in a movie with these shifts. */
    static Evidence evidence(double[][] r, double[] x, double[] y, FrameShifts shifts) {
        int steps = shifts.frames() - 1;
        if (steps < 3) {
            return new Evidence(0, 0, 0);
        }
        double[] product = new double[steps];
        long pairs = 0;
        for (int i = 0; i < r.length; i++) {
            for (int j = i + 1; j < r.length; j++) {
                if (Math.hypot(x[i] - x[j], y[i] - y[j]) > PAIR_REACH) {
                    continue;
                }
                pairs++;
                for (int g = 0; g < steps; g++) {
                    product[g] += (r[i][2 * g + 2] - r[i][2 * g]) * (r[j][2 * g + 2] - r[j][2 * g])
                            + (r[i][2 * g + 3] - r[i][2 * g + 1]) * (r[j][2 * g + 3] - r[j][2 * g + 1]);
                }
            }
        }
        if (pairs == 0) {
            return new Evidence(0, 0, 0);
        }
        double[] speed2 = squaredSpeeds(shifts);
        double mp = 0;
        double ms = 0;
        for (int g = 0; g < steps; g++) {
            product[g] /= pairs;
            mp += product[g] / steps;
            ms += speed2[g] / steps;
        }
        double sxy = 0;
        double sxx = 0;
        for (int g = 0; g < steps; g++) {
            sxy += (speed2[g] - ms) * (product[g] - mp);
            sxx += (speed2[g] - ms) * (speed2[g] - ms);
        }
        double slope = sxx > 0 ? Math.max(0, sxy / sxx) : 0;
        return new Evidence(Math.max(0, mp - slope * ms), slope * ms, pairs);
    }

    /** The prior's scale a_g per step (frames − 1 of them), RMS 1; all ones for a movie that does not move. */
    static double[] of(FrameShifts shifts) {
        double[] speed2 = squaredSpeeds(shifts);
        double mean = 0;
        for (double s : speed2) {
            mean += s / speed2.length;
        }
        double[] scale = new double[speed2.length];
        for (int g = 0; g < scale.length; g++) {
            // Both parts have mean 1 over the steps, so the profile's mean square is 1 already.
            scale[g] = mean > 0 ? Math.sqrt(STATIONARY + (1 - STATIONARY) * speed2[g] / mean) : 1;
        }
        return scale;
    }

    private static double[] squaredSpeeds(FrameShifts shifts) {
        double[] s = new double[Math.max(0, shifts.frames() - 1)];
        for (int g = 0; g < s.length; g++) {
            double dx = shifts.x(g + 1) - shifts.x(g);
            double dy = shifts.y(g + 1) - shifts.y(g);
            s[g] = dx * dx + dy * dy;
        }
        return s;
    }
}
