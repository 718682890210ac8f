package org.stillframe.correct;

import org.stillframe.dose.DoseWeights;

/**
 * The sums (and the aligned stack) to make from the aligned frames, all in the one summing pass.
 *
 * @param schedule      exposure per frame, or null when unknown; with non-uniform doses it also sets the
 *                      alignment groups (-Group counts the smallest frame dose)
 * @param doseWeights   Grant–Grigorieff weights for the _DW sum, or null for no dose weighting
 * @param dwsFrames     frames of the _DWS sum (-SumRange), weighted as in _DW; null for none
 * @param splitSum      also the _EVN and _ODD sums (-SplitSum 1): 0-based odd-indexed frames (frames 2, 4, ...)
 *                      make _EVN, even-indexed ones (frames 1, 3, ...) _ODD, as MotionCor2; dose weighted when
 *                      dose weighting is on (weights normalised over all frames)
 * @param inFrameMotion down-weight, in the weighted sums, the blur of each frame along its own motion
 *                      (-InFmMotion 1)
 * @param binning       Fourier binning of every output (-FtBin; 1 = none)
 * @param stackBin      0 for no stack; z ≥ 1 to write aligned frames summed z at a time (-OutStack 1 z)
 * @param stack         receives the stack's frames in order when stackBin ≥ 1
 * @param sums          make the sums at all; false for the motion alone (no stack either), e.g. when a caller
 *                      needs only the frames and their motion
 */
public record SumRequest(org.stillframe.dose.DoseSchedule schedule, DoseWeights doseWeights, boolean[] dwsFrames, boolean splitSum, boolean inFrameMotion,
                         double binning, int stackBin, StackSink stack, boolean sums) {

    /** The sums (and stack) asked for. */
    public SumRequest(org.stillframe.dose.DoseSchedule schedule, DoseWeights doseWeights, boolean[] dwsFrames,
                      boolean splitSum, boolean inFrameMotion, double binning, int stackBin, StackSink stack) {
        this(schedule, doseWeights, dwsFrames, splitSum, inFrameMotion, binning, stackBin, stack, true);
    }

    public SumRequest {
        if (!sums && stackBin > 0) {
            throw new IllegalArgumentException("an aligned stack needs the summing pass");
        }
        if (!(binning >= 1)) {
            throw new IllegalArgumentException("-FtBin must be at least 1, got " + binning);
        }
        if (stackBin < 0 || (stackBin > 0 && stack == null)) {
            throw new IllegalArgumentException("a stack needs a positive z-binning and somewhere to go");
        }
        if (dwsFrames != null && doseWeights == null) {
            throw new IllegalArgumentException("the _DWS sum needs dose weighting");
        }
        if (inFrameMotion && doseWeights == null) {
            throw new IllegalArgumentException("-InFmMotion weights frames and needs dose weighting");
        }
    }

    /** The same request for the motion alone: no sums, no stack (the schedule still groups frames for alignment). */
    public SumRequest motionOnly() {
        return new SumRequest(schedule, doseWeights, dwsFrames, splitSum, inFrameMotion, binning, 0, null, false);
    }

    /** Only the plain sum. */
    public static SumRequest plain() {
        return new SumRequest(null, null, null, false, false, 1, 0, null);
    }

    /** Receives the aligned stack frame by frame (already Fourier-binned and z-binned). */
    @FunctionalInterface
    public interface StackSink {
        void frame(float[] image, int width, int height) throws java.io.IOException;
    }
}
