package org.stillframe.particles;

import java.io.IOException;
import org.stillframe.correct.MovieFrames;
import org.stillframe.defects.DefectMap;
import org.stillframe.gain.GainCorrection;

/** Reads frame by frame, gain-corrected and repaired, with the frame's mean for filling outside its edges. */
final class FrameReader {
    private final MovieFrames movie;
    private final GainCorrection gain;
    private final DefectMap defects;
    final float[] frame;

    FrameReader(MovieFrames movie, GainCorrection gain, DefectMap defects) {
        this.movie = movie;
        this.gain = gain;
        this.defects = defects;
        this.frame = new float[movie.width() * movie.height()];
    }

    int width() {
        return movie.width();
    }

    int height() {
        return movie.height();
    }

    int frames() {
        return movie.frameCount();
    }

    /** Reads frame i into {@link #frame}; returns its mean. */
    float read(int i) throws IOException {
        movie.read(i, frame);
        double sum = gain.apply(frame, frame.length);
        if (defects != null) {
            defects.repair(frame, i);
            sum = 0;
            for (float v : frame) {
                sum += v;
            }
        }
        return (float) (sum / frame.length);
    }
}
