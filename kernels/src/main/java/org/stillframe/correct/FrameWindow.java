package org.stillframe.correct;

import java.io.IOException;

/**
 * The frames of a movie that remain after dropping the first {@code skipFirst} and the last {@code skipLast}
 * (MotionCor2's -Throw and -Trunc): dropped frames are never read.
 */
public final class FrameWindow implements MovieFrames {

    private final MovieFrames movie;
    private final int first;
    private final int count;

    public FrameWindow(MovieFrames movie, int skipFirst, int skipLast) {
        if (skipFirst < 0 || skipLast < 0) {
            throw new IllegalArgumentException("frames to drop must be >= 0");
        }
        this.movie = movie;
        this.first = skipFirst;
        this.count = movie.frameCount() - skipFirst - skipLast;
        if (count < 1) {
            throw new IllegalArgumentException("dropping " + skipFirst + " + " + skipLast + " frames leaves none of "
                    + movie.frameCount());
        }
    }

    /** 0-based index in the whole movie of the first frame kept. */
    public int firstFrame() {
        return first;
    }

    @Override
    public int width() {
        return movie.width();
    }

    @Override
    public int height() {
        return movie.height();
    }

    @Override
    public int frameCount() {
        return count;
    }

    @Override
    public void read(int index, float[] out) throws IOException {
        movie.read(first + index, out);
    }

    @Override
    public boolean readCounts(int index, char[] out) throws IOException {
        return movie.readCounts(first + index, out);
    }

    @Override
    public boolean concurrentReads() {
        return movie.concurrentReads();
    }
}
