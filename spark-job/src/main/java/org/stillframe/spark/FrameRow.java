package org.stillframe.spark;

import java.util.ArrayList;
import java.util.List;

/** One row of the frames table: a frame's global shift (px) and the exposure at its end (e/Å²). */
record FrameRow(String stem, int frame, double shiftXPx, double shiftYPx, double exposure) {

    /** The rows of every frame used, numbered as in the movie. */
    static List<FrameRow> of(MovieOutcome o) {
        List<FrameRow> rows = new ArrayList<>();
        for (int i = 0; i < o.shiftX().length; i++) {
            rows.add(new FrameRow(o.stem(), o.firstFrame() + i, o.shiftX()[i], o.shiftY()[i], o.exposure()[i]));
        }
        return rows;
    }
}
