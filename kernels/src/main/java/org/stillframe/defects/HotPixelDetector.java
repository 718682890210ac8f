package org.stillframe.defects;

import java.util.Arrays;
import org.stillframe.image.RobustStats;

/**
 * Finds pixels whose sum over the movie no camera pixel could reach honestly: hot pixels (far above the
 * typical value), dead pixels (far below), and the slightly elevated pixels around hot ones (clusters).
 * Statistics are robust (median and median absolute deviation of the gain-corrected sum), so a few thousand
 * hot pixels do not raise their own threshold. Thresholds: median ± 6·σ (σ = 1.4826·MAD, at least 1 count);
 * a hot pixel must also exceed the median by 10 counts (MotionCor2's floor); neighbours of a hot pixel above
 * median + 3·σ join it. A pixel whose sum is not a number (NaN or ±∞ in some frame of a float movie) is hot or
 * dead too: left in, it would spread through every transform and make the sums NaN.
 */
public final class HotPixelDetector {

    private HotPixelDetector() {
    }

    /** Result: the mask (true = bad) and the counts by kind, for the log. */
    public record Detection(boolean[] mask, int hot, int dead, int cluster, double median, double sigma) {
    }

    /**
     * @param sum      gain-corrected sum of all frames (nx × ny)
     * @param existing pixels already known bad (defect file, zero gain), or null; they are not counted again
     */
    public static Detection detect(float[] sum, int nx, int ny, boolean[] existing) {
        float[] sample = sample(sum, 50_000);
        double median = RobustStats.kthSmallest(sample, sample.length / 2);
        for (int i = 0; i < sample.length; i++) {
            sample[i] = (float) Math.abs(sample[i] - median);
        }
        double sigma = Math.max(1.0, RobustStats.MAD_TO_SIGMA * RobustStats.kthSmallest(sample, sample.length / 2));
        double hotLimit = median + Math.max(6 * sigma, 10);
        double deadLimit = median - 6 * sigma;
        boolean[] mask = existing == null ? new boolean[nx * ny] : existing.clone();
        Outliers outliers = outliers(sum, mask, hotLimit, deadLimit);
        int clusterCount = clusters(sum, nx, ny, mask, outliers, median + 3 * sigma);
        return new Detection(mask, outliers.hotCount, outliers.deadCount, clusterCount, median, sigma);
    }

    /** The hot pixels' indices in increasing order, and the number of dead ones. */
    private record Outliers(int[] hot, int hotCount, int deadCount) {
    }

    /**
     * Marks the pixels above {@code hotLimit} (or not a number: a corrupt frame) and below {@code deadLimit}. Its
     * own method, like {@link #clusters}: when a movie's first hot pixel turns up, the JIT recompiles only this.
     */
    private static Outliers outliers(float[] sum, boolean[] mask, double hotLimit, double deadLimit) {
        int[] hot = new int[64];
        int hotCount = 0;
        int deadCount = 0;
        for (int i = 0; i < sum.length; i++) {
            if (mask[i]) {
                continue;
            }
            if (sum[i] > hotLimit || Float.isNaN(sum[i])) {
                if (hotCount == hot.length) {
                    hot = Arrays.copyOf(hot, 2 * hotCount);
                }
                hot[hotCount++] = i;
                mask[i] = true;
            } else if (sum[i] < deadLimit) {
                mask[i] = true;
                deadCount++;
            }
        }
        return new Outliers(hot, hotCount, deadCount);
    }

    /** Marks the hot pixels' neighbours above {@code clusterLimit}; their number. */
    private static int clusters(float[] sum, int nx, int ny, boolean[] mask, Outliers outliers, double clusterLimit) {
        int clusterCount = 0;
        for (int h = 0; h < outliers.hotCount(); h++) {
            int i = outliers.hot()[h];
            int x = i % nx;
            int y = i / nx;
            for (int dy = -1; dy <= 1; dy++) {
                for (int dx = -1; dx <= 1; dx++) {
                    int xx = x + dx;
                    int yy = y + dy;
                    if (xx < 0 || yy < 0 || xx >= nx || yy >= ny) {
                        continue;
                    }
                    int j = yy * nx + xx;
                    if (!mask[j] && sum[j] > clusterLimit) {
                        mask[j] = true;
                        clusterCount++;
                    }
                }
            }
        }
        return clusterCount;
    }

    /** An evenly strided sample of the values, enough for robust statistics without sorting everything. */
    private static float[] sample(float[] v, int wanted) {
        int stride = Math.max(1, v.length / wanted);
        float[] s = new float[(v.length + stride - 1) / stride];
        for (int i = 0, k = 0; i < v.length; i += stride, k++) {
            s[k] = v[i];
        }
        return s;
    }
}
