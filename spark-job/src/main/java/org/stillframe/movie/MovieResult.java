package org.stillframe.movie;

import java.nio.file.Path;
import java.util.List;
import org.stillframe.correct.CorrectionResult;
import org.stillframe.dose.DoseSchedule;

/**
 * What happened to one movie: the engine's result (shifts, defects, timings) and the files written.
 *
 * @param movie        the input movie
 * @param firstFrame   1-based number, in the movie (rendered frames with -FmIntFile), of the first frame used
 * @param correction   the engine's result, without its images (written)
 * @param schedule     exposure per frame used
 * @param writeSeconds seconds spent writing outputs
 * @param outputs      the files written
 * @param pixelSizeA   input pixel size (Å; -PixSize or the movie header), NaN when unknown
 * @param movieFrames  frames in the movie (rendered frames with -FmIntFile or EER grouping)
 * @param movieWidth   frame width of the movie as read (before -FtBin)
 * @param movieHeight  frame height of the movie as read
 * @param gainOrientation the -RotGain/-FlipGain applied to the -Gain file (as checked or chosen), "" without one
 */
public record MovieResult(String movie, int firstFrame, CorrectionResult correction, DoseSchedule schedule,
                          double writeSeconds, List<Path> outputs, double pixelSizeA,
                          int movieFrames, int movieWidth, int movieHeight, String gainOrientation) {

    /** The same result with another list of files written. */
    public MovieResult withOutputs(List<Path> files) {
        return new MovieResult(movie, firstFrame, correction, schedule, writeSeconds, List.copyOf(files), pixelSizeA,
                movieFrames, movieWidth, movieHeight, gainOrientation);
    }
}
