package org.stillframe.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.stillframe.gain.GainEstimate;
import org.stillframe.gain.GainEstimator;
import org.stillframe.gain.GainSums;
import org.stillframe.io.AtomicFiles;
import org.stillframe.io.BadInputException;
import org.stillframe.io.DefectFile;
import org.stillframe.io.mrc.MrcWriter;
import org.stillframe.parallel.Workers;
import org.stillframe.pipeline.GainAccumulator;
import org.stillframe.spark.DatasetListing;
import org.stillframe.spark.GainJob;
import org.stillframe.spark.MovieEntry;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code stillframe gain}: a gain reference and a defect list estimated from many movies of one camera. */
@Command(name = "gain", mixinStandardHelpOptions = true,
        description = {"Estimate a gain reference (multiplicative, as -Gain takes it: frame x gain, mean 1) and the"
                + " camera's persistent defects from many raw (not gain-corrected) movies of one camera.",
            "Each movie's specimen differs and averages out; the error of each pixel's gain approaches the Poisson"
                + " limit 1/sqrt(its counts over all movies). Defects get gain 0."})
public final class GainCommand implements Callable<Integer> {

    @Option(names = "--movies", required = true, description = "The movies: a glob (quote it), a folder, or a list"
            + " file; local paths or Hadoop URIs.")
    String movies;

    @Option(names = "--out", required = true, description = "The gain reference to write (MRC, float32).")
    Path out;

    @Option(names = "--defects", description = "Also write the defects as a -DefectFile (x y w h per line).")
    Path defects;

    @Option(names = "--threads", defaultValue = "0", description = "Movies read at once (each holds its own sums:"
            + " 24 bytes a pixel); 0 = all cores.")
    int threads;

    @Option(names = "--max-frames", defaultValue = "0", description = "Use at most the first K frames of each movie"
            + " (default: all).")
    int maxFrames;

    @Option(names = "--spark", description = "Sum the movies on Spark executors (partial sums added on the driver).")
    boolean spark;

    @Option(names = "--master", description = "With --spark: the Spark master, e.g. local[2] (default: spark-submit's,"
            + " else local[*]).")
    String master;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        PrintWriter stdout = spec.commandLine().getOut();
        if (maxFrames < 0 || threads < 0 || (master != null && !spark)) {
            err.println("stillframe gain: --max-frames and --threads must be >= 0, and --master needs --spark");
            return Main.BAD_INPUT;
        }
        long start = System.nanoTime();
        try {
            List<String> locations = list(movies);
            GainSums sums = spark ? GainJob.sum(locations, maxFrames, master) : sumLocally(locations);
            GainEstimate estimate = GainEstimator.estimate(sums);
            MrcWriter.writeImage(out, estimate.gain(), estimate.width(), estimate.height(), 0);
            if (defects != null) {
                AtomicFiles.writeString(defects, DefectFile.format("stillframe gain: defects of " + estimate.movies()
                        + " movies (x y w h, lower-left corner, row 0 at the bottom)", estimate.rectangles()));
            }
            stdout.printf(Locale.ROOT, "stillframe gain: %d movies, %d frames, %d x %d, %.1f counts/px (Poisson limit"
                    + " %.2f %%), defects: %d dead and %d hot columns, %d dead and %d hot pixels; %s%s (%.1f s)%n",
                    estimate.movies(), estimate.frames(), estimate.width(), estimate.height(),
                    estimate.meanCountsPerPixel(), 100 * estimate.poissonLimit(), estimate.deadColumns().length,
                    estimate.hotColumns().length, estimate.deadPixels().length, estimate.hotPixels().length, out,
                    defects == null ? "" : ", " + defects, (System.nanoTime() - start) * 1e-9);
            stdout.flush();
            return Main.OK;
        } catch (BadInputException e) {
            err.println("stillframe gain: " + e.getMessage());
            return Main.BAD_INPUT;
        }
    }

    /** The movies' locations in name order (the order does not change the sums beyond rounding). */
    static List<String> list(String dataset) throws IOException {
        List<String> out = new ArrayList<>();
        for (MovieEntry m : DatasetListing.list(dataset)) {
            out.add(m.location());
        }
        out.sort(Comparator.naturalOrder());
        return out;
    }

    /**
     * One movie at a time per thread: thread k sums movies k, k + T, k + 2T, ... into its own sums, which are then
     * added in thread order, so a run with the same --threads gives the same gain bit for bit.
     */
    private GainSums sumLocally(List<String> locations) throws IOException {
        int t = Math.max(1, Math.min(threads > 0 ? threads : Runtime.getRuntime().availableProcessors(),
                locations.size()));
        GainAccumulator[] accumulators = new GainAccumulator[t];
        for (int k = 0; k < t; k++) {
            accumulators[k] = new GainAccumulator(maxFrames);
        }
        try (Workers workers = new Workers(t)) {
            workers.forEach(t, (worker, k) -> {
                for (int i = k; i < locations.size(); i += t) {
                    accumulators[k].add(locations.get(i));
                }
            });
        } catch (Workers.WorkerException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            throw e;
        }
        GainSums total = accumulators[0].sums();
        for (int k = 1; k < t; k++) {
            GainSums more = accumulators[k].sums();
            if (more.width() != total.width() || more.height() != total.height()) {
                throw new BadInputException(movies, "holds movies of different sizes (" + total.width() + "x"
                        + total.height() + " and " + more.width() + "x" + more.height() + "): a gain needs one camera");
            }
            total.merge(more);
        }
        return total;
    }
}
