package org.stillframe.correct;

import org.stillframe.align.global.FrameShifts;
import org.stillframe.align.patch.DeformationModel;
import org.stillframe.align.patch.LocalMotion;

/**
 * The motion the sums undo: whole-frame shifts as applied (relative to the reference frame) and as reported
 * (relative to the first frame), and the local deformation when one was fitted and trusted.
 *
 * @param local the patch estimate, or null without -Patch
 * @param model the deformation to remap by, or null when the frames are only shifted
 */
record FrameMotion(FrameShifts applied, FrameShifts reported, int reference, LocalMotion local,
                   DeformationModel model) {
}
