package org.stillframe.align.global;

/**
 * Settings of the iterative whole-frame alignment (MotionCor2's -Iter, -Tol, -Bft, -PhaseOnly, -Group).
 *
 * @param iterations   the most iterations (-Iter)
 * @param tolerancePx  stop once no unit moved more than this many input pixels in an iteration (-Tol)
 * @param bFactor      B-factor in (correlation-grid pixel)², applied as exp(−B/2·s²) to the cross-power
 *                     spectrum, s in cycles per pixel of MotionCor2's correlation grid (-Bft, first value)
 * @param phaseOnly    phase correlation: the cross-power spectrum is divided by its modulus (-PhaseOnly)
 * @param groupSize    frames summed into one alignment unit (-Group, first value)
 * @param maxShiftPx   largest shift, in input pixels, that one iteration may find for a unit
 * @param smoothTrajectory remove measurement noise from the trajectory ({@link TrajectorySmoother})
 * @param adaptiveBFactor also try stronger B-factors ({@link #bFactorCandidates}) and keep the one whose
 *                     trajectory is measured with the least noise; off when the user gives -Bft
 */
public record GlobalAlignOptions(int iterations, double tolerancePx, double bFactor, boolean phaseOnly,
                                 int groupSize, double maxShiftPx, boolean smoothTrajectory,
                                 boolean adaptiveBFactor) implements java.io.Serializable {

    public GlobalAlignOptions {
        if (iterations < 1) {
            throw new IllegalArgumentException("iterations must be at least 1, got " + iterations);
        }
        if (!(tolerancePx >= 0)) {
            throw new IllegalArgumentException("tolerance must be non-negative, got " + tolerancePx);
        }
        if (!(bFactor >= 0)) {
            throw new IllegalArgumentException("B-factor must be non-negative, got " + bFactor);
        }
        if (groupSize < 1) {
            throw new IllegalArgumentException("group size must be at least 1, got " + groupSize);
        }
        if (!(maxShiftPx > 0)) {
            throw new IllegalArgumentException("maximum shift must be positive, got " + maxShiftPx);
        }
    }

    /**
     * Defaults: 15 iterations, 0.1 px, B 150, cross-correlation, no grouping, ±100 px, trajectory smoothing.
     * B = 150 rather than MotionCor2's 500: on simulated 2048² × 40 movies at 1 e/Å²/frame it gave 25–35 % smaller
     * shift errors (docs/benchmarks.md).
     */
    public static GlobalAlignOptions defaults() {
        return new GlobalAlignOptions(15, 0.1, 150, false, 1, 100, true, true);
    }

    /** The B-factors tried when adaptive: B, 10/3·B and 10·B (150, 500, 1500 by default). */
    public double[] bFactorCandidates() {
        return adaptiveBFactor && smoothTrajectory ? new double[] {bFactor, bFactor * 10 / 3, bFactor * 10}
                : new double[] {bFactor};
    }

    public GlobalAlignOptions withGroupSize(int g) {
        return new GlobalAlignOptions(iterations, tolerancePx, bFactor, phaseOnly, g, maxShiftPx, smoothTrajectory,
                adaptiveBFactor);
    }

    /** A fixed B-factor (adaptive choice off), as -Bft gives. */
    public GlobalAlignOptions withBFactor(double b) {
        return new GlobalAlignOptions(iterations, tolerancePx, b, phaseOnly, groupSize, maxShiftPx, smoothTrajectory,
                false);
    }

    public GlobalAlignOptions withSmoothing(boolean on) {
        return new GlobalAlignOptions(iterations, tolerancePx, bFactor, phaseOnly, groupSize, maxShiftPx, on,
                adaptiveBFactor);
    }
}
