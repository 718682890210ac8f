package org.stillframe.io;

import java.io.IOException;
import org.stillframe.correct.MovieFrames;

/**
 * A movie file opened for frame-by-frame reading. Every format (MRC, TIFF, EER, compressed) implements it, so
 * the pipeline never knows which one it reads. Reading frame k never holds the whole movie in memory.
 */
public interface FrameSource extends MovieFrames, AutoCloseable {

    /** The file name, as given by the user, for messages. */
    String name();

    /** A short description of the encoding, e.g. "MRC mode 1 (int16)". */
    String format();

    /** Pixel size in Å from the file's header, or NaN when the file does not say. */
    double pixelSizeA();

    /**
     * True for electron-event recordings (EER), whose raw frames hold a few hundredths of an electron per pixel
     * and are rendered in groups before alignment.
     */
    default boolean electronEvents() {
        return false;
    }

    /**
     * A gain reference stored in the file itself (an MRC movie's extended header), or null when there is none (every
     * other format).
     */
    default float[] extendedHeaderGain() throws IOException {
        return null;
    }

    @Override
    void close() throws IOException;
}
