package org.stillframe.sim;

import java.util.SplittableRandom;
import java.util.TreeSet;

/**
 * One camera shared by a set of movies: its sensitivity ({@link GainPattern}) and its persistent defects — dead
 * columns (no counts), a hot column (a dark-current stripe: about one extra count per pixel and frame), dead pixels
 * and hot pixels (about 30 counts per frame at 1 e/px/frame). Gain estimation from many movies must recover the
 * sensitivity and find these defects.
 *
 * @param deadColumns   columns that record nothing
 * @param hotColumns    columns with extra counts on top of the signal
 * @param deadPixels    linear indices (y·width + x) of pixels that record nothing
 * @param hotPixels     linear indices of pixels far above the signal
 */
public record Detector(int width, int height, float[] sensitivity, int[] deadColumns, int[] hotColumns,
                       int[] deadPixels, int[] hotPixels) {

    /** Extra counts of a hot column per pixel and frame, relative to the mean count per pixel. */
    static final double HOT_COLUMN_LEVEL = 1.0;
    /** Counts of a hot pixel per frame, relative to the mean count per pixel. */
    static final double HOT_PIXEL_LEVEL = 30.0;

    /**
     * A camera with a gain pattern, two dead columns, one hot column, and about one dead and one hot pixel per
     * 10,000 (at least 4 of each), away from the columns; all drawn from {@code seed}.
     */
    public static Detector random(int width, int height, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        float[] sensitivity = GainPattern.sensitivity(width, height, rnd.nextLong());
        TreeSet<Integer> columns = new TreeSet<>();
        while (columns.size() < 3) {
            columns.add(2 + rnd.nextInt(width - 4));
        }
        Integer[] c = columns.toArray(Integer[]::new);
        int pixels = Math.max(4, width * height / 10_000);
        TreeSet<Integer> chosen = new TreeSet<>();
        int[] dead = pick(rnd, width, height, pixels, columns, chosen);
        int[] hot = pick(rnd, width, height, pixels, columns, chosen);
        return new Detector(width, height, sensitivity, new int[] {c[0], c[2]}, new int[] {c[1]}, dead, hot);
    }

    private static int[] pick(SplittableRandom rnd, int width, int height, int n, TreeSet<Integer> columns,
                              TreeSet<Integer> taken) {
        TreeSet<Integer> out = new TreeSet<>();
        while (out.size() < n) {
            int i = rnd.nextInt(width * height);
            int x = i % width;
            if (!columns.contains(x) && !columns.contains(x - 1) && !columns.contains(x + 1) && taken.add(i)) {
                out.add(i);
            }
        }
        return out.stream().mapToInt(Integer::intValue).toArray();
    }

    /** The true gain reference: 1/sensitivity (mean about 1), defects included (their gain is meaningless). */
    public float[] gainReference() {
        return GainPattern.gainReference(sensitivity);
    }

    /** The true defects: true = dead or hot pixel or in a dead or hot column. */
    public boolean[] defectMask() {
        boolean[] mask = new boolean[width * height];
        for (int[] cols : new int[][] {deadColumns, hotColumns}) {
            for (int x : cols) {
                for (int y = 0; y < height; y++) {
                    mask[y * width + x] = true;
                }
            }
        }
        for (int[] px : new int[][] {deadPixels, hotPixels}) {
            for (int i : px) {
                mask[i] = true;
            }
        }
        return mask;
    }

    /** Applies the defects to one frame of raw counts in place; {@code mean} is the mean count per pixel. */
    void spoil(float[] counts, double mean, SplittableRandom rnd) {
        for (int x : deadColumns) {
            for (int y = 0; y < height; y++) {
                counts[y * width + x] = 0;
            }
        }
        for (int x : hotColumns) {
            for (int y = 0; y < height; y++) {
                counts[y * width + x] += Poisson.sample(mean * HOT_COLUMN_LEVEL, rnd);
            }
        }
        for (int i : deadPixels) {
            counts[i] = 0;
        }
        for (int i : hotPixels) {
            counts[i] = Poisson.sample(mean * HOT_PIXEL_LEVEL, rnd);
        }
    }
}
