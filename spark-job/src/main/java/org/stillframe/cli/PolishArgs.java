package org.stillframe.cli;

import java.nio.file.Path;
import org.stillframe.options.UsageException;
import picocli.CommandLine.Option;

/** The reference-based options shared by {@code particles polish} and {@code job --polish}. */
public final class PolishArgs {

    @Option(names = "--half1", description = "Polishing: half-map 1 (MRC at the movies' pixel size).")
    Path half1;

    @Option(names = "--half2", description = "Polishing: half-map 2.")
    Path half2;

    @Option(names = "--mask", description = "Polishing: mask applied to both half-maps (MRC, same size).")
    Path mask;

    @Option(names = "--sigma-v", defaultValue = "NaN", description = "Polishing: velocity prior (px/frame); with"
            + " --sigma-d and --sigma-a it skips the cross-validation search.")
    double sigmaV;

    @Option(names = "--sigma-d", defaultValue = "NaN", description = "Polishing: spatial correlation distance (px).")
    double sigmaD;

    @Option(names = "--sigma-a", defaultValue = "NaN", description = "Polishing: acceleration prior (px/frame^2).")
    double sigmaA;

    @Option(names = "--cv-micrographs", defaultValue = "2", description = "Polishing: micrographs for the"
            + " hyperparameter search and the dose weights (default 2).")
    int cvMicrographs;

    /** The half-maps are required; the rest is checked. */
    void check() throws UsageException {
        if (half1 == null || half2 == null) {
            throw new UsageException("reference-based motion needs both half-maps (--half1, --half2)");
        }
        if (cvMicrographs < 1) {
            throw new UsageException("--cv-micrographs must be at least 1");
        }
    }
}
