package org.stillframe.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.stillframe.align.global.GlobalAlignOptions;
import org.stillframe.config.Defaults;
import org.stillframe.correct.CorrectionOptions;
import org.stillframe.correct.MovieCorrector;
import org.stillframe.gain.GainCorrection;
import org.stillframe.io.mrc.MrcMode;
import org.stillframe.io.mrc.MrcReader;
import org.stillframe.parallel.Workers;
import org.stillframe.quality.Frc;
import org.stillframe.quality.ShiftError;
import org.stillframe.sim.MovieSimulator;
import org.stillframe.sim.SimulationParams;
import org.stillframe.sim.io.SimulationWriter;
import org.stillframe.spark.QcRun;
import org.stillframe.spark.StillframeJob;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code stillframe demo}: simulates a few movies, corrects them with the Spark job in local mode, and reports
 * the accuracy against the ground truth, where the outputs are, and the job's QC summary.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Simulate a few movies, correct them with the Spark job (local mode), print the accuracy"
                + " against the ground truth and the QC summary.")
public final class DemoCommand implements Callable<Integer> {

    @Option(names = "--out", defaultValue = "stillframe-demo", description = "Working folder (default: ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--movies", defaultValue = "4", description = "Movies to simulate (default: 4).")
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
        Path truthDir = out.resolve("truth");
        Path jobDir = out.resolve("job");
        o.printf(Locale.ROOT, "stillframe demo: %d simulated movies of %d x %d x %d (1 e/A^2/frame, ~20 px drift,"
                + " contrast 0.2), corrected by the Spark job in local mode%n", movies, size, size, frames);
        o.flush();
        SimulationParams[] params = new SimulationParams[movies];
        try (Workers workers = new Workers(t)) {
            for (int m = 0; m < movies; m++) {
                String name = name(m);
                params[m] = SimulationParams.defaults(size, size, frames, 1000 + m).withContrast(0.2).withGain(false);
                SimulationWriter.Files files = SimulationWriter.write(params[m], truthDir, name, MrcMode.INT16,
                        workers);
                java.nio.file.Files.createDirectories(movieDir);
                java.nio.file.Files.move(files.movie(), movieDir.resolve(name + ".mrc"),
                        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
        }
        java.util.Map<String, String> conf = JobCommand.sparkSettings(Defaults.root().getConfig("stillframe.job"));
        conf.put("spark.master", "local[" + t + "]");
        conf.put("spark.ui.enabled", "false");
        StillframeJob.Options job = new StillframeJob.Options(movieDir.toString(), jobDir.toString(),
                java.util.List.of("-Threads", "1"), conf, 5, false);
        int status = StillframeJob.run(job, o, spec.commandLine().getErr());
        if (status != StillframeJob.OK) {
            return status;
        }
        score(o, params, t, movieDir, truthDir, jobDir);
        return QcRun.run(jobDir.resolve("tables").toString(), false, o, spec.commandLine().getErr());
    }

    /** Per movie: the shift error and the sum's FRC next to the oracle's; then where everything is. */
    private void score(PrintWriter o, SimulationParams[] params, int t, Path movieDir, Path truthDir, Path jobDir)
            throws java.io.IOException {
        o.printf("%n%-10s %10s %8s %14s %14s%n", "movie", "shift RMS", "frames", "FRC(0.5-1 Nyq)", "oracle FRC");
        try (Workers workers = new Workers(t)) {
            for (int m = 0; m < movies; m++) {
                String name = name(m);
                MovieSimulator sim = new MovieSimulator(params[m]);
                double[][] rows = AccuracyCommand.table(jobDir.resolve("logs").resolve(name + "-Full.log"), 1, 2);
                double rms = ShiftError.rms(AccuracyCommand.shifts(rows), sim.trueShifts());
                float[] ours = readImage(jobDir.resolve(name + ".mrc"));
                // The sums are registered to the default -FmRef's frame: so are the oracle and the noise-free image.
                int ref = new CorrectionOptions(GlobalAlignOptions.defaults(), Defaults.motionCor().getInt("fm-ref"))
                        .referenceIndex(rows.length);
                float[] oracle = new MovieCorrector(workers).sumAligned(sim, new GainCorrection(null, null),
                        sim.trueShifts().relativeTo(ref));
                float[] truth = sim.noiseFree(ref);
                double frc = highFrc(Frc.compute(ours, truth, size, size, 20));
                double frcOracle = highFrc(Frc.compute(oracle, truth, size, size, 20));
                o.printf(Locale.ROOT, "%-10s %8.3f px %8d %14.4f %14.4f%n", name, rms, rows.length, frc, frcOracle);
            }
        }
        o.printf("%nmovies: %s%nground truth: %s%nsums, logs, tables: %s%n", movieDir, truthDir, jobDir);
        o.println("shift RMS: per-frame error against the simulated motion after removing a constant offset;");
        o.println("FRC: mean Fourier ring correlation with the noise-free image over 0.5-1.0 x Nyquist,");
        o.println("     ours and an oracle sum made with the true shifts.");
        o.println("Query the tables with Spark SQL (spark.read.parquet(\"" + jobDir.resolve("tables/movies")
                + "\")), notebooks/qc.ipynb, or: bin/stillframe qc " + jobDir.resolve("tables"));
        o.println();
        o.flush();
    }

    private static String name(int m) {
        return String.format(Locale.ROOT, "demo_%03d", m + 1);
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
