package org.stillframe.correct;

import org.stillframe.align.global.GlobalAlignOptions;

/**
 * What the per-movie engine does with a movie.
 *
 * @param align      whole-frame alignment settings
 * @param fmRef      the frame the sums are registered to, MotionCor3's -FmRef rule: −1 = the central frame
 *                   ⌊N/2⌋, 0 = the first frame (stillframe's default, as RELION), k ≥ 1 = frame k (1-based,
 *                   clamped to the movie)
 */
public record CorrectionOptions(GlobalAlignOptions align, int fmRef) {

    public CorrectionOptions {
        if (fmRef < -1) {
            throw new IllegalArgumentException("-FmRef must be -1, 0 or a frame number, got " + fmRef);
        }
    }

    public static CorrectionOptions defaults() {
        return new CorrectionOptions(GlobalAlignOptions.defaults(), 0);
    }

    /** The 0-based index of the registration frame among n frames. */
    public int referenceIndex(int n) {
        if (fmRef == -1) {
            return n / 2;
        }
        if (fmRef == 0) {
            return 0;
        }
        return Math.min(fmRef, n) - 1;
    }
}
