package org.stillframe.cli;

import org.stillframe.extract.ParticleConfig;
import org.stillframe.options.UsageException;
import picocli.CommandLine.Option;

/** The per-particle options shared by {@code particles local} and {@code job --particles}. */
public final class ParticleArgs {

    @Option(names = "--box", defaultValue = "0", description = "Particles: extraction box (px); default: Rosenthal &"
            + " Henderson's from --diameter, --defocus and --resolution.")
    int box;

    @Option(names = "--diameter", defaultValue = "NaN", description = "Particles: diameter (A), for the box rule"
            + " and the tracking mask.")
    double diameter;

    @Option(names = "--defocus", defaultValue = "1.5", description = "Particles: defocus for the box rule (um,"
            + " default 1.5).")
    double defocus;

    @Option(names = "--resolution", defaultValue = "3", description = "Particles: expected resolution for the box"
            + " rule (A, default 3).")
    double resolution;

    @Option(names = "--out-box", defaultValue = "0", description = "Particles: Fourier-crop to this box (px).")
    int outBox;

    @Option(names = "--dose-per-frame", defaultValue = "NaN", description = "Particles: override the exposure per"
            + " frame (e/A^2) for dose weighting.")
    double dosePerFrame;

    @Option(names = "--float16", description = "Particles: write the stacks in 16-bit floats (MRC mode 12).")
    boolean float16;

    @Option(names = "--track-res", defaultValue = "10", description = "Particles: finest detail used to track"
            + " them (A, default 10).")
    double trackResolution;

    @Option(names = "--no-norm", description = "Particles: do not normalise the background to mean 0, s.d. 1.")
    boolean noNorm;

    @Option(names = "--no-invert", description = "Particles: keep them dark (default: inverted, white).")
    boolean noInvert;

    @Option(names = "--plots", defaultValue = "20", description = "Particles: trajectory PNGs for the first N"
            + " movies (default 20).")
    int plots;

    /** The configuration, checked. */
    ParticleConfig config() throws UsageException {
        if (box <= 0 && !Double.isFinite(diameter)) {
            throw new UsageException("give the extraction box (--box) or the particle diameter (--diameter)");
        }
        if (box < 0 || outBox < 0 || (box > 0 && outBox > box)) {
            throw new UsageException("--box must be positive and --out-box at most --box");
        }
        if (!(trackResolution > 0) || plots < 0) {
            throw new UsageException("--track-res must be positive and --plots at least 0");
        }
        return new ParticleConfig(box, diameter, defocus, resolution, outBox, dosePerFrame, float16, trackResolution,
                !noNorm, !noInvert, plots);
    }
}
