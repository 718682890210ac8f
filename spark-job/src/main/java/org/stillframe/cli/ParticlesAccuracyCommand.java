package org.stillframe.cli;

import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.stillframe.extract.ParticleAccuracy;
import org.stillframe.io.BadInputException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code stillframe particles accuracy}: per-particle trajectories against a simulated movie's truth. */
@Command(name = "accuracy", mixinStandardHelpOptions = true,
        description = "Score STEM_trajectories.tsv against NAME_particles_truth.tsv (stillframe simulate"
                + " --particle-motion), by particle size.")
public final class ParticlesAccuracyCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "TRUTH", description = "NAME_particles_truth.tsv")
    Path truth;

    @Parameters(index = "1", paramLabel = "TRAJECTORIES", description = "STEM_trajectories.tsv")
    Path trajectories;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        var out = spec.commandLine().getOut();
        try {
            out.println("radius px\tparticles\tfallback\tRMS px\tRMS offset removed px\tmovie motion alone RMS px");
            double[][] ranges = {{0, 20}, {20, 32}, {32, 50}, {50, 1e9}, {0, 1e9}};
            for (double[] r : ranges) {
                ParticleAccuracy.Score s = ParticleAccuracy.score(truth, trajectories, r[0], r[1]);
                String label = r[1] > 1e8 ? (r[0] == 0 ? "all" : ">= " + (int) r[0])
                        : (int) r[0] + "-" + (int) r[1];
                out.printf(Locale.ROOT, "%s\t%d\t%d\t%.3f\t%.3f\t%.3f%n", label, s.particles(), s.fallbacks(),
                        s.rmsPx(), s.rmsCentredPx(), s.movieMotionRmsPx());
            }
            return Main.OK;
        } catch (BadInputException e) {
            spec.commandLine().getErr().println("stillframe particles accuracy: " + e.getMessage());
            return Main.BAD_INPUT;
        }
    }
}
