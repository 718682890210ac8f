package org.stillframe.pipeline;

import java.nio.file.Path;
import org.stillframe.correct.CorrectionOptions;

/**
 * One movie to correct: where it is, what to write, and how.
 *
 * @param input      the movie file
 * @param outputSum  where the aligned sum goes (MotionCor2's -OutMrc)
 * @param gain       gain reference (multiplied into the frames), or null
 * @param logDir     directory for the MotionCor2-style log files, or null for none
 * @param throwFrames frames dropped at the start (-Throw)
 * @param truncFrames frames dropped at the end (-Trunc)
 * @param correction the engine's options
 */
public record MovieTask(Path input, Path outputSum, Path gain, Path logDir, int throwFrames, int truncFrames,
                        CorrectionOptions correction) {
}
