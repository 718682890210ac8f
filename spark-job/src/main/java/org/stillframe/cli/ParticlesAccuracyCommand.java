package org.stillframe.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.stillframe.extract.ParticleAccuracy;
import org.stillframe.io.BadInputException;
import org.stillframe.relion.RelionTracks;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code stillframe particles accuracy}: per-particle trajectories against a simulated movie's truth. */
@Command(name = "accuracy", mixinStandardHelpOptions = true,
        description = {"Score STEM_trajectories.tsv against NAME_particles_truth.tsv (stillframe simulate"
                + " --particle-motion), by particle size.",
            "With --relion-tracks, TRAJECTORIES is RELION 3.1 polishing's MOVIE_tracks.star (relion_motion_refine),"
                + " converted to the same table first (see org.stillframe.relion.RelionTracks)."})
public final class ParticlesAccuracyCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "TRUTH", description = "NAME_particles_truth.tsv")
    Path truth;

    @Parameters(index = "1", paramLabel = "TRAJECTORIES", description = "STEM_trajectories.tsv, or with"
            + " --relion-tracks relion_motion_refine's MOVIE_tracks.star")
    Path trajectories;

    @Option(names = "--dose", defaultValue = "NaN", description = "With --pixel-size (and --kv, default 300): also"
            + " the signal a dose-weighted sum keeps (e/A^2 per frame).")
    double dose;

    @Option(names = "--pixel-size", defaultValue = "NaN", description = "--dose: the pixel size (A).")
    double pixelSize;

    @Option(names = "--kv", defaultValue = "300", description = "--dose: the voltage (kV).")
    double kv;

    @Option(names = "--relion-tracks", description = "TRAJECTORIES is RELION's MOVIE_tracks.star (Å positions"
            + " relative to each box's whole pixel), converted with --relion-particles and --relion-motion.")
    boolean relionTracks;

    @Option(names = "--relion-particles", paramLabel = "STAR", description = "--relion-tracks: the particles STAR"
            + " given to relion_motion_refine (coordinates; rows in the tracks' order).")
    Path relionParticles;

    @Option(names = "--relion-motion", paramLabel = "STAR", description = "--relion-tracks: relion_run_motioncorr's"
            + " per-micrograph MOVIE.star (RELION's movie motion, for \"movie motion alone\").")
    Path relionMotion;

    @Option(names = "--write-trajectories", paramLabel = "TSV", description = "--relion-tracks: also write the"
            + " converted trajectory table here.")
    Path writeTrajectories;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        var out = spec.commandLine().getOut();
        Path converted = null;
        try {
            Path scored = trajectories;
            if (relionTracks) {
                if (relionParticles == null || relionMotion == null) {
                    spec.commandLine().getErr().println("stillframe particles accuracy: --relion-tracks needs"
                            + " --relion-particles and --relion-motion");
                    return Main.BAD_INPUT;
                }
                String table = RelionTracks.trajectoryTable(trajectories, relionParticles, relionMotion);
                converted = writeTrajectories != null ? writeTrajectories
                        : Files.createTempFile("stillframe-relion-tracks", ".tsv");
                Files.writeString(converted, table);
                scored = converted;
            }
            ParticleAccuracy.DoseWeighting weighting = dose > 0 && pixelSize > 0
                    ? new ParticleAccuracy.DoseWeighting(dose, pixelSize, kv) : null;
            out.println("radius px\tparticles\tfallback\tRMS px\tRMS offset removed px\tmovie motion alone RMS px"
                    + (weighting == null ? "" : "\tsignal kept\tmovie motion alone kept\tkept score"));
            double[][] ranges = {{0, 20}, {20, 32}, {32, 50}, {50, 1e9}, {0, 1e9}};
            for (double[] r : ranges) {
                ParticleAccuracy.Score s = ParticleAccuracy.score(truth, scored, r[0], r[1], weighting);
                String label = r[1] > 1e8 ? (r[0] == 0 ? "all" : ">= " + (int) r[0])
                        : (int) r[0] + "-" + (int) r[1];
                out.printf(Locale.ROOT, "%s\t%d\t%d\t%.3f\t%.3f\t%.3f%s%n", label, s.particles(), s.fallbacks(),
                        s.rmsPx(), s.rmsCentredPx(), s.movieMotionRmsPx(), weighting == null ? ""
                        : String.format(Locale.ROOT, "\t%.5f\t%.5f\t%.3f", s.kept(), s.movieMotionKept(),
                        (s.kept() - s.movieMotionKept()) / (1 - s.movieMotionKept())));
            }
            return Main.OK;
        } catch (BadInputException e) {
            spec.commandLine().getErr().println("stillframe particles accuracy: " + e.getMessage());
            return Main.BAD_INPUT;
        } finally {
            if (converted != null && writeTrajectories == null) {
                Files.deleteIfExists(converted);
            }
        }
    }
}
