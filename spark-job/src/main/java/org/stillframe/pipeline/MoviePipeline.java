package org.stillframe.pipeline;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.stillframe.correct.CorrectionResult;
import org.stillframe.correct.FrameWindow;
import org.stillframe.correct.MovieCorrector;
import org.stillframe.gain.GainCorrection;
import org.stillframe.io.AtomicFiles;
import org.stillframe.io.BadInputException;
import org.stillframe.io.FftWisdomFile;
import org.stillframe.io.ReferenceImages;
import org.stillframe.io.mrc.MrcReader;
import org.stillframe.io.mrc.MrcWriter;
import org.stillframe.log.MotionCorLogs;
import org.stillframe.parallel.Workers;

/**
 * The per-movie entry point shared by the command line and the Spark job: open the movie, correct it, write
 * the sum and the logs. No Spark here.
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
     * @param log receives progress lines (MotionCor2-style iteration errors)
     */
    public MovieResult run(MovieTask task, Consumer<String> log) throws IOException {
        try (MrcReader movie = MrcReader.open(task.input())) {
            FrameWindow frames = window(movie, task);
            GainCorrection gain = new GainCorrection(
                    task.gain() == null ? null
                            : ReferenceImages.read(task.gain(), movie.width(), movie.height(), "gain reference"),
                    null);
            CorrectionResult result = new MovieCorrector(workers).correct(frames, gain, task.correction(),
                    (iteration, error) -> log.accept(String.format(java.util.Locale.ROOT,
                            "Iteration %3d  Error: %8.4f", iteration, error)));
            long t0 = System.nanoTime();
            List<Path> outputs = new ArrayList<>();
            MrcWriter.writeImage(task.outputSum(), result.sum(), result.width(), result.height(),
                    movie.pixelSizeA());
            outputs.add(task.outputSum());
            if (task.logDir() != null) {
                Path full = task.logDir().resolve(
                        MotionCorLogs.stem(task.input().getFileName().toString()) + "-Full.log");
                AtomicFiles.writeString(full, MotionCorLogs.fullLog(result.shifts()));
                outputs.add(full);
            }
            FftWisdomFile.saveIfNew();
            double writeSeconds = (System.nanoTime() - t0) * 1e-9;
            return new MovieResult(task.input(), frames.firstFrame() + 1, result.withoutSum(), writeSeconds,
                    List.copyOf(outputs));
        }
    }

    private static FrameWindow window(MrcReader movie, MovieTask task) throws BadInputException {
        int n = movie.frameCount();
        if (task.throwFrames() + task.truncFrames() > n - 2) {
            throw new BadInputException(movie.name(), "-Throw " + task.throwFrames() + " and -Trunc "
                    + task.truncFrames() + " leave fewer than 2 of its " + n + " frames to align");
        }
        if (movie.width() % 2 != 0 || movie.height() % 2 != 0) {
            throw new BadInputException(movie.name(), "frame size " + movie.width() + " x " + movie.height()
                    + " is odd; stillframe needs even frame sizes");
        }
        return new FrameWindow(movie, task.throwFrames(), task.truncFrames());
    }

    @Override
    public void close() {
        workers.close();
    }
}
