package org.stillframe.pipeline;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import org.stillframe.correct.CorrectionResult;
import org.stillframe.correct.FrameWindow;
import org.stillframe.correct.MovieCorrector;
import org.stillframe.correct.MovieFrames;
import org.stillframe.correct.RenderedFrames;
import org.stillframe.correct.SumRequest;
import org.stillframe.correct.Sums;
import org.stillframe.dose.CriticalExposure;
import org.stillframe.dose.DoseSchedule;
import org.stillframe.dose.DoseWeights;
import org.stillframe.gain.GainCorrection;
import org.stillframe.io.AtomicFiles;
import org.stillframe.io.BadInputException;
import org.stillframe.io.DefectFile;
import org.stillframe.io.FftWisdomFile;
import org.stillframe.io.FrameIntegrationFile;
import org.stillframe.io.FrameSource;
import org.stillframe.io.formats.MovieFiles;
import org.stillframe.io.mrc.MrcHeader;
import org.stillframe.io.mrc.MrcMode;
import org.stillframe.io.mrc.MrcWriter;
import org.stillframe.log.MotionCorLogs;
import org.stillframe.movie.MovieResult;
import org.stillframe.movie.MovieTask;
import org.stillframe.movie.OutputNames;
import org.stillframe.options.MotionCorSettings;
import org.stillframe.parallel.Workers;
import org.stillframe.relion.MotionStar;

/**
 * The per-movie entry point shared by the command line and the Spark job: open the movie, correct it, write
 * the sums, the stack and the logs. No Spark here. Outputs appear only when complete (written to temporary
 * files and renamed), so a failed movie leaves nothing behind.
 */
public final class MoviePipeline implements AutoCloseable {

    /** Rendered frames an EER movie is grouped into when no -FmIntFile is given (cryoSPARC's default too). */
    static final int EER_RENDERED_FRAMES = 40;

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

    /** Corrects one movie, then runs {@code step} (may be null) on its frames. */
    public MovieResult run(MovieTask task, FrameStep step, Consumer<String> log) throws IOException {
        MotionCorSettings s = task.settings();
        try (FrameSource movie = MovieFiles.open(task.input(), s.readOptions())) {
            int nx = movie.width();
            int ny = movie.height();
            if (nx % 2 != 0 || ny % 2 != 0) {
                throw new BadInputException(movie.name(), "frame size " + nx + " x " + ny
                        + " is odd; stillframe needs even frame sizes");
            }
            double pixelSize = Double.isFinite(s.pixelSizeA()) ? s.pixelSizeA() : movie.pixelSizeA();
            FrameIntegrationFile.Rendering rendering = rendering(s, movie, log);
            MovieFrames frames = rendering == null ? movie
                    : new RenderedFrames(movie, rendering.first(), rendering.count());
            int n = frames.frameCount();
            if (s.throwFrames() + s.truncFrames() > n - 2) {
                throw new BadInputException(movie.name(), "-Throw " + s.throwFrames() + " and -Trunc "
                        + s.truncFrames() + " leave fewer than 2 of its " + n + " frames to align");
            }
            FrameWindow window = new FrameWindow(frames, s.throwFrames(), s.truncFrames());
            GainCorrection gain = References.load(s, movie, log);
            boolean[] defects = s.defectFile() == null ? null : DefectFile.read(s.defectFile(), nx, ny);
            DoseSchedule schedule = schedule(s, rendering, n);
            DoseWeights weights = null;
            if (s.doseWeighting()) {
                if (!(pixelSize > 0)) {
                    throw new BadInputException(movie.name(), "dose weighting needs a pixel size (-PixSize)");
                }
                weights = new DoseWeights(schedule, pixelSize, voltageFactor(s.voltageKv()), Math.max(nx, ny));
            } else if (Double.isFinite(s.voltageKv()) || Double.isFinite(s.dosePerFrame())) {
                log.accept("Warning: dose weighting needs -Kv, -PixSize and -FmDose (or -FmIntFile); skipped.");
            }
            boolean[] dws = weights == null ? null : sumRangeFrames(s.sumRange(), schedule);
            int stackFrames = s.stackBin() > 0 ? window.frameCount() / s.stackBin() : 0;
            OutputNames names = new OutputNames(task.outputSum());
            double outPixel = (Double.isFinite(pixelSize) && pixelSize > 0 ? pixelSize : 1.0)
                    * (s.mag() == null ? 1 : 1 / Math.max(s.mag().major(), s.mag().minor()));
            MrcWriter stack = null;
            try {
                SumRequest.StackSink sink = null;
                if (stackFrames > 0) {
                    int bx = MovieCorrector.binnedSize(nx, s.binning());
                    int by = MovieCorrector.binnedSize(ny, s.binning());
                    stack = MrcWriter.create(names.stack(), MrcHeader.forImage(bx, by, stackFrames, MrcMode.FLOAT32,
                            outPixel * nx / bx));
                    MrcWriter w = stack;
                    sink = (image, width, height) -> w.writeSection(image);
                }
                SumRequest request = new SumRequest(schedule, weights, dws, s.splitSum(), s.inFrameMotion(),
                        s.binning(), s.stackBin(), sink);
                CorrectionResult result = new MovieCorrector(workers).correct(window, gain, defects,
                        s.correction().withSeed(seed(task.inputFileName())), request, new MovieCorrector.Listener() {
                            @Override
                            public void iteration(int number, double errorPx) {
                                log.accept(String.format(Locale.ROOT, "Iteration %3d  Error: %8.4f", number, errorPx));
                            }

                            @Override
                            public void note(String line) {
                                log.accept(line);
                            }
                        });
                long t0 = System.nanoTime();
                List<Path> outputs = write(result.sums(), names, s, outPixel * nx / result.sums().width());
                if (stack != null) {
                    stack.commit();
                    outputs.add(names.stack());
                }
                if (s.logDir() != null || s.logFile() != null) {
                    // -LogDir DIR: DIR/<movie stem>-Full.log ...; -LogFile X (old MotionCor2, what RELION passes):
                    // X0-Full.log ..., patch logs in the seven columns RELION parses.
                    boolean old = s.logDir() == null;
                    Path dir = old ? s.logFile().toAbsolutePath().getParent() : s.logDir();
                    String stem = old ? s.logFile().getFileName() + "0" : MotionCorLogs.stem(task.inputFileName());
                    var local = result.local();
                    Path full = dir.resolve(stem + (local == null ? "-Full.log" : "-Patch-Full.log"));
                    AtomicFiles.writeString(full, MotionCorLogs.fullLog(result.shifts(), local != null));
                    if (local != null) {
                        Path byPatch = dir.resolve(stem + "-Patch-Patch.log");
                        Path byFrame = dir.resolve(stem + "-Patch-Frame.log");
                        AtomicFiles.writeString(byPatch, MotionCorLogs.patchLog(local, nx, ny, false, old));
                        AtomicFiles.writeString(byFrame, MotionCorLogs.patchLog(local, nx, ny, true, old));
                        outputs.add(byPatch);
                        outputs.add(byFrame);
                        if (local.applied()) {
                            Path model = dir.resolve(stem + ".model.tsv");
                            AtomicFiles.writeString(model, MotionCorLogs.model(local));
                            outputs.add(model);
                        }
                    }
                    Path table = dir.resolve(stem + ".shifts.tsv");
                    AtomicFiles.writeString(table, MotionCorLogs.table(task.inputFileName(),
                            result, schedule, window.firstFrame() + 1));
                    outputs.add(full);
                    outputs.add(table);
                }
                if (step != null) {
                    outputs.addAll(step.run(window, gain, result, schedule, s, pixelSize, workers, log));
                }
                FftWisdomFile.saveIfNew();
                double writeSeconds = (System.nanoTime() - t0) * 1e-9;
                MovieResult done = new MovieResult(task.input(), window.firstFrame() + 1, result.withoutSums(),
                        schedule, writeSeconds, List.copyOf(outputs), pixelSize, n, nx, ny);
                if (s.relionStar()) {
                    AtomicFiles.writeString(names.relionStar(), MotionStar.write(done, s, task.input()));
                    outputs.add(names.relionStar());
                    done = done.withOutputs(outputs);
                }
                return done;
            } finally {
                if (stack != null) {
                    stack.close();
                }
            }
        } catch (IllegalArgumentException e) {
            throw new BadInputException(task.input(), e.getMessage());
        }
    }

    /** The sums, each corrected for magnification if asked, under MotionCor2's names. */
    private static List<Path> write(Sums sums, OutputNames names, MotionCorSettings s, double pixelSize)
            throws IOException {
        List<Path> out = new ArrayList<>();
        writeOne(sums.plain(), names.sum(), sums, s, pixelSize, out);
        writeOne(sums.doseWeighted(), names.doseWeighted(), sums, s, pixelSize, out);
        writeOne(sums.doseWeightedSelection(), names.doseWeightedSelection(), sums, s, pixelSize, out);
        writeOne(sums.even(), names.even(), sums, s, pixelSize, out);
        writeOne(sums.odd(), names.odd(), sums, s, pixelSize, out);
        return out;
    }

    private static void writeOne(float[] image, Path file, Sums sums, MotionCorSettings s, double pixelSize,
                                 List<Path> out) throws IOException {
        if (image == null) {
            return;
        }
        float[] img = s.mag() == null ? image : s.mag().apply(image, sums.width(), sums.height());
        MrcWriter.writeImage(file, img, sums.width(), sums.height(), pixelSize);
        out.add(file);
    }

    /** Exposure per frame used and before the first one (-InitDose plus thrown frames). */
    /** Raw frames grouped into rendered ones: by -FmIntFile, for EER by default, else none. */
    private static FrameIntegrationFile.Rendering rendering(MotionCorSettings s, FrameSource movie,
                                                            Consumer<String> log) throws IOException {
        if (s.frameIntegration() != null) {
            return FrameIntegrationFile.read(s.frameIntegration(), movie.frameCount(), s.dosePerFrame());
        }
        if (!movie.electronEvents()) {
            return null;
        }
        FrameIntegrationFile.Rendering r = FrameIntegrationFile.evenGroups(movie.frameCount(),
                EER_RENDERED_FRAMES, s.dosePerFrame());
        log.accept(String.format(Locale.ROOT, "EER: %d raw frames rendered as %d frames of %d-%d (no -FmIntFile;"
                        + " -FmDose is per raw frame)", movie.frameCount(), r.frames(),
                java.util.Arrays.stream(r.count()).min().orElse(0), java.util.Arrays.stream(r.count()).max().orElse(0)));
        return r;
    }

    private static DoseSchedule schedule(MotionCorSettings s, FrameIntegrationFile.Rendering rendering, int n) {
        double[] doses = new double[n];
        for (int i = 0; i < n; i++) {
            doses[i] = rendering != null ? rendering.dose()[i]
                    : Double.isFinite(s.dosePerFrame()) ? s.dosePerFrame() : 0;
        }
        return new DoseSchedule(doses, s.initDose()).window(s.throwFrames(), n - s.truncFrames());
    }

    /** Frames whose exposure at their end lies in [low, high] (MotionCor3's rule), or null when off. */
    private static boolean[] sumRangeFrames(double[] range, DoseSchedule schedule) {
        double lo = range[0];
        double hi = range[1];
        if (!(lo >= 0 && hi > 0 && hi - lo > 1)) {
            return null;
        }
        boolean[] in = new boolean[schedule.frames()];
        for (int i = 0; i < in.length; i++) {
            double e = schedule.exposureAtEnd(i);
            in[i] = e >= lo && e <= hi;
        }
        return in;
    }

    public static double voltageFactor(double kv) throws BadInputException {
        try {
            return CriticalExposure.voltageFactor(kv);
        } catch (IllegalArgumentException e) {
            throw new BadInputException("-Kv", e.getMessage());
        }
    }

    /** Seeds the random defect repair from the movie's name, so reruns are identical. */
    /** Seeds the random choices (defect repair) from the movie's stem, so a format change changes nothing. */
    private static long seed(String movieFileName) {
        return MotionCorLogs.stem(movieFileName).hashCode();
    }

    @Override
    public void close() {
        workers.close();
    }
}
