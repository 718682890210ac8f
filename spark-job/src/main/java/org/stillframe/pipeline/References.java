package org.stillframe.pipeline;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.stillframe.correct.MovieFrames;
import org.stillframe.gain.GainCorrection;
import org.stillframe.gain.GainOrientation;
import org.stillframe.gain.OrientationCheck;
import org.stillframe.io.FrameSource;
import org.stillframe.io.formats.ReferenceImages;
import org.stillframe.options.GainOrientMode;
import org.stillframe.options.MotionCorSettings;

/**
 * The gain and dark references of a movie: from -Gain / -Dark, else a gain stored in the movie's MRC extended
 * header; both turned by -RotGain/-FlipGain and checked against the frame size after turning. A -Gain file's
 * orientation is checked against the movie's first frames (-GainOrient check, the default, or auto), once per gain
 * file, orientation and frame size in a process: a batch of movies from one session pays for it once.
 */
final class References {

    /** Raw frames summed for the orientation check: enough counts at ~1 e/px/frame to tell the eight apart. */
    static final int CHECK_FRAMES = 10;

    /** Frames and mean counts per pixel after which the raw sum is enough (see {@link #rawSum}). */
    static final int ENOUGH_FRAMES = 4;
    static final double ENOUGH_COUNTS = 5;

    private static final Map<String, OrientationCheck.Verdict> CHECKED = new ConcurrentHashMap<>();

    /**
     * The references and the orientation the -Gain file was turned by.
     *
     * @param orientation the -RotGain/-FlipGain applied to a -Gain file (the requested one, or the check's best
     *                    under -GainOrient auto); null without a -Gain file
     */
    record Loaded(GainCorrection gain, GainOrientation orientation, PendingCheck pendingCheck) {
    }

    /**
     * An orientation check (-GainOrient check) left to the correction: its ingest sums every raw frame anyway,
     * so the check needs no read of its own (it cost a fresh process 0.1–0.3 s at 2048²).
     */
    record PendingCheck(ReferenceImages.Stored gain, GainOrientation requested, int nx, int ny, int frames,
                        Consumer<String> log) {

        /** Scores the orientations on the raw frames' sum, logs them (and any warning) and remembers the verdict. */
        void run(float[] rawSum) {
            long t0 = System.nanoTime();
            OrientationCheck.Verdict v = OrientationCheck.check(rawSum, nx, ny, gain.pixels(), gain.width(),
                    gain.height(), requested);
            remember(key(gain, requested, nx, ny), v, String.format(java.util.Locale.ROOT, "the raw sum of all %d"
                    + " frames, scored in %.3f s", frames, (System.nanoTime() - t0) * 1e-9), log);
        }
    }

    private References() {
    }

    /** @param frames the frames used, re-readable from frame 0: the first ones feed the orientation check */
    static Loaded load(MotionCorSettings s, FrameSource movie, MovieFrames frames, Consumer<String> log)
            throws IOException {
        int nx = movie.width();
        int ny = movie.height();
        float[] gain = null;
        GainOrientation orientation = s.orientation();
        PendingCheck pending = null;
        if (s.gain() != null) {
            ReferenceImages.Stored stored = ReferenceImages.readStored(s.gain(), nx, ny, "gain reference");
            // Decided before the ingest when the gain applied depends on it (auto), or when the requested
            // orientation does not even fit the frames (the verdict names the one that does before the size error).
            boolean fits = orientation.width(stored.width(), stored.height()) == nx
                    && orientation.height(stored.width(), stored.height()) == ny;
            boolean now = s.gainOrient() == GainOrientMode.AUTO || (s.gainOrient() == GainOrientMode.CHECK && !fits);
            if (now) {
                OrientationCheck.Verdict v = verdict(stored, frames, s.orientation(), log);
                if (s.gainOrient() == GainOrientMode.AUTO) {
                    orientation = v.chosen();
                }
            }
            gain = stored.oriented(nx, ny, orientation);
            if (s.gainOrient() == GainOrientMode.CHECK && !now && !CHECKED.containsKey(key(stored, orientation,
                    frames.width(), frames.height()))) {
                pending = new PendingCheck(stored, orientation, frames.width(), frames.height(), frames.frameCount(),
                        log);
            }
        } else {
            gain = movie.extendedHeaderGain();
            if (gain != null) {
                log.accept("Gain reference read from the movie's MRC extended header.");
            }
        }
        float[] dark = s.dark() == null ? null
                : ReferenceImages.readOriented(s.dark(), nx, ny, orientation, "dark reference");
        return new Loaded(new GainCorrection(gain, dark), s.gain() == null ? null : orientation, pending);
    }

    /**
     * The orientation check of a gain against these frames, made the first time this gain, orientation and frame
     * size are seen in this process (its scores and any warning logged then).
     */
    static OrientationCheck.Verdict verdict(ReferenceImages.Stored gain, MovieFrames frames,
                                            GainOrientation requested, Consumer<String> log) throws IOException {
        String key = key(gain, requested, frames.width(), frames.height());
        OrientationCheck.Verdict known = CHECKED.get(key);
        if (known != null) {
            return known;
        }
        long t0 = System.nanoTime();
        float[] sum = rawSum(frames, CHECK_FRAMES);
        long t1 = System.nanoTime();
        OrientationCheck.Verdict v = check(gain, sum, frames.width(), frames.height(), requested);
        remember(key, v, String.format(java.util.Locale.ROOT, "first frames read in %.3f s, scored in %.3f s",
                (t1 - t0) * 1e-9, (System.nanoTime() - t1) * 1e-9), log);
        return v;
    }

    /** Logs a verdict's scores (with how it was made) and any warning, and keeps it for the rest of the process. */
    private static void remember(String key, OrientationCheck.Verdict v, String how, Consumer<String> log) {
        log.accept(v.scoresLine() + " (" + how + ")");
        if (v.requestedIsWrong()) {
            log.accept(v.warning());
        }
        CHECKED.put(key, v);
    }

    private static String key(ReferenceImages.Stored gain, GainOrientation requested, int nx, int ny) {
        return gain.file() + "|" + requested + "|" + nx + "x" + ny;
    }

    /** The check on a raw sum (no cache, no log). */
    static OrientationCheck.Verdict check(ReferenceImages.Stored gain, float[] rawSum, int nx, int ny,
                                          GainOrientation requested) throws IOException {
        try {
            return OrientationCheck.check(rawSum, nx, ny, gain.pixels(), gain.width(), gain.height(), requested);
        } catch (IllegalArgumentException e) { // no orientation fits: the size check names the problem
            gain.oriented(nx, ny, requested);
            throw e;
        }
    }

    /**
     * The sum of the first frames, as read (before any gain): at most {@code count}, and no more once at least
     * {@link #ENOUGH_FRAMES} of them hold {@link #ENOUGH_COUNTS} per pixel on average (the check's margin over the
     * noise is already tens-fold there, and reading is most of its cost).
     */
    static float[] rawSum(MovieFrames frames, int count) throws IOException {
        float[] sum = new float[frames.width() * frames.height()];
        for (int i = 0; i < Math.min(count, frames.frameCount()); i++) {
            frames.add(i, sum);
            if (i + 1 >= ENOUGH_FRAMES && GainCorrection.mean(sum) >= ENOUGH_COUNTS) {
                break;
            }
        }
        return sum;
    }
}
