package org.stillframe.pipeline;

import java.nio.file.Path;

/**
 * One movie to correct: where it is, where its outputs go, and how.
 *
 * @param input     the movie file
 * @param outputSum the aligned sum (MotionCor2's -OutMrc); the other outputs are named after it
 *                  ({@code stem_DW.mrc}, {@code stem_DWS.mrc}, {@code stem_EVN.mrc}, {@code stem_ODD.mrc},
 *                  {@code stem_Stk.mrc})
 * @param settings  how to correct it
 */
public record MovieTask(Path input, Path outputSum, MotionCorSettings settings) {
}
