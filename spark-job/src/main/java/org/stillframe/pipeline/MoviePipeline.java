package org.stillframe.pipeline;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.stillframe.correct.CorrectionResult;
import org.stillframe.correct.MovieFrames;
import org.stillframe.dose.CriticalExposure;
import org.stillframe.dose.DoseSchedule;
import org.stillframe.dose.DoseWeights;
import org.stillframe.gain.GainCorrection;
import org.stillframe.io.BadInputException;
import org.stillframe.io.FftWisdomFile;
import org.stillframe.io.FrameSource;
import org.stillframe.io.formats.MovieFiles;
import org.stillframe.log.MotionCorLogFiles;
import org.stillframe.log.MotionCorLogs;
import org.stillframe.movie.MovieResult;
import org.stillframe.movie.MovieTask;
import org.stillframe.movie.OutputNames;
import org.stillframe.options.MotionCorSettings;
import org.stillframe.parallel.Workers;
import org.stillframe.relion.MotionStarFile;

/**
 * The per-movie entry point shared by the command line and the Spark job: open the movie, correct it, write
 * the sums, the stack and the logs. No Spark here. Outputs appear only when complete (written to temporary
 * files and renamed), so a failed movie leaves nothing behind.
 */
public final class MoviePipeline implements AutoCloseable {

    private final Workers workers;

    public MoviePipeline(int threads) {
        this.workers = new Workers(threads);
        FftWisdomFile.load();
    }

    /**
     * Corrects one movie.
     *
     * @param log receives progress lines (MotionCor2-style iteration errors, notices)
     */
    public MovieResult run(MovieTask task, Consumer<String> log) throws IOException {
        return run(task, null, log);
    }

    /** Work on a movie's frames once its motion is known, while the movie is open (per-particle correction). */
    @FunctionalInterface
    public interface FrameStep {
        /**
         * @param frames    the frames used (after -Throw/-Trunc and rendering), re-readable from frame 0
         * @param result    the movie's motion, defects and timings
         * @param schedule  exposure per frame used
         * @param settings  the movie's MotionCor2 settings (voltage, dose)
         * @param pixelSizeA input pixel size (Å), NaN when unknown
         * @return the files written
         */
        List<Path> run(MovieFrames frames, GainCorrection gain, CorrectionResult result, DoseSchedule schedule,
                       MotionCorSettings settings, double pixelSizeA, Workers workers, Consumer<String> log)
                throws IOException;
    }

    /**
     * Corrects one movie, then runs {@code step} (may be null) on its frames. The stages: ingest (frames,
     * references, defects, exposure), correction, then the outputs (sums, stack, MotionCor2 logs, the step's
     * files, RELION STAR).
     */
    public MovieResult run(MovieTask task, FrameStep step, Consumer<String> log) throws IOException {
        MotionCorSettings s = task.settings();
        try (FrameSource movie = MovieFiles.open(task.input(), s.readOptions())) {
            MovieInput in = MovieInput.ingest(movie, s, log);
            DoseWeights weights = Correction.doseWeights(in, s, log);
            OutputNames names = new OutputNames(task.outputSum());
            try (StackFile stack = StackFile.open(in, names, s)) {
                CorrectionResult result = Correction.correct(workers, in, s, weights, stack.sink(),
                        seed(task.inputFileName()), log);
                long t0 = System.nanoTime();
                List<Path> outputs = new ArrayList<>(SumFiles.write(result.sums(), names, s,
                        in.outputPixelA(s) * in.width() / result.sums().width()));
                outputs.addAll(stack.commit());
                outputs.addAll(MotionCorLogFiles.write(task.inputFileName(), in.width(), in.height(), s, result,
                        in.schedule(), in.firstFrame()));
                if (step != null) {
                    outputs.addAll(step.run(in.window(), in.gain(), result, in.schedule(), s, in.pixelSizeA(),
                            workers, log));
                }
                FftWisdomFile.saveIfNew();
                double writeSeconds = (System.nanoTime() - t0) * 1e-9;
                MovieResult done = new MovieResult(task.input(), in.firstFrame(), result.withoutSums(),
                        in.schedule(), writeSeconds, List.copyOf(outputs), in.pixelSizeA(), in.frameCount(),
                        in.width(), in.height());
                return MotionStarFile.write(done, task);
            }
        } catch (IllegalArgumentException e) {
            throw new BadInputException(task.input(), e.getMessage());
        }
    }

    public static double voltageFactor(double kv) throws BadInputException {
        try {
            return CriticalExposure.voltageFactor(kv);
        } catch (IllegalArgumentException e) {
            throw new BadInputException("-Kv", e.getMessage());
        }
    }

    /** Seeds the random choices (defect repair) from the movie's stem, so a format change changes nothing. */
    private static long seed(String movieFileName) {
        return MotionCorLogs.stem(movieFileName).hashCode();
    }

    @Override
    public void close() {
        workers.close();
    }
}
