package org.stillframe.options;

import java.io.Serializable;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Objects;
import org.stillframe.config.Defaults;
import org.stillframe.correct.CorrectionOptions;
import org.stillframe.gain.GainOrientation;
import org.stillframe.io.MovieReadOptions;
import org.stillframe.image.MagnificationCorrection;

/**
 * Everything MotionCor2's flags say about how to correct a movie, apart from which movie and where the outputs
 * go: one settings model for the command line, batch mode and (later) the Spark job.
 *
 * @param gain          gain reference: a local path or a Hadoop URI (hdfs://, s3a://), or null (then the movie's
 *                      MRC extended header, if it holds one)
 * @param dark          dark reference (a path or URI, as the gain), or null
 * @param orientation   -RotGain / -FlipGain, applied to gain and dark
 * @param defectFile    -DefectFile (a path or URI, as the gain), or null
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
 * @param readOptions   -InEer, -EerSampling
 * @param relionStar    -OutStar 1
 * @param logFile       -LogFile, or null
 * @param csMm          -Cs (mm), for RELION's optics group
 * @param ampContrast   -AmpCont, for RELION's optics group
 * @param gainOrient    -GainOrient: check the gain's orientation, apply the best one, or neither
 */
public record MotionCorSettings(String gain, String dark, GainOrientation orientation, String defectFile, Path logDir,
                                int throwFrames, int truncFrames, double pixelSizeA, double voltageKv,
                                double dosePerFrame, double initDose, Path frameIntegration, double[] sumRange,
                                boolean splitSum, int stackBin, double binning, MagnificationCorrection mag,
                                boolean inFrameMotion, CorrectionOptions correction,
                                MovieReadOptions readOptions, boolean relionStar, Path logFile, double csMm,
                                double ampContrast, GainOrientMode gainOrient) implements Serializable {

    /** Gain only, everything else as MotionCor2's defaults (no dose weighting). */
    public static MotionCorSettings basic(String gain, Path logDir, int throwFrames, int truncFrames,
                                          CorrectionOptions correction) {
        return new MotionCorSettings(gain, null, GainOrientation.NONE, null, logDir, throwFrames, truncFrames,
                Double.NaN, Double.NaN, Double.NaN, 0, null, defaultSumRange(), false, 0, 1, null, false,
                correction, MovieReadOptions.DEFAULT, false, null, Defaults.motionCor().getDouble("cs-mm"),
                Defaults.motionCor().getDouble("amplitude-contrast"), defaultGainOrient());
    }

    /** reference.conf's -GainOrient. */
    static GainOrientMode defaultGainOrient() {
        try {
            return GainOrientMode.parse(Defaults.motionCor().getString("gain-orient"));
        } catch (UsageException e) {
            throw new IllegalStateException("reference.conf: " + e.getMessage(), e);
        }
    }

    /**
     * The same settings with the gain turned by {@code o} under {@code mode} (the job's driver, once it has checked
     * the gain, ships its decision with OFF so that no executor checks again).
     */
    public MotionCorSettings withGainOrientation(GainOrientation o, GainOrientMode mode) {
        return new MotionCorSettings(gain, dark, o, defectFile, logDir, throwFrames, truncFrames, pixelSizeA,
                voltageKv, dosePerFrame, initDose, frameIntegration, sumRange, splitSum, stackBin, binning, mag,
                inFrameMotion, correction, readOptions, relionStar, logFile, csMm, ampContrast, mode);
    }

    /** reference.conf's -SumRange. */
    static double[] defaultSumRange() {
        var range = Defaults.motionCor().getDoubleList("sum-range");
        return new double[] {range.get(0), range.get(1)};
    }

    /** The same settings writing logs to {@code dir} (null: none). */
    public MotionCorSettings withLogDir(Path dir) {
        return new MotionCorSettings(gain, dark, orientation, defectFile, dir, throwFrames, truncFrames, pixelSizeA,
                voltageKv, dosePerFrame, initDose, frameIntegration, sumRange, splitSum, stackBin, binning, mag,
                inFrameMotion, correction, readOptions, relionStar, logFile, csMm, ampContrast, gainOrient);
    }

    /**
     * The settings for one movie: its own pixel size, voltage, gain, pre-exposure, dose per frame and even/odd
     * sums where it sets them, checked as the flags would be.
     */
    public MotionCorSettings withPerMovie(PerMovie m) throws UsageException {
        double pixel = m.pixelSizeA() == null ? pixelSizeA : m.pixelSizeA();
        if (m.pixelSizeA() != null && !(pixel > 0)) {
            throw new UsageException("-PixSize must be positive, got " + pixel);
        }
        double kv = m.voltageKv() == null ? voltageKv : m.voltageKv();
        if (m.voltageKv() != null && !Double.isFinite(kv)) {
            throw new UsageException("-Kv takes a number, got '" + kv + "'");
        }
        double init = m.initDose() == null ? initDose : m.initDose();
        if (!(init >= 0)) {
            throw new UsageException("-InitDose must be >= 0, got " + init);
        }
        double fmDose = m.dosePerFrame() == null ? dosePerFrame : m.dosePerFrame();
        if (m.dosePerFrame() != null && !(fmDose > 0)) {
            throw new UsageException("-FmDose must be positive, got " + fmDose);
        }
        return new MotionCorSettings(m.gain() == null ? gain : m.gain(), dark, orientation, defectFile,
                logDir, throwFrames, truncFrames, pixel, kv, fmDose, init, frameIntegration, sumRange,
                m.splitSum() == null ? splitSum : m.splitSum(), stackBin, binning, mag, inFrameMotion, correction,
                readOptions, relionStar, logFile, csMm, ampContrast, gainOrient);
    }

    /** The same settings with these paths (logs, frame integration, log file). */
    private MotionCorSettings withPaths(Path[] p) {
        return new MotionCorSettings(gain, dark, orientation, defectFile, p[0], throwFrames, truncFrames, pixelSizeA,
                voltageKv, dosePerFrame, initDose, p[1], sumRange, splitSum, stackBin, binning, mag, inFrameMotion,
                correction, readOptions, relionStar, p[2], csMm, ampContrast, gainOrient);
    }

    /** Paths are not serialisable: settings with paths travel as their strings beside a copy without them. */
    private Object writeReplace() {
        String[] paths = Arrays.stream(new Path[] {logDir, frameIntegration, logFile})
                .map(p -> p == null ? null : p.toString()).toArray(String[]::new);
        return Arrays.stream(paths).allMatch(Objects::isNull) ? this
                : new WithPaths(withPaths(new Path[paths.length]), paths);
    }

    private record WithPaths(MotionCorSettings settings, String[] paths) implements Serializable {
        private Object readResolve() {
            return settings.withPaths(Arrays.stream(paths).map(p -> p == null ? null : Path.of(p))
                    .toArray(Path[]::new));
        }
    }

    /** Whether -Kv, -PixSize and -FmDose (or an -FmIntFile with doses) are all given: dose weighting is on. */
    public boolean doseWeighting() {
        return Double.isFinite(voltageKv) && Double.isFinite(pixelSizeA)
                && (Double.isFinite(dosePerFrame) || frameIntegration != null);
    }
}
