package org.stillframe.compute;

/**
 * Finds the highest point of a circular correlation map near the origin and refines it to sub-pixel
 * precision with a separate 3-point parabola along x and y (MotionCor2's rule: δ = (v₋ − v₊)/(2(v₋ − 2v₀ + v₊)),
 * dropped when it exceeds one pixel).
 */
public final class CorrelationPeak {

    private static final int REFINE = 2;
    /**
     * Overlaps below this are no overlap: dividing by them would turn the map's noise into the peak, or into ∞ and
     * NaN (a tiny, noisy movie whose shifts ran off the frame crashed the drift fit that way).
     */
    private static final double MIN_OVERLAP = 1e-6;

    private CorrelationPeak() {
    }

    /**
     * @param map     nx × ny correlation values, row-major, origin at (0, 0), wrapping around
     * @param windowX largest |dx| searched, in map pixels
     * @param windowY largest |dy| searched
     * @param overlap the windows' overlap, by which values near the raw maximum are divided
     * @return {dx, dy, corrected peak value} with dx, dy in map pixels
     */
    public static double[] find(float[] map, int nx, int ny, int windowX, int windowY, Overlap overlap) {
        int rawX = 0;
        int rawY = 0;
        float raw = Float.NEGATIVE_INFINITY;
        for (int dy = -windowY; dy <= windowY; dy++) {
            int row = Math.floorMod(dy, ny) * nx;
            for (int dx = -windowX; dx <= windowX; dx++) {
                float v = map[row + Math.floorMod(dx, nx)];
                if (v > raw) {
                    raw = v;
                    rawX = dx;
                    rawY = dy;
                }
            }
        }
        // The overlap is smooth: the corrected maximum lies next to the raw one.
        int bestX = rawX;
        int bestY = rawY;
        double best = Double.NEGATIVE_INFINITY;
        for (int dy = Math.max(-windowY, rawY - REFINE); dy <= Math.min(windowY, rawY + REFINE); dy++) {
            for (int dx = Math.max(-windowX, rawX - REFINE); dx <= Math.min(windowX, rawX + REFINE); dx++) {
                double v = corrected(map, nx, ny, dx, dy, overlap);
                if (v > best) {
                    best = v;
                    bestX = dx;
                    bestY = dy;
                }
            }
        }
        double subX = parabola(corrected(map, nx, ny, bestX - 1, bestY, overlap), best,
                corrected(map, nx, ny, bestX + 1, bestY, overlap));
        double subY = parabola(corrected(map, nx, ny, bestX, bestY - 1, overlap), best,
                corrected(map, nx, ny, bestX, bestY + 1, overlap));
        return new double[] {bestX + subX, bestY + subY, best};
    }

    /** The value at (x, y) divided by the overlap there; −∞ where the windows do not overlap (no evidence). */
    private static double corrected(float[] map, int nx, int ny, int x, int y, Overlap overlap) {
        double o = overlap.at(x, y);
        return o > MIN_OVERLAP ? map[Math.floorMod(y, ny) * nx + Math.floorMod(x, nx)] / o
                : Double.NEGATIVE_INFINITY;
    }

    private static double parabola(double minus, double centre, double plus) {
        double denominator = 2.0 * (minus - 2.0 * centre + plus);
        if (!(denominator < 0) || !Double.isFinite(denominator)) {
            return 0; // not a maximum (or a neighbour without overlap)
        }
        double d = (minus - plus) / denominator;
        return Math.abs(d) > 1 ? 0 : d;
    }
}
