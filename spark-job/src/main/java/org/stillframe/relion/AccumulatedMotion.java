package org.stillframe.relion;

/**
 * RELION's accumulated motion (rlnAccumMotionTotal / Early / Late): the path length of the global trajectory
 * summed over consecutive frames, a step counted early when the movie frame it ends at, n (1-based, thrown frames
 * included), satisfies n ≤ (4 − pre-exposure) / dose per frame — that is, when the exposure at the end of that
 * frame is at most 4 e/Å² — and late otherwise. With no known dose every step is late. The one rule for RELION's
 * corrected_micrographs.star and the job's movies table.
 *
 * @param total path length, early + late
 * @param early path length within the first 4 e/Å²
 * @param late  path length after that
 */
public record AccumulatedMotion(double total, double early, double late) {

    /** Exposure (e/Å²) up to which RELION counts motion as early. */
    public static final double EARLY_EXPOSURE = 4.0;

    /**
     * @param x, y         per-frame shifts of the frames used, first one first (any unit; the result has it)
     * @param firstFrame   1-based movie frame number of {@code x[0]}
     * @param dosePerFrame e/Å² per frame, or 0 / NaN when unknown
     * @param preExposure  e/Å² before the movie's first frame
     */
    public static AccumulatedMotion of(double[] x, double[] y, int firstFrame, double dosePerFrame,
                                       double preExposure) {
        double limit = dosePerFrame > 0 ? (EARLY_EXPOSURE - preExposure) / dosePerFrame : Double.NEGATIVE_INFINITY;
        double early = 0;
        double late = 0;
        for (int i = 1; i < x.length; i++) {
            double step = Math.hypot(x[i] - x[i - 1], y[i] - y[i - 1]);
            if (firstFrame + i <= limit) {
                early += step;
            } else {
                late += step;
            }
        }
        return new AccumulatedMotion(early + late, early, late);
    }

    /** The same lengths in other units, e.g. Å from px. */
    public AccumulatedMotion times(double scale) {
        return new AccumulatedMotion(total * scale, early * scale, late * scale);
    }
}
