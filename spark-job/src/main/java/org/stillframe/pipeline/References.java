package org.stillframe.pipeline;

import java.io.IOException;
import java.util.function.Consumer;
import org.stillframe.gain.GainCorrection;
import org.stillframe.io.FrameSource;
import org.stillframe.io.formats.ReferenceImages;
import org.stillframe.options.MotionCorSettings;

/**
 * The gain and dark references of a movie: from -Gain / -Dark, else a gain stored in the movie's MRC extended
 * header; both turned by -RotGain/-FlipGain and checked against the frame size after turning.
 */
final class References {

    private References() {
    }

    static GainCorrection load(MotionCorSettings s, FrameSource movie, Consumer<String> log) throws IOException {
        int nx = movie.width();
        int ny = movie.height();
        float[] gain = null;
        if (s.gain() != null) {
            gain = ReferenceImages.readOriented(s.gain(), nx, ny, s.orientation(), "gain reference");
        } else {
            gain = movie.extendedHeaderGain();
            if (gain != null) {
                log.accept("Gain reference read from the movie's MRC extended header.");
            }
        }
        float[] dark = s.dark() == null ? null
                : ReferenceImages.readOriented(s.dark(), nx, ny, s.orientation(), "dark reference");
        return new GainCorrection(gain, dark);
    }
}
