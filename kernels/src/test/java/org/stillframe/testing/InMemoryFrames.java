package org.stillframe.testing;

import org.stillframe.correct.MovieFrames;
import org.stillframe.parallel.Workers;

/** A movie's frames drawn once (e.g. from a simulator, whose drawing is slow) and kept for tests that read it often. */
public final class InMemoryFrames implements MovieFrames {

    private final int width;
    private final int height;
    private final float[][] frames;

    private InMemoryFrames(int width, int height, float[][] frames) {
        this.width = width;
        this.height = height;
        this.frames = frames;
    }

    /** Reads every frame of {@code movie} once, in parallel (the movie must allow concurrent reads or be in memory). */
    public static InMemoryFrames of(MovieFrames movie, Workers workers) {
        float[][] kept = new float[movie.frameCount()][movie.width() * movie.height()];
        workers.forEach(kept.length, (w, f) -> movie.read(f, kept[f]));
        return new InMemoryFrames(movie.width(), movie.height(), kept);
    }

    @Override
    public int width() {
        return width;
    }

    @Override
    public int height() {
        return height;
    }

    @Override
    public int frameCount() {
        return frames.length;
    }

    @Override
    public void read(int index, float[] out) {
        System.arraycopy(frames[index], 0, out, 0, out.length);
    }

    @Override
    public boolean concurrentReads() {
        return true;
    }
}
