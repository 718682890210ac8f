package org.stillframe.pipeline;

import java.io.IOException;
import java.nio.file.Files;
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

        /** Whether the movie's sums are made (and written); a step that needs only the frames and their motion
         *  may do without them, saving the summing pass (with patch motion, a third of the movie's time). */
        default boolean needsSums() {
            return true;
        }

        /** {@code step} without the movie's sums: its result has none, and no sum files are written. */
        static FrameStep withoutSums(FrameStep step) {
            return new FrameStep() {
                @Override
                public List<Path> run(MovieFrames frames, GainCorrection gain, CorrectionResult result,
                                      DoseSchedule schedule, MotionCorSettings settings, double pixelSizeA,
                                      Workers workers, Consumer<String> log) throws IOException {
                    return step.run(frames, gain, result, schedule, settings, pixelSizeA, workers, log);
                }

                @Override
                public boolean needsSums() {
                    return false;
                }
            };
        }
    }

    /**
     * Corrects one movie, then runs {@code step} (may be null) on its frames. The stages: ingest (frames,
     * references, defects, exposure), correction, then the outputs (sums, stack, MotionCor2 logs, the step's
     * files, RELION STAR).
     */
    public MovieResult run(MovieTask task, FrameStep step, Consumer<String> log) throws IOException {
        return correct(task, step, log).write();
    }

    /**
     * Corrects one movie and writes the outputs that need the open movie (the stack, {@code step}'s files); the
     * sums, logs and STAR are written by {@link Corrected#write}, which a caller running a list may do on another
     * thread while it corrects the next movie. The movie's frames are released on return.
     */
    public Corrected correct(MovieTask task, FrameStep step, Consumer<String> log) throws IOException {
        MotionCorSettings s = task.settings();
        try (FrameSource movie = MovieFiles.open(task.input(), s.readOptions())) {
            MovieInput in = MovieInput.ingest(movie, s, log);
            DoseWeights weights = Correction.doseWeights(in, s, log);
            OutputNames names = new OutputNames(task.outputSum());
            try (StackFile stack = StackFile.open(in, names, s)) {
                CorrectionResult result = Correction.correct(workers, in, s, weights, stack.sink(),
                        seed(task.inputFileName()), step == null || step.needsSums(), log);
                long t0 = System.nanoTime();
                List<Path> written = new ArrayList<>(stack.commit());
                try {
                    if (step != null) {
                        written.addAll(step.run(in.window(), in.gain(), result, in.schedule(), s, in.pixelSizeA(),
                                workers, log));
                    }
                    FftWisdomFile.saveIfNew();
                } catch (IOException | RuntimeException e) {
                    Corrected.delete(written);
                    throw e;
                }
                double sumPixelA = result.sums() == null ? Double.NaN
                        : in.outputPixelA(s) * in.width() / result.sums().width();
                MovieResult done = new MovieResult(task.input(), in.firstFrame(), result, in.schedule(),
                        (System.nanoTime() - t0) * 1e-9, List.copyOf(written), in.pixelSizeA(), in.frameCount(),
                        in.width(), in.height(), in.gainOrientation() == null ? "" : in.gainOrientation().toString());
                return new Corrected(task, done, names, sumPixelA);
            }
        } catch (IllegalArgumentException e) {
            throw new BadInputException(task.input(), e.getMessage());
        }
    }

    /**
     * A corrected movie whose sums, MotionCor2 logs and RELION STAR are still to be written. It holds the sums
     * only (not the frames).
     */
    public static final class Corrected {

        private final MovieTask task;
        private final MovieResult done;
        private final OutputNames names;
        private final double sumPixelA;

        private Corrected(MovieTask task, MovieResult done, OutputNames names, double sumPixelA) {
            this.task = task;
            this.done = done;
            this.names = names;
            this.sumPixelA = sumPixelA;
        }

        /**
         * Writes the rest of the outputs; the result lists them all, the sum first (when sums were made: see
         * {@link FrameStep#needsSums}). When a write fails, the movie's outputs written so far are removed (no
         * partial movie is left).
         */
        public MovieResult write() throws IOException {
            long t0 = System.nanoTime();
            MotionCorSettings s = task.settings();
            CorrectionResult result = done.correction();
            List<Path> outputs = new ArrayList<>();
            try {
                if (result.sums() != null) {
                    outputs.addAll(SumFiles.write(result.sums(), names, s, sumPixelA));
                }
                outputs.addAll(done.outputs());
                outputs.addAll(MotionCorLogFiles.write(task.inputFileName(), done.movieWidth(), done.movieHeight(), s, result,
                        done.schedule(), done.firstFrame()));
                MovieResult written = new MovieResult(done.movie(), done.firstFrame(), result.withoutSums(),
                        done.schedule(), done.writeSeconds() + (System.nanoTime() - t0) * 1e-9,
                        List.copyOf(outputs), done.pixelSizeA(), done.movieFrames(), done.movieWidth(), done.movieHeight(),
                        done.gainOrientation());
                return MotionStarFile.write(written, task);
            } catch (IOException | RuntimeException e) {
                delete(outputs);
                delete(done.outputs());
                throw e;
            }
        }

        /** The pixel size of the sums (Å), as their files record it. */
        public double sumPixelSizeA() {
            return sumPixelA;
        }

        /** The sums still to be written (the job's thumbnails are made from them). */
        public org.stillframe.correct.Sums sums() {
            return done.correction().sums();
        }

        static void delete(List<Path> files) {
            for (Path f : files) {
                try {
                    Files.deleteIfExists(f);
                } catch (IOException e) {
                    // best effort: the error being reported is the write's
                }
            }
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
