package org.stillframe.pipeline;

import java.io.IOException;
import java.util.Arrays;
import java.util.Locale;
import java.util.function.Consumer;
import org.stillframe.correct.FrameWindow;
import org.stillframe.correct.MovieFrames;
import org.stillframe.correct.RenderedFrames;
import org.stillframe.dose.DoseSchedule;
import org.stillframe.gain.GainCorrection;
import org.stillframe.gain.GainOrientation;
import org.stillframe.io.BadInputException;
import org.stillframe.io.DefectFile;
import org.stillframe.io.FrameIntegrationFile;
import org.stillframe.io.FrameSource;
import org.stillframe.options.MotionCorSettings;

/**
 * The ingest stage: an open movie with everything the corrector needs from files — the frames used (rendered
 * by -FmIntFile or EER grouping, then -Throw/-Trunc), the gain and dark references, the defect map and the
 * exposure per frame.
 *
 * @param movie      the open movie (closed by the caller)
 * @param rendering  raw frames grouped into rendered ones, null when frames are used as stored
 * @param window     the frames used, re-readable from frame 0
 * @param gain       gain and dark references (either may be absent)
 * @param defects    the -DefectFile map, null when none
 * @param schedule   exposure per frame used
 * @param pixelSizeA input pixel size (Å; -PixSize or the movie header), NaN when unknown
 * @param frameCount frames in the movie after rendering
 * @param gainOrientation the -RotGain/-FlipGain applied to the -Gain file (checked, or chosen by -GainOrient auto);
 *                   null without one
 * @param gainCheck  the gain orientation check left to the correction's ingest, or null
 */
record MovieInput(FrameSource movie, FrameIntegrationFile.Rendering rendering, FrameWindow window,
                  GainCorrection gain, boolean[] defects, DoseSchedule schedule, double pixelSizeA,
                  int frameCount, GainOrientation gainOrientation, References.PendingCheck gainCheck) {

    /** Rendered frames an EER movie is grouped into when no -FmIntFile is given (cryoSPARC's default too). */
    static final int EER_RENDERED_FRAMES = 40;

    static MovieInput ingest(FrameSource movie, MotionCorSettings s, Consumer<String> log) throws IOException {
        int nx = movie.width();
        int ny = movie.height();
        double pixelSize = Double.isFinite(s.pixelSizeA()) ? s.pixelSizeA() : movie.pixelSizeA();
        Frames f = frames(movie, s, log);
        References.Loaded refs = References.load(s, movie, f.window(), log);
        boolean[] defects = s.defectFile() == null ? null : DefectFile.read(s.defectFile(), nx, ny);
        return new MovieInput(movie, f.rendering(), f.window(), refs.gain(), defects,
                schedule(s, f.rendering(), f.count()), pixelSize, f.count(), refs.orientation(), refs.pendingCheck());
    }

    /** The frames a movie's correction uses: rendered (EER, -FmIntFile), then -Throw/-Trunc; count before the window. */
    record Frames(FrameIntegrationFile.Rendering rendering, FrameWindow window, int count) {
    }

    static Frames frames(FrameSource movie, MotionCorSettings s, Consumer<String> log) throws IOException {
        int nx = movie.width();
        int ny = movie.height();
        if (nx % 2 != 0 || ny % 2 != 0) {
            throw new BadInputException(movie.name(), "frame size " + nx + " x " + ny
                    + " is odd; stillframe needs even frame sizes");
        }
        FrameIntegrationFile.Rendering rendering = rendering(s, movie, log);
        MovieFrames frames = rendering == null ? movie
                : new RenderedFrames(movie, rendering.first(), rendering.count());
        int n = frames.frameCount();
        if (s.throwFrames() + s.truncFrames() > n - 2) {
            throw new BadInputException(movie.name(), "-Throw " + s.throwFrames() + " and -Trunc "
                    + s.truncFrames() + " leave fewer than 2 of its " + n + " frames to align");
        }
        return new Frames(rendering, new FrameWindow(frames, s.throwFrames(), s.truncFrames()), n);
    }

    int width() {
        return movie.width();
    }

    int height() {
        return movie.height();
    }

    /** 1-based number, in the movie, of the first frame used. */
    int firstFrame() {
        return window.firstFrame() + 1;
    }

    /** Pixel size of the outputs before binning: the input's (1 Å when unknown) over the -Mag stretch. */
    double outputPixelA(MotionCorSettings s) {
        return (Double.isFinite(pixelSizeA) && pixelSizeA > 0 ? pixelSizeA : 1.0)
                * (s.mag() == null ? 1 : 1 / Math.max(s.mag().major(), s.mag().minor()));
    }

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
                Arrays.stream(r.count()).min().orElse(0), Arrays.stream(r.count()).max().orElse(0)));
        return r;
    }

    /** Exposure per frame used and before the first one (-InitDose plus thrown frames). */
    private static DoseSchedule schedule(MotionCorSettings s, FrameIntegrationFile.Rendering rendering, int n) {
        double[] doses = new double[n];
        for (int i = 0; i < n; i++) {
            doses[i] = rendering != null ? rendering.dose()[i]
                    : Double.isFinite(s.dosePerFrame()) ? s.dosePerFrame() : 0;
        }
        return new DoseSchedule(doses, s.initDose()).window(s.throwFrames(), n - s.truncFrames());
    }
}
