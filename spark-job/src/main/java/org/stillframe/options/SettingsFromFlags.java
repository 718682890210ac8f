package org.stillframe.options;

import com.typesafe.config.Config;
import java.nio.file.Path;
import org.stillframe.align.global.GlobalAlignOptions;
import org.stillframe.align.patch.PatchOptions;
import org.stillframe.config.Defaults;
import org.stillframe.correct.CorrectionOptions;
import org.stillframe.gain.GainOrientation;
import org.stillframe.image.MagnificationCorrection;
import org.stillframe.io.MovieReadOptions;

/**
 * The options model built from MotionCor2-style flags over reference.conf's defaults: one immutable
 * {@link MotionCorSettings} (and the engine's options inside it), built once and shared by the CLI, the Spark job
 * and the workflows.
 */
public final class SettingsFromFlags {

    private SettingsFromFlags() {
    }

    /** Every processing flag into one settings record (reference.conf supplies the defaults). */
    public static MotionCorSettings settings(MotionCorArgs a) throws UsageException {
        return settings(a, MotionCorSettings.defaultSumRange());
    }

    /**
     * The settings for the tilts of a tilt series: as {@link #settings}, but no {@code _DWS} sum unless -SumRange
     * asks for one. That sum is a single-particle CTF aid that no tilt-series output uses, and writing it cost a
     * fifth of each tilt's sums and writes.
     */
    public static MotionCorSettings tiltSettings(MotionCorArgs a) throws UsageException {
        return settings(a, new double[] {0, 0});
    }

    private static MotionCorSettings settings(MotionCorArgs a, double[] defaultSumRange) throws UsageException {
        // References are locations (a local path or a Hadoop URI such as hdfs://): every executor reads them itself.
        String gain = a.has("-Gain") ? a.string("-Gain") : null;
        String dark = a.has("-Dark") ? a.string("-Dark") : null;
        String defects = a.has("-DefectFile") ? a.string("-DefectFile") : null;
        Path logDir = a.has("-LogDir") ? Path.of(a.string("-LogDir")) : null;
        Path fmInt = a.has("-FmIntFile") ? Path.of(a.string("-FmIntFile")) : null;
        double[] sumRange = a.has("-SumRange") ? new double[] {a.numberAt("-SumRange", 0), a.numberAt("-SumRange", 1)}
                : defaultSumRange;
        int stackBin = 0;
        if (a.has("-OutStack") && a.integerAt("-OutStack", 0) != 0) {
            stackBin = a.list("-OutStack").size() > 1 ? a.integerAt("-OutStack", 1) : 1;
            if (stackBin < 1) {
                throw new UsageException("-OutStack 1 Z needs Z >= 1, got " + stackBin);
            }
        }
        double binning = a.number("-FtBin", 1);
        if (!(binning >= 1)) {
            throw new UsageException("-FtBin must be at least 1, got " + binning);
        }
        MagnificationCorrection mag = null;
        if (a.has("-Mag")) {
            if (a.list("-Mag").size() != 3) {
                throw new UsageException("-Mag takes three values: major minor angle");
            }
            try {
                mag = new MagnificationCorrection(a.numberAt("-Mag", 0), a.numberAt("-Mag", 1), a.numberAt("-Mag", 2));
            } catch (IllegalArgumentException e) {
                throw new UsageException(e.getMessage());
            }
            if (mag.major() == 1 && mag.minor() == 1) {
                mag = null;
            }
        }
        GainOrientation orientation;
        try {
            orientation = new GainOrientation(a.integer("-RotGain", 0), a.integer("-FlipGain", 0));
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        double pixelSize = a.number("-PixSize", Double.NaN);
        if (a.has("-PixSize") && !(pixelSize > 0)) {
            throw new UsageException("-PixSize must be positive, got " + pixelSize);
        }
        double initDose = a.number("-InitDose", 0);
        if (!(initDose >= 0)) {
            throw new UsageException("-InitDose must be >= 0, got " + initDose);
        }
        double fmDose = a.number("-FmDose", Double.NaN);
        if (a.has("-FmDose") && !(fmDose > 0)) {
            throw new UsageException("-FmDose must be positive, got " + fmDose);
        }
        return new MotionCorSettings(gain, dark, orientation, defects, logDir, nonNegative(a, "-Throw"),
                nonNegative(a, "-Trunc"), pixelSize, a.number("-Kv", Double.NaN), fmDose, initDose, fmInt, sumRange,
                a.integer("-SplitSum", 0) != 0, stackBin, binning, mag, a.integer("-InFmMotion", 0) != 0,
                correctionOptions(a), readOptions(a), a.integer("-OutStar", 0) != 0,
                a.has("-LogFile") ? Path.of(a.string("-LogFile")) : null,
                a.number("-Cs", Defaults.motionCor().getDouble("cs-mm")),
                a.number("-AmpCont", Defaults.motionCor().getDouble("amplitude-contrast")),
                a.has("-GainOrient") ? GainOrientMode.parse(a.string("-GainOrient"))
                        : MotionCorSettings.defaultGainOrient());
    }

    /** -InEer and -EerSampling. */
    public static MovieReadOptions readOptions(MotionCorArgs a) throws UsageException {
        int sampling = a.integer("-EerSampling", 1);
        if (sampling < 1 || sampling > 3) {
            throw new UsageException("-EerSampling must be 1 (physical pixels), 2 (2x) or 3 (4x), got " + sampling);
        }
        return new MovieReadOptions(sampling, a.has("-InEer"));
    }

    /** The engine options: reference.conf defaults overridden by the flags given. */
    public static CorrectionOptions correctionOptions(MotionCorArgs a) throws UsageException {
        Config d = Defaults.motionCor();
        int iterations = a.integer("-Iter", d.getInt("iterations"));
        double tol = a.number("-Tol", d.getDouble("tolerance-px"));
        double bft = a.has("-Bft") ? a.numberAt("-Bft", 0) : d.getDoubleList("bfactor").get(0);
        boolean phaseOnly = a.integer("-PhaseOnly", d.getBoolean("phase-only") ? 1 : 0) != 0;
        int group = a.has("-Group") ? a.integerAt("-Group", 0) : d.getIntList("group").get(0);
        int fmRef = a.integer("-FmRef", d.getInt("fm-ref"));
        boolean smooth = a.integer("-Smooth", d.getBoolean("smooth-trajectory") ? 1 : 0) != 0;
        if (fmRef < -1) {
            throw new UsageException("-FmRef must be -1 (central), 0 (first) or a frame number, got " + fmRef);
        }
        try {
            GlobalAlignOptions align = new GlobalAlignOptions(iterations, tol, bft, phaseOnly, group,
                    d.getDouble("max-shift-px"), smooth, !a.has("-Bft") && d.getBoolean("adaptive-bfactor"));
            CorrectionOptions options = new CorrectionOptions(align, fmRef);
            if (a.has("-Patch")) {
                int px = a.integerAt("-Patch", 0);
                int py = a.list("-Patch").size() > 1 ? a.integerAt("-Patch", 1) : px;
                double overlap = a.list("-Patch").size() > 2 ? a.numberAt("-Patch", 2) : d.getDouble("patch-overlap");
                if (px > 1 || py > 1) { // MotionCor2: either count <= 1 means whole-frame only
                    double bLocal = a.list("-Bft").size() > 1 ? a.numberAt("-Bft", 1) : d.getDoubleList("bfactor").get(1);
                    int gLocal = a.list("-Group").size() > 1 ? a.integerAt("-Group", 1) : d.getIntList("group").get(1);
                    boolean features = a.integer("-FeaturePatch", d.getBoolean("feature-patches") ? 1 : 0) != 0;
                    options = options.withPatches(new PatchOptions(px, py, overlap, bLocal, gLocal, features));
                }
            }
            return options;
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
    }

    public static int threads(MotionCorArgs a) throws UsageException {
        int t = a.integer("-Threads", Defaults.motionCor().getInt("threads"));
        if (t < 0) {
            throw new UsageException("-Threads must be >= 0, got " + t);
        }
        return t == 0 ? Runtime.getRuntime().availableProcessors() : t;
    }

    private static int nonNegative(MotionCorArgs a, String flag) throws UsageException {
        int v = a.integer(flag, 0);
        if (v < 0) {
            throw new UsageException(flag + " must be >= 0, got " + v);
        }
        return v;
    }
}
