package org.stillframe.correct;

import org.stillframe.align.global.FrameShifts;

/**
 * What the engine made of one movie.
 *
 * @param width        sum width (px)
 * @param height       sum height (px)
 * @param sums         the aligned sums (null once written, or when none were asked for)
 * @param shifts       per-frame shifts applied (input px, MotionCor2 sign), relative to the first frame
 * @param referenceIndex 0-based frame the sum is registered to (its shift was zero when summing)
 * @param iterations   alignment iterations run
 * @param finalErrorPx the last iteration's largest increment (px)
 * @param defects      the pixels repaired
 * @param local        local (patch) motion, or null without -Patch
 * @param timings      seconds per stage
 */
public record CorrectionResult(int width, int height, Sums sums, FrameShifts shifts, int referenceIndex,
                               int iterations, double finalErrorPx, DefectReport defects,
                               org.stillframe.align.patch.LocalMotion local, StageTimings timings) {

    /** The aligned, unweighted sum of the gain-corrected frames (after binning). */
    public float[] sum() {
        return sums.plain();
    }

    /** The same result without the (large) images, for keeping after they are written. */
    public CorrectionResult withoutSums() {
        return new CorrectionResult(width, height, null, shifts, referenceIndex, iterations, finalErrorPx, defects,
                local, timings);
    }
}
