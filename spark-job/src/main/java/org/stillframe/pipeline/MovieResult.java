package org.stillframe.pipeline;

import java.nio.file.Path;
import java.util.List;
import org.stillframe.correct.CorrectionResult;

/**
 * What happened to one movie: the engine's result (shifts, timings) and the files written.
 *
 * @param movie        the input movie
 * @param firstFrame   1-based number, in the whole movie, of the first frame used (after -Throw)
 * @param correction   the engine's result (its sum is not kept once written)
 * @param writeSeconds seconds spent writing outputs
 * @param outputs      the files written
 */
public record MovieResult(Path movie, int firstFrame, CorrectionResult correction, double writeSeconds,
                          List<Path> outputs) {
}
