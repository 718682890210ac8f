package org.stillframe.gain;

import static org.stillframe.image.RobustStats.MAD_TO_SIGMA;
import static org.stillframe.image.RobustStats.median;
import static org.stillframe.image.RobustStats.medianAbsoluteDeviation;

import java.util.Arrays;

/**
 * The gain reference and the persistent defects of a camera, from {@link GainSums} over many movies.
 *
 * <p>Sensitivity = R · Λ: the fine part R = Σ S_m / Σ L_m (each pixel's counts over its movies' local levels; a
 * ratio of count-weighted sums, so its error is the Poisson limit 1/√(Σ S_m)), the coarse part Λ = mean over movies
 * of L_m / mean(L_m) (each movie counts once, whatever its exposure). The specimen differs from movie to movie and
 * averages out of both; the detector stays. Normalised to mean 1 over the good pixels; the gain is its inverse
 * (MotionCor2's multiplicative convention: frame · gain), 0 at defects, which the pipeline treats as dead pixels.
 *
 * <p>Defects are judged on R, where the smooth falloff and the specimen are already divided out: a column whose
 * mean R (hot pixels clipped) is more than 6 σ from the columns' median, σ the columns' robust spread (1.4826 ·
 * MAD) or its Poisson error if larger; then a pixel more than 6 σ from the median, σ the pixels' robust spread or
 * the pixel's Poisson error 1/√(Σ L_m), whichever is larger. Above: hot, below: dead. MotionCor2 flags hot pixels
 * at 6 σ too (ALGORITHMS.md §2.4).
 */
public final class GainEstimator {

    static final double DEFECT_SIGMA = 6;

    private GainEstimator() {
    }

    public static GainEstimate estimate(GainSums sums) {
        if (sums.movies() == 0) {
            throw new IllegalArgumentException("no movies were added");
        }
        int nx = sums.width();
        int ny = sums.height();
        int n = nx * ny;
        double[] raw = sums.raw();
        double[] level = sums.level();
        double[] relative = sums.relativeLevel();
        double[] fine = new double[n];
        for (int i = 0; i < n; i++) {
            fine[i] = level[i] > 0 ? raw[i] / level[i] : 0;
        }
        boolean[] defect = new boolean[n];
        int[][] columns = badColumns(fine, level, nx, ny, defect);
        int[][] pixels = badPixels(fine, level, defect);

        float[] sensitivity = new float[n];
        double sum = 0;
        double counts = 0;
        long good = 0;
        for (int i = 0; i < n; i++) {
            double s = fine[i] * relative[i] / sums.movies();
            if (!defect[i] && s > 0) {
                sensitivity[i] = (float) s;
                sum += s;
                counts += raw[i];
                good++;
            }
        }
        double mean = good > 0 ? sum / good : 1;
        float[] gain = new float[n];
        for (int i = 0; i < n; i++) {
            sensitivity[i] /= (float) mean;
            gain[i] = sensitivity[i] > 0 ? 1f / sensitivity[i] : 0f;
            defect[i] = gain[i] == 0f;
        }
        return new GainEstimate(nx, ny, gain, sensitivity, defect, columns[0], columns[1], pixels[0], pixels[1],
                sums.movies(), sums.frames(), good > 0 ? counts / good : 0);
    }

    /**
     * {dead columns, hot columns}; marks them in {@code defect}. A column is judged by the mean of its pixels' R,
     * each first clipped to the pixels' median ± 6 σ so that a hot pixel does not make its column hot.
     */
    private static int[][] badColumns(double[] fine, double[] level, int nx, int ny, boolean[] defect) {
        double median = median(fine);
        double clip = DEFECT_SIGMA * MAD_TO_SIGMA * medianAbsoluteDeviation(fine, median);
        double[] ratio = new double[nx];
        double[] expected = new double[nx];
        for (int x = 0; x < nx; x++) {
            double s = 0;
            double e = 0;
            for (int y = 0; y < ny; y++) {
                s += Math.max(median - clip, Math.min(median + clip, fine[y * nx + x]));
                e += level[y * nx + x];
            }
            ratio[x] = s / ny;
            expected[x] = e;
        }
        double columnMedian = median(ratio);
        double spread = MAD_TO_SIGMA * medianAbsoluteDeviation(ratio, columnMedian);
        int[] dead = new int[nx];
        int[] hot = new int[nx];
        int nd = 0;
        int nh = 0;
        for (int x = 0; x < nx; x++) {
            double sigma = Math.max(spread, expected[x] > 0 ? columnMedian / Math.sqrt(expected[x]) : 0);
            double d = ratio[x] - columnMedian;
            if (Math.abs(d) > DEFECT_SIGMA * sigma && sigma > 0 || expected[x] <= 0) {
                if (d > 0) {
                    hot[nh++] = x;
                } else {
                    dead[nd++] = x;
                }
                for (int y = 0; y < ny; y++) {
                    defect[y * nx + x] = true;
                }
            }
        }
        return new int[][] {Arrays.copyOf(dead, nd), Arrays.copyOf(hot, nh)};
    }

    /** {dead pixels, hot pixels} outside the bad columns, judged by the fine part R; marks them in {@code defect}. */
    private static int[][] badPixels(double[] fine, double[] level, boolean[] defect) {
        int n = fine.length;
        double[] kept = new double[n];
        int k = 0;
        for (int i = 0; i < n; i++) {
            if (!defect[i]) {
                kept[k++] = fine[i];
            }
        }
        double[] values = Arrays.copyOf(kept, k);
        double median = median(values);
        double spread = MAD_TO_SIGMA * medianAbsoluteDeviation(values, median);
        int[] dead = new int[n];
        int[] hot = new int[n];
        int nd = 0;
        int nh = 0;
        for (int i = 0; i < n; i++) {
            if (defect[i]) {
                continue;
            }
            double sigma = Math.max(spread, level[i] > 0 ? median / Math.sqrt(level[i]) : Double.POSITIVE_INFINITY);
            double d = fine[i] - median;
            if (Math.abs(d) > DEFECT_SIGMA * sigma) {
                if (d > 0) {
                    hot[nh++] = i;
                } else {
                    dead[nd++] = i;
                }
                defect[i] = true;
            }
        }
        return new int[][] {Arrays.copyOf(dead, nd), Arrays.copyOf(hot, nh)};
    }
}
