package org.stillframe.correct;

import java.io.IOException;

/** The frames of one movie as the engine sees them: a size, a count, and frame-by-frame reading. */
public interface MovieFrames {

    int width();

    int height();

    int frameCount();

    /**
     * Reads frame {@code index} (0-based) into {@code out} (width·height floats, row 0 = the first stored
     * row). Unless {@link #concurrentReads()}, the engine calls this in increasing order, once per frame, from
     * one thread at a time.
     */
    void read(int index, float[] out) throws IOException;

    /** True if frames may be read in any order from several threads at once (e.g. positional file reads). */
    default boolean concurrentReads() {
        return false;
    }
}
