package org.stillframe.image;

import java.util.Arrays;

/** Statistics that a few wild values do not move: the median and the median absolute deviation. */
public final class RobustStats {

    /** σ of a normal distribution from its median absolute deviation. */
    public static final double MAD_TO_SIGMA = 1.4826;

    private RobustStats() {
    }

    /** The median (the mean of the middle two for an even count); 0 for no values. */
    public static double median(double[] values) {
        if (values.length == 0) {
            return 0;
        }
        double[] v = values.clone();
        Arrays.sort(v);
        int m = v.length / 2;
        return v.length % 2 == 1 ? v[m] : 0.5 * (v[m - 1] + v[m]);
    }

    /**
     * The k-th smallest value (0-based) in the order {@link Arrays#sort(float[])} gives, NaN last, found by
     * selection in linear time; the array is reordered. A robust statistic needs one order statistic, not a
     * sorted array (for 50,000 values ~10 times faster than sorting, and far less code for the JIT to compile).
     */
    public static float kthSmallest(float[] values, int k) {
        int end = values.length; // NaNs are moved behind [0, end)
        for (int i = end - 1; i >= 0; i--) {
            if (Float.isNaN(values[i])) {
                values[i] = values[--end];
                values[end] = Float.NaN;
            }
        }
        if (k >= end) {
            return Float.NaN;
        }
        int lo = 0;
        int hi = end - 1;
        while (lo < hi) {
            float pivot = medianOfThree(values[lo], values[(lo + hi) >>> 1], values[hi]);
            int i = lo;
            int j = hi;
            while (i <= j) { // Hoare partition: [lo, j] ≤ pivot ≤ [i, hi]
                while (values[i] < pivot) {
                    i++;
                }
                while (values[j] > pivot) {
                    j--;
                }
                if (i <= j) {
                    float t = values[i];
                    values[i++] = values[j];
                    values[j--] = t;
                }
            }
            if (k <= j) {
                hi = j;
            } else if (k >= i) {
                lo = i;
            } else {
                return values[k]; // between the parts: equal to the pivot
            }
        }
        return values[k];
    }

    private static float medianOfThree(float a, float b, float c) {
        return Math.max(Math.min(a, b), Math.min(Math.max(a, b), c));
    }

    /** The median of |value − median|. */
    public static double medianAbsoluteDeviation(double[] values, double median) {
        double[] d = new double[values.length];
        for (int i = 0; i < d.length; i++) {
            d[i] = Math.abs(values[i] - median);
        }
        return median(d);
    }
}
