package org.stillframe.pipeline;

import java.io.IOException;
import java.util.List;
import java.util.function.Consumer;
import org.stillframe.gain.OrientationCheck;
import org.stillframe.io.FrameSource;
import org.stillframe.io.formats.MovieFiles;
import org.stillframe.io.formats.ReferenceImages;
import org.stillframe.options.GainOrientMode;
import org.stillframe.options.MotionCorSettings;

/**
 * A dataset's -Gain orientation, decided once before its movies are corrected (the Spark job's driver): the first
 * frames of a few movies, summed, checked against the gain, and the decision shipped to every movie with the check
 * switched off, so that no executor repeats it and every movie gets the same orientation.
 */
public final class GainOrientationDecision {

    /** Movies whose first frames are summed for the check. */
    public static final int MOVIES = 3;

    private GainOrientationDecision() {
    }

    /**
     * The settings every movie gets: under -GainOrient check the requested orientation (a wrong one warned about in
     * {@code log}), under auto the best one; either way with the check off. Unchanged without a -Gain file or with
     * -GainOrient off. A movie that cannot be read is passed over (its own task will record it as failed); when no
     * movie or the gain cannot be read, the settings go out unchecked and each movie meets the problem itself.
     *
     * @param movies locations of the dataset's movies that use the settings' gain, in dataset order
     */
    public static MotionCorSettings decide(MotionCorSettings s, List<String> movies, Consumer<String> log) {
        if (s.gain() == null || s.gainOrient() == GainOrientMode.OFF) {
            return s;
        }
        float[] sum = null;
        int nx = 0;
        int ny = 0;
        int used = 0;
        for (String m : movies) {
            if (used == MOVIES) {
                break;
            }
            float[] one;
            try (FrameSource movie = MovieFiles.open(m, s.readOptions())) {
                if (sum != null && (movie.width() != nx || movie.height() != ny)) {
                    continue; // a movie of another size would need a sum of its own
                }
                nx = movie.width();
                ny = movie.height();
                one = References.rawSum(MovieInput.frames(movie, s, line -> { }).window(), References.CHECK_FRAMES);
            } catch (IOException | RuntimeException e) {
                continue; // an unreadable movie: passed over here, recorded as failed by its own task
            }
            if (sum == null) {
                sum = one;
            } else {
                for (int i = 0; i < one.length; i++) {
                    sum[i] += one[i];
                }
            }
            used++;
        }
        if (used == 0) {
            log.accept("Gain orientation not checked: none of the first movies could be read");
            return s.withGainOrientation(s.orientation(), GainOrientMode.OFF);
        }
        OrientationCheck.Verdict v;
        try {
            v = References.check(ReferenceImages.readStored(s.gain(), nx, ny, "gain reference"), sum, nx, ny,
                    s.orientation());
        } catch (IOException | IllegalArgumentException e) { // each movie will fail on the gain with this message
            log.accept("Gain orientation not checked: " + e.getMessage());
            return s.withGainOrientation(s.orientation(), GainOrientMode.OFF);
        }
        log.accept(v.scoresLine().replace("corrected sum,", "corrected sum of " + used + " movies' first frames,"));
        if (v.requestedIsWrong()) {
            log.accept(v.warning());
        }
        if (s.gainOrient() == GainOrientMode.AUTO && !v.chosen().sameAs(s.orientation())) {
            log.accept("-GainOrient auto: the gain is turned by " + v.chosen() + " for every movie");
        }
        return s.withGainOrientation(s.gainOrient() == GainOrientMode.AUTO ? v.chosen() : s.orientation(),
                GainOrientMode.OFF);
    }
}
