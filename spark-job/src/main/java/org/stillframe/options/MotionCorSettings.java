package org.stillframe.options;

import java.nio.file.Path;
import org.stillframe.correct.CorrectionOptions;
import org.stillframe.gain.GainOrientation;
import org.stillframe.io.MovieReadOptions;
import org.stillframe.image.MagnificationCorrection;

/**
 * Everything MotionCor2's flags say about how to correct a movie, apart from which movie and where the outputs
 * go: one settings model for the command line, batch mode and (later) the Spark job.
 *
 * @param gain          gain reference file, or null (then the movie's MRC extended header, if it holds one)
 * @param dark          dark reference file, or null
 * @param orientation   -RotGain / -FlipGain, applied to gain and dark
 * @param defectFile    -DefectFile, or null
 * @param logDir        -LogDir, or null
 * @param throwFrames   -Throw
 * @param truncFrames   -Trunc
 * @param pixelSizeA    -PixSize (Å), or NaN to take the movie header's
 * @param voltageKv     -Kv, or NaN
 * @param dosePerFrame  -FmDose (e/Å² per raw frame), or NaN
 * @param initDose      -InitDose (e/Å²)
 * @param frameIntegration -FmIntFile, or null
 * @param sumRange      -SumRange {low, high} (e/Å²); {0, 0} for none
 * @param splitSum      -SplitSum 1
 * @param stackBin      -OutStack 1 z: z (0 = no stack)
 * @param binning       -FtBin
 * @param mag           -Mag, or null
 * @param inFrameMotion -InFmMotion 1
 * @param correction    the engine's alignment options
 */
public record MotionCorSettings(Path gain, Path dark, GainOrientation orientation, Path defectFile, Path logDir,
                                int throwFrames, int truncFrames, double pixelSizeA, double voltageKv,
                                double dosePerFrame, double initDose, Path frameIntegration, double[] sumRange,
                                boolean splitSum, int stackBin, double binning, MagnificationCorrection mag,
                                boolean inFrameMotion, CorrectionOptions correction,
                                MovieReadOptions readOptions, boolean relionStar, Path logFile) {

    /** Gain only, everything else as MotionCor2's defaults (no dose weighting). */
    public static MotionCorSettings basic(Path gain, Path logDir, int throwFrames, int truncFrames,
                                          CorrectionOptions correction) {
        return new MotionCorSettings(gain, null, GainOrientation.NONE, null, logDir, throwFrames, truncFrames,
                Double.NaN, Double.NaN, Double.NaN, 0, null, new double[] {3, 25}, false, 0, 1, null, false,
                correction, MovieReadOptions.DEFAULT, false, null);
    }

    /** The same settings writing logs to {@code dir} (null: none). */
    public MotionCorSettings withLogDir(Path dir) {
        return new MotionCorSettings(gain, dark, orientation, defectFile, dir, throwFrames, truncFrames, pixelSizeA,
                voltageKv, dosePerFrame, initDose, frameIntegration, sumRange, splitSum, stackBin, binning, mag,
                inFrameMotion, correction, readOptions, relionStar, logFile);
    }

    /** Whether -Kv, -PixSize and -FmDose (or an -FmIntFile with doses) are all given: dose weighting is on. */
    public boolean doseWeighting() {
        return Double.isFinite(voltageKv) && Double.isFinite(pixelSizeA)
                && (Double.isFinite(dosePerFrame) || frameIntegration != null);
    }
}
