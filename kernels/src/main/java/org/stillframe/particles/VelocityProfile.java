package org.stillframe.particles;

import org.stillframe.align.global.FrameShifts;

/**
 * How the particles' velocity prior varies over the movie: beam-induced motion is a burst, fastest in the first
 * frames and slowing as the exposure goes on, and the particles move most when the whole frame does. The prior's
 * scale for the step from frame g to g + 1 is the movie's whole-frame speed over that step, relative to its RMS
 * over the steps (so σ_v keeps its meaning as the RMS velocity), and at least {@link #FLOOR} of it, so that a step
 * where the frame stands still does not pin the particles. A movie that drifts steadily gets a flat profile: the
 * stationary prior of RELION's polishing.
 *
 * <p>Measured on six simulated micrographs (2048², 24–50 frames, damaged particles with their own burst-shaped
 * motion, noisy half-maps; docs/benchmarks.md, issue 22): trajectory RMS error 0.135–0.159 px with the profile against
 * 0.156–0.266 px with the flat prior.
 */
final class VelocityProfile {

    /** The smallest scale of a step, relative to the RMS. */
    static final double FLOOR = 0.2;

    private VelocityProfile() {
    }

    /** The prior's scale per step (frames − 1 of them), RMS 1; all ones for a movie that does not move. */
    static double[] of(FrameShifts shifts) {
        int steps = shifts.frames() - 1;
        double[] speed = new double[Math.max(0, steps)];
        double sum2 = 0;
        for (int g = 0; g < steps; g++) {
            speed[g] = Math.hypot(shifts.x(g + 1) - shifts.x(g), shifts.y(g + 1) - shifts.y(g));
            sum2 += speed[g] * speed[g];
        }
        double rms = Math.sqrt(sum2 / Math.max(1, steps));
        double[] scale = new double[speed.length];
        double scale2 = 0;
        for (int g = 0; g < steps; g++) {
            scale[g] = rms > 0 ? Math.max(FLOOR, speed[g] / rms) : 1;
            scale2 += scale[g] * scale[g];
        }
        double norm = Math.sqrt(scale2 / Math.max(1, steps)); // the floor raised some: back to RMS 1
        for (int g = 0; g < steps; g++) {
            scale[g] /= norm;
        }
        return scale;
    }
}
