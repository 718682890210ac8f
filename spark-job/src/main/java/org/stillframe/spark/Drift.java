package org.stillframe.spark;

/**
 * Accumulated motion along a trajectory, as RELION reports it (rlnAccumMotionTotal/Early/Late): the path length
 * in Å (px when no pixel size is known) summed over consecutive frames, "early" while the exposure at the start
 * of a step is below {@code EARLY_EXPOSURE} e/Å² (the first {@code EARLY_FRAMES} steps when the dose is unknown),
 * "late" after.
 */
public record Drift(double total, double early, double late) {

    public static final double EARLY_EXPOSURE = 4.0;
    public static final int EARLY_FRAMES = 4;

    /**
     * @param x, y        per-frame shifts (px)
     * @param exposureEnd exposure at the end of each frame (e/Å²), or null
     * @param pixelSizeA  Å per px, or NaN/0 for px
     */
    public static Drift of(double[] x, double[] y, double[] exposureEnd, double pixelSizeA) {
        double scale = pixelSizeA > 0 ? pixelSizeA : 1;
        boolean byDose = exposureEnd != null && exposureEnd.length == x.length && exposureEnd[x.length - 1] > 0;
        double early = 0;
        double late = 0;
        for (int i = 1; i < x.length; i++) {
            double step = Math.hypot(x[i] - x[i - 1], y[i] - y[i - 1]) * scale;
            boolean isEarly = byDose ? exposureEnd[i - 1] < EARLY_EXPOSURE : i <= EARLY_FRAMES;
            if (isEarly) {
                early += step;
            } else {
                late += step;
            }
        }
        return new Drift(early + late, early, late);
    }
}
