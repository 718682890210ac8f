package org.stillframe.gain;

import java.io.Serializable;

/**
 * What a gain estimate needs from a set of movies, accumulated one movie at a time in memory that does not grow
 * with the number of movies (three sums of the frame's size), and mergeable: partial sums over disjoint sets of
 * movies add up to the sums over their union, so executors can each sum their movies and the driver adds them.
 *
 * <p>Per movie m with raw sum S_m (all its frames): L_m, a smooth local level of S_m (the mean of a
 * (2r+1)² box, leaving out pixels and columns that are far off it: hot pixels and dead or hot columns would
 * otherwise pull their neighbours' level). Kept: Σ S_m, Σ L_m and Σ L_m / mean(L_m). {@link GainEstimator} makes
 * the gain and the defect list from them.
 */
public final class GainSums implements Serializable {

    private static final long serialVersionUID = 1L;

    /** Box radius of the local level (px): a 31 × 31 box holds ~1000 pixels, so its Poisson noise is small. */
    public static final int DEFAULT_BOX_RADIUS = 15;
    /** A pixel is left out of its movie's local level beyond this many Poisson σ of it. */
    private static final double PIXEL_OUTLIER_SIGMA = 6;
    /** ... and a column when its mean is this far (relative) and this many σ from its local level. */
    private static final double COLUMN_OUTLIER_RELATIVE = 0.1;
    private static final double COLUMN_OUTLIER_SIGMA = 6;

    private final int width;
    private final int height;
    private final int boxRadius;
    private final double[] raw;           // Σ S_m
    private final double[] level;         // Σ L_m
    private final double[] relativeLevel; // Σ L_m / mean(L_m)
    private long movies;
    private long frames;

    public GainSums(int width, int height) {
        this(width, height, DEFAULT_BOX_RADIUS);
    }

    public GainSums(int width, int height, int boxRadius) {
        if (width < 1 || height < 1 || boxRadius < 1) {
            throw new IllegalArgumentException("bad size " + width + "x" + height + " or box radius " + boxRadius);
        }
        this.width = width;
        this.height = height;
        this.boxRadius = boxRadius;
        int n = width * height;
        this.raw = new double[n];
        this.level = new double[n];
        this.relativeLevel = new double[n];
    }

    /** Adds one movie: the sum of its {@code frameCount} raw frames (width·height, row-major). */
    public void add(float[] movieSum, int frameCount) {
        int n = width * height;
        if (movieSum.length < n) {
            throw new IllegalArgumentException("a sum of " + movieSum.length + " pixels, expected " + n);
        }
        float[] local = localLevel(movieSum);
        double mean = 0;
        for (int i = 0; i < n; i++) {
            mean += local[i];
        }
        mean /= n;
        double inverse = mean > 0 ? 1 / mean : 0;
        for (int i = 0; i < n; i++) {
            raw[i] += movieSum[i];
            level[i] += local[i];
            relativeLevel[i] += local[i] * inverse;
        }
        movies++;
        frames += frameCount;
    }

    /** L_m: the box mean of the sum, without the pixels and columns far off a first, plain box mean. */
    private float[] localLevel(float[] sum) {
        int n = width * height;
        double total = 0;
        for (int i = 0; i < n; i++) {
            total += sum[i];
        }
        double fallback = total / n;
        float[] first = new float[n];
        BoxBlur.masked(sum, null, width, height, boxRadius, fallback, first);
        boolean[] good = new boolean[n];
        for (int i = 0; i < n; i++) {
            double expected = first[i];
            good[i] = Math.abs(sum[i] - expected) <= PIXEL_OUTLIER_SIGMA * Math.sqrt(Math.max(expected, 1));
        }
        for (int x = 0; x < width; x++) {
            double s = 0;
            double e = 0;
            for (int y = 0; y < height; y++) {
                s += sum[y * width + x];
                e += first[y * width + x];
            }
            boolean off = e > 0 && Math.abs(s - e) > COLUMN_OUTLIER_RELATIVE * e
                    && Math.abs(s - e) > COLUMN_OUTLIER_SIGMA * Math.sqrt(e);
            if (off || (e <= 0 && s > 0)) {
                for (int y = 0; y < height; y++) {
                    good[y * width + x] = false;
                }
            }
        }
        float[] out = new float[n];
        BoxBlur.masked(sum, good, width, height, boxRadius, fallback, out);
        return out;
    }

    /** Adds another partial sum (same size and box) into this one; returns this. */
    public GainSums merge(GainSums other) {
        if (other.width != width || other.height != height || other.boxRadius != boxRadius) {
            throw new IllegalArgumentException("cannot merge sums of " + other.width + "x" + other.height
                    + " (box " + other.boxRadius + ") into " + width + "x" + height + " (box " + boxRadius + ")");
        }
        for (int i = 0; i < raw.length; i++) {
            raw[i] += other.raw[i];
            level[i] += other.level[i];
            relativeLevel[i] += other.relativeLevel[i];
        }
        movies += other.movies;
        frames += other.frames;
        return this;
    }

    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    public long movies() {
        return movies;
    }

    public long frames() {
        return frames;
    }

    /** Σ_m S_m: each pixel's raw counts over all movies (the array itself, not a copy). */
    double[] raw() {
        return raw;
    }

    /** Σ_m L_m. */
    double[] level() {
        return level;
    }

    /** Σ_m L_m / mean(L_m). */
    double[] relativeLevel() {
        return relativeLevel;
    }
}
