package org.stillframe.correct;

import org.stillframe.align.global.FrameShifts;

/**
 * What the engine made of one movie.
 *
 * @param width        sum width (px)
 * @param height       sum height (px)
 * @param sum          the aligned, unweighted sum of the gain-corrected frames, row-major (null once written)
 * @param shifts       per-frame shifts applied (input px, MotionCor2 sign), relative to the first frame
 * @param referenceIndex 0-based frame the sum is registered to (its shift was zero when summing)
 * @param iterations   alignment iterations run
 * @param finalErrorPx the last iteration's largest increment (px)
 * @param timings      seconds per stage
 */
public record CorrectionResult(int width, int height, float[] sum, FrameShifts shifts, int referenceIndex,
                               int iterations, double finalErrorPx, StageTimings timings) {

    /** The same result without the (large) sum, for keeping after the sum is written. */
    public CorrectionResult withoutSum() {
        return new CorrectionResult(width, height, null, shifts, referenceIndex, iterations, finalErrorPx, timings);
    }
}
