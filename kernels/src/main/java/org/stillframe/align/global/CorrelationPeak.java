package org.stillframe.align.global;

/**
 * Finds the highest point of a circular correlation map near the origin and refines it to sub-pixel
 * precision with a separate 3-point parabola along x and y (MotionCor2's rule: δ = (v₋ − v₊)/(2(v₋ − 2v₀ + v₊)),
 * dropped when it exceeds one pixel).
 */
final class CorrelationPeak {

    private CorrelationPeak() {
    }

    /**
     * @param map     nx × ny correlation values, row-major, origin at (0, 0), wrapping around
     * @param windowX largest |dx| searched, in map pixels
     * @param windowY largest |dy| searched
     * @return {dx, dy, peak value} with dx, dy in map pixels
     */
    static double[] find(float[] map, int nx, int ny, int windowX, int windowY) {
        int bestX = 0;
        int bestY = 0;
        float best = Float.NEGATIVE_INFINITY;
        for (int dy = -windowY; dy <= windowY; dy++) {
            int row = Math.floorMod(dy, ny) * nx;
            for (int dx = -windowX; dx <= windowX; dx++) {
                float v = map[row + Math.floorMod(dx, nx)];
                if (v > best) {
                    best = v;
                    bestX = dx;
                    bestY = dy;
                }
            }
        }
        double subX = parabola(at(map, nx, ny, bestX - 1, bestY), best, at(map, nx, ny, bestX + 1, bestY));
        double subY = parabola(at(map, nx, ny, bestX, bestY - 1), best, at(map, nx, ny, bestX, bestY + 1));
        return new double[] {bestX + subX, bestY + subY, best};
    }

    private static float at(float[] map, int nx, int ny, int x, int y) {
        return map[Math.floorMod(y, ny) * nx + Math.floorMod(x, nx)];
    }

    private static double parabola(double minus, double centre, double plus) {
        double denominator = 2.0 * (minus - 2.0 * centre + plus);
        if (denominator >= 0) {
            return 0; // not a maximum
        }
        double d = (minus - plus) / denominator;
        return Math.abs(d) > 1 ? 0 : d;
    }
}
