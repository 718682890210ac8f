package org.stillframe.correct;

import java.io.IOException;

/**
 * Frames made by summing consecutive raw frames (MotionCor2's -FmIntFile rendering, and EER's grouping):
 * rendered frame j is the pixelwise sum of raw frames first[j] .. first[j] + count[j] − 1.
 */
public final class RenderedFrames implements MovieFrames {

    private final MovieFrames raw;
    private final int[] first;
    private final int[] count;
    private final ThreadLocal<float[]> scratch;

    public RenderedFrames(MovieFrames raw, int[] first, int[] count) {
        if (first.length != count.length || first.length == 0) {
            throw new IllegalArgumentException("rendered frames need matching, non-empty first/count lists");
        }
        for (int j = 0; j < first.length; j++) {
            if (count[j] < 1 || first[j] < 0 || first[j] + count[j] > raw.frameCount()) {
                throw new IllegalArgumentException("rendered frame " + (j + 1) + " lies outside the movie");
            }
        }
        this.raw = raw;
        this.first = first.clone();
        this.count = count.clone();
        this.scratch = ThreadLocal.withInitial(() -> new float[raw.width() * raw.height()]);
    }

    @Override
    public int width() {
        return raw.width();
    }

    @Override
    public int height() {
        return raw.height();
    }

    @Override
    public int frameCount() {
        return first.length;
    }

    @Override
    public void read(int index, float[] out) throws IOException {
        raw.read(first[index], out);
        if (raw.addsDirectly()) {
            for (int k = 1; k < count[index]; k++) {
                raw.add(first[index] + k, out);
            }
            return;
        }
        float[] s = scratch.get();
        int pixels = width() * height();
        for (int k = 1; k < count[index]; k++) {
            raw.read(first[index] + k, s);
            for (int p = 0; p < pixels; p++) {
                out[p] += s[p];
            }
        }
    }

    @Override
    public void add(int index, float[] sum) throws IOException {
        for (int k = 0; k < count[index]; k++) {
            raw.add(first[index] + k, sum);
        }
    }

    @Override
    public boolean concurrentReads() {
        return raw.concurrentReads();
    }
}
