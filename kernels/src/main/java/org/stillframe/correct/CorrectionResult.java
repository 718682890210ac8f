package org.stillframe.correct;

import org.stillframe.align.global.FrameShifts;

/**
 * What the engine made of one movie.
 *
 * @param width        sum width (px)
 * @param height       sum height (px)
 * @param sum          the aligned, unweighted sum of the gain-corrected frames, row-major
 * @param shifts       per-frame shifts applied (input px, MotionCor2 sign), relative to the first frame
 * @param referenceIndex 0-based frame the sum is registered to (its shift was zero when summing)
 * @param iterations   alignment iterations run
 * @param finalErrorPx the last iteration's largest increment (px)
 * @param timings      seconds per stage
 */
public record CorrectionResult(int width, int height, float[] sum, FrameShifts shifts, int referenceIndex,
                               int iterations, double finalErrorPx, StageTimings timings) {
}
