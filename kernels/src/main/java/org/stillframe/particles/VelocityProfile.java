package org.stillframe.particles;

import org.stillframe.align.global.FrameShifts;

/**
 * How the particles' velocity prior varies over the movie. Beam-induced motion is a burst, fastest in the first
 * frames and slowing as the exposure goes on, and the particles move most when the whole frame does; but a particle
 * may also keep moving steadily while the frame has settled. So the prior's variance for the step from frame g to
 * g + 1 has two parts: a stationary one ({@link #STATIONARY}) and one proportional to the movie's squared whole-frame
 * speed over that step (relative to its mean square over the steps),
 *
 * <pre>
 *   a_g² ∝ STATIONARY + (1 − STATIONARY) · |s_(g+1) − s_g|² / mean_h |s_(h+1) − s_h|²
 * </pre>
 *
 * normalised to an RMS of 1 over the steps, so that σ_v keeps its meaning as the RMS velocity. A movie that drifts
 * steadily, or not at all, gets a flat profile: the stationary prior of RELION's polishing.
 *
 * <p>Measured (docs/benchmarks.md, issue 22) on six simulated micrographs whose particles move in a burst of their
 * own and on one whose particles move steadily under a bursting frame; the stationary share was chosen there, among
 * 0 (a floor of 0.2 instead), 0.2 and 0.5.
 */
final class VelocityProfile {

    /** The stationary share of the velocity prior's variance. */
    static final double STATIONARY = 0.2;

    private VelocityProfile() {
    }

    /** The prior's scale a_g per step (frames − 1 of them), RMS 1; all ones for a movie that does not move. */
    static double[] of(FrameShifts shifts) {
        int steps = Math.max(0, shifts.frames() - 1);
        double[] speed2 = new double[steps];
        double mean = 0;
        for (int g = 0; g < steps; g++) {
            double dx = shifts.x(g + 1) - shifts.x(g);
            double dy = shifts.y(g + 1) - shifts.y(g);
            speed2[g] = dx * dx + dy * dy;
            mean += speed2[g] / steps;
        }
        double[] scale = new double[steps];
        for (int g = 0; g < steps; g++) {
            // Both parts have mean 1 over the steps, so the profile's mean square is 1 already.
            scale[g] = mean > 0 ? Math.sqrt(STATIONARY + (1 - STATIONARY) * speed2[g] / mean) : 1;
        }
        return scale;
    }
}
