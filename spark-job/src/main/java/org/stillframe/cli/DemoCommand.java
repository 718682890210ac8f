package org.stillframe.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.stillframe.config.Defaults;
import org.stillframe.correct.CorrectionOptions;
import org.stillframe.correct.MovieCorrector;
import org.stillframe.gain.GainCorrection;
import org.stillframe.io.mrc.MrcMode;
import org.stillframe.io.mrc.MrcReader;
import org.stillframe.parallel.Workers;
import org.stillframe.pipeline.MotionCorSettings;
import org.stillframe.pipeline.MoviePipeline;
import org.stillframe.pipeline.MovieResult;
import org.stillframe.pipeline.MovieTask;
import org.stillframe.quality.Frc;
import org.stillframe.quality.ShiftError;
import org.stillframe.sim.MovieSimulator;
import org.stillframe.sim.SimulationParams;
import org.stillframe.sim.io.SimulationWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code stillframe demo}: simulates a few movies, corrects them as {@code motioncor} would, and reports the
 * accuracy against the ground truth and where the outputs are.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Simulate a few movies, correct them, and print the accuracy against the ground truth.")
public final class DemoCommand implements Callable<Integer> {

    @Option(names = "--out", defaultValue = "stillframe-demo", description = "Working folder (default: ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--movies", defaultValue = "3", description = "Movies to simulate (default: 3).")
    int movies;

    @Option(names = "--size", defaultValue = "1024", description = "Frame size in px (default: 1024).")
    int size;

    @Option(names = "--frames", defaultValue = "30", description = "Frames per movie (default: 30).")
    int frames;

    @Option(names = "--threads", defaultValue = "0", description = "Worker threads, 0 = all cores.")
    int threads;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter o = spec.commandLine().getOut();
        int t = threads > 0 ? threads : Runtime.getRuntime().availableProcessors();
        Path movieDir = out.resolve("movies");
        Path sumDir = out.resolve("corrected");
        Path logDir = out.resolve("logs");
        MotionCorArgs noFlags = MotionCorArgs.parse(new String[0]);
        CorrectionOptions options = MotionCorCommand.correctionOptions(noFlags);
        o.printf(Locale.ROOT, "stillframe demo: %d simulated movies of %d x %d x %d "
                + "(1 e/A^2/frame, gain, ~20 px drift, contrast 0.2)%n", movies, size, size, frames);
        o.printf("%-10s %10s %12s %14s %14s %8s%n", "movie", "shift RMS", "frames", "FRC(0.5-1 Nyq)",
                "oracle FRC", "seconds");
        o.flush();
        try (Workers workers = new Workers(t); MoviePipeline pipeline = new MoviePipeline(t)) {
            for (int m = 0; m < movies; m++) {
                String name = String.format(Locale.ROOT, "demo_%03d", m + 1);
                SimulationParams p = SimulationParams.defaults(size, size, frames, 1000 + m).withContrast(0.2);
                SimulationWriter.Files files = SimulationWriter.write(p, movieDir, name, MrcMode.INT16, workers);
                Path sum = sumDir.resolve(name + ".mrc");
                long t0 = System.nanoTime();
                MovieResult r = pipeline.run(new MovieTask(files.movie().toString(), sum,
                                MotionCorSettings.basic(files.gain(), logDir, 0, 0, options)),
                        line -> { });
                double seconds = (System.nanoTime() - t0) * 1e-9;
                MovieSimulator sim = new MovieSimulator(p);
                double rms = ShiftError.rms(r.correction().shifts(), sim.trueShifts());
                float[] ours = readImage(sum);
                float[] oracle = new MovieCorrector(workers).sumAligned(sim,
                        new GainCorrection(sim.gainReference(), null), sim.trueShifts());
                float[] truth = sim.noiseFree();
                double frc = highFrc(Frc.compute(ours, truth, size, size, 20));
                double frcOracle = highFrc(Frc.compute(oracle, truth, size, size, 20));
                o.printf(Locale.ROOT, "%-10s %8.3f px %12d %14.4f %14.4f %8.2f%n", name, rms, frames, frc, frcOracle,
                        seconds);
                o.flush();
            }
        }
        o.printf("%nmovies and ground truth: %s%nsums: %s%nlogs: %s%n", movieDir, sumDir, logDir);
        o.println("shift RMS: per-frame error against the simulated motion after removing a constant offset;");
        o.println("FRC: mean Fourier ring correlation with the noise-free image over 0.5-1.0 x Nyquist,");
        o.println("     ours and an oracle sum made with the true shifts.");
        o.flush();
        return Main.OK;
    }

    private static float[] readImage(Path file) throws java.io.IOException {
        try (MrcReader r = MrcReader.open(file)) {
            float[] img = new float[r.width() * r.height()];
            r.read(0, img);
            return img;
        }
    }

    private static double highFrc(double[] frc) {
        double s = 0;
        int n = 0;
        for (int k = frc.length / 2; k < frc.length; k++) {
            s += frc[k];
            n++;
        }
        return s / n;
    }

    static {
        Defaults.root(); // fail early if reference.conf is missing from the jar
    }
}
