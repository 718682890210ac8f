package org.stillframe.movie;

import java.nio.file.Path;
import org.stillframe.io.Storage;
import org.stillframe.options.MotionCorSettings;

/**
 * One movie to correct: where it is, where its outputs go, and how.
 *
 * @param input     the movie: a local path or a Hadoop URI (hdfs://, s3a://, file://)
 * @param outputSum the aligned sum (MotionCor2's -OutMrc); the other outputs are named after it
 *                  ({@code stem_DW.mrc}, {@code stem_DWS.mrc}, {@code stem_EVN.mrc}, {@code stem_ODD.mrc},
 *                  {@code stem_Stk.mrc})
 * @param settings  how to correct it
 */
public record MovieTask(String input, Path outputSum, MotionCorSettings settings) {

    /** The movie's file name, e.g. "FoilHole_1_fractions.tiff". */
    public String inputFileName() {
        return Storage.fileName(input);
    }
}
