package org.stillframe.correct;

import java.io.IOException;

/** The frames of one movie as the engine sees them: a size, a count, and frame-by-frame reading. */
public interface MovieFrames {

    int width();

    int height();

    int frameCount();

    /**
     * Reads frame {@code index} (0-based) into {@code out} (width·height floats, row 0 = the bottom row as
     * MRC stores it; TIFF readers flip their top-first rows). Unless {@link #concurrentReads()}, the engine calls this in increasing order, once per frame, from
     * one thread at a time.
     */
    void read(int index, float[] out) throws IOException;

    /**
     * Reads frame {@code index} as counts, when the source stores whole numbers of at most 16 bits (8- and 16-bit
     * integer frames, as counting cameras write them): {@code out} (width·height) then holds the same values
     * {@link #read} gives, in half the memory, without a conversion to float. Returns false when the frame is not
     * all counts in 0..65535 (float or negative values; {@code out} is then undefined): the engine reads it again
     * with {@link #read}. Called under the same rules as {@link #read}.
     */
    default boolean readCounts(int index, char[] out) throws IOException {
        return false;
    }

    /**
     * Adds frame {@code index} into {@code sum} (rendering sums many raw frames). The default reads into a scratch
     * array; sources of sparse frames (EER electron events) add their events directly.
     */
    default void add(int index, float[] sum) throws IOException {
        float[] f = new float[sum.length];
        read(index, f);
        for (int p = 0; p < f.length; p++) {
            sum[p] += f[p];
        }
    }

    /** True when {@link #add} is cheaper than reading the frame (sparse sources): renderers then use it. */
    default boolean addsDirectly() {
        return false;
    }

    /** True if frames may be read in any order from several threads at once (e.g. positional file reads). */
    default boolean concurrentReads() {
        return false;
    }
}
