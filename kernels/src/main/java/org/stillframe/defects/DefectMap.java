package org.stillframe.defects;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Pixels that cannot be trusted (hot, dead, listed defects) and, for each, the good pixels nearby that stand
 * in for it: every frame, each bad pixel takes the value of one of its good neighbours chosen at random
 * (MotionCor2's repair; RELION's too). Choices are seeded, so a movie repairs the same way every run.
 */
public final class DefectMap {

    /** Good neighbours wanted per bad pixel before the search stops growing. */
    private static final int WANTED = 8;
    private static final int MAX_RADIUS = 15;

    private final int nx;
    private final int ny;
    private final int[] bad;          // sorted linear indices
    private final int[][] neighbours; // per bad pixel, good linear indices
    private final long seed;

    private DefectMap(int nx, int ny, int[] bad, int[][] neighbours, long seed) {
        this.nx = nx;
        this.ny = ny;
        this.bad = bad;
        this.neighbours = neighbours;
        this.seed = seed;
    }

    public static DefectMap none(int nx, int ny) {
        return new DefectMap(nx, ny, new int[0], new int[0][], 0);
    }

    /** The map for a mask of bad pixels (true = bad); replacements seeded by {@code seed}. */
    public static DefectMap of(boolean[] mask, int nx, int ny, long seed) {
        int[] bad = new int[256];
        int count = 0;
        for (int i = 0; i < mask.length; i++) {
            if (mask[i]) {
                if (count == bad.length) {
                    bad = Arrays.copyOf(bad, 2 * count);
                }
                bad[count++] = i;
            }
        }
        bad = Arrays.copyOf(bad, count);
        int[][] neighbours = new int[count][];
        for (int b = 0; b < count; b++) {
            neighbours[b] = goodNeighbours(mask, nx, ny, bad[b] % nx, bad[b] / nx);
        }
        return new DefectMap(nx, ny, bad, neighbours, seed);
    }

    private static int[] goodNeighbours(boolean[] mask, int nx, int ny, int cx, int cy) {
        int[] found = new int[64];
        int n = 0;
        for (int r = 1; r <= MAX_RADIUS && n < WANTED; r++) {
            for (int y = cy - r; y <= cy + r; y++) {
                for (int x = cx - r; x <= cx + r; x++) {
                    boolean ring = Math.abs(x - cx) == r || Math.abs(y - cy) == r;
                    if (!ring || x < 0 || y < 0 || x >= nx || y >= ny || mask[y * nx + x]) {
                        continue;
                    }
                    if (n == found.length) {
                        found = Arrays.copyOf(found, 2 * n);
                    }
                    found[n++] = y * nx + x;
                }
            }
        }
        if (n == 0) { // a whole region is bad: take any good pixel
            for (int i = 0; i < mask.length && n == 0; i++) {
                if (!mask[i]) {
                    found[n++] = i;
                }
            }
        }
        return Arrays.copyOf(found, n);
    }

    public int count() {
        return bad.length;
    }

    /** Linear indices (y·nx + x) of the bad pixels. */
    public int[] badPixels() {
        return bad.clone();
    }

    public boolean isEmpty() {
        return bad.length == 0;
    }

    /** Replaces every bad pixel of frame {@code frame} (in place) by a randomly chosen good neighbour. */
    public void repair(float[] image, int frame) {
        if (bad.length == 0) {
            return;
        }
        SplittableRandom rnd = new SplittableRandom(seed * 1_000_003L + frame);
        for (int b = 0; b < bad.length; b++) {
            int[] nb = neighbours[b];
            if (nb.length > 0) {
                image[bad[b]] = image[nb[rnd.nextInt(nb.length)]];
            }
        }
    }

    /** {@link #repair(float[], int)} on an image in a buffer whose rows are {@code rowStride} floats apart. */
    public void repair(java.nio.FloatBuffer image, int rowStride, int frame) {
        if (bad.length == 0) {
            return;
        }
        SplittableRandom rnd = new SplittableRandom(seed * 1_000_003L + frame);
        for (int b = 0; b < bad.length; b++) {
            int[] nb = neighbours[b];
            if (nb.length > 0) {
                int from = nb[rnd.nextInt(nb.length)];
                image.put(index(bad[b], rowStride), image.get(index(from, rowStride)));
            }
        }
    }

    private int index(int linear, int rowStride) {
        return (linear / nx) * rowStride + linear % nx;
    }

    public int width() {
        return nx;
    }

    public int height() {
        return ny;
    }
}
