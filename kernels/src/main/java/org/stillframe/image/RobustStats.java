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

    /** The median of |value − median|. */
    public static double medianAbsoluteDeviation(double[] values, double median) {
        double[] d = new double[values.length];
        for (int i = 0; i < d.length; i++) {
            d[i] = Math.abs(values[i] - median);
        }
        return median(d);
    }
}
