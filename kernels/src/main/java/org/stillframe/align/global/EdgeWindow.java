package org.stillframe.align.global;

/**
 * The window frames are seen through during alignment: the frame's mean is subtracted and its borders rolled
 * off with a raised cosine, so that the frame's edges (fixed on the detector) do not correlate at zero shift.
 *
 * <p>The window itself causes a smaller bias: once frames are shifted during alignment their windows no longer
 * coincide, and the correlation is weighted by how much the windows overlap, E(δ), which pulls the peak
 * towards lining the windows up (towards zero shift; 2.7 % of the shift in a periodic test). Dividing the
 * correlation by E(δ) removes it. The window is separable, W(x, y) = w(x)·w(y), so the overlap of two windows
 * offset by (dx, dy) is a_x(dx)·a_y(dy) with a(d) = Σ_x w(x)·w(x + d), tabulated here.
 */
public final class EdgeWindow {

    private static final double TABLE_STEP = 0.05;

    private final int nx;
    private final int ny;
    private final double ramp;
    private final float[] wx;
    private final float[] wy;
    private final double[] overlapX;
    private final double[] overlapY;

    /**
     * @param fraction width of each cosine ramp as a fraction of the frame side
     * @param maxShiftPx largest window offset the overlap tables must cover
     */
    public EdgeWindow(int nx, int ny, double fraction, double maxShiftPx) {
        this.nx = nx;
        this.ny = ny;
        this.ramp = fraction;
        this.wx = sample(nx, fraction);
        this.wy = sample(ny, fraction);
        this.overlapX = overlapTable(nx, fraction, maxShiftPx);
        this.overlapY = overlapTable(ny, fraction, maxShiftPx);
    }

    /** w(u) for continuous u in pixels: 1 inside, raised cosine over the ramp, 0 outside [−0.5, n − 0.5]. */
    private static double w(double u, int n, double fraction) {
        int rampPx = Math.max(1, (int) Math.round(n * fraction));
        double d = Math.min(u, n - 1 - u);
        if (d < -0.5) {
            return 0;
        }
        if (d >= rampPx) {
            return 1;
        }
        return 0.5 - 0.5 * Math.cos(Math.PI * (d + 0.5) / rampPx);
    }

    private static float[] sample(int n, double fraction) {
        float[] out = new float[n];
        for (int i = 0; i < n; i++) {
            out[i] = (float) w(i, n, fraction);
        }
        return out;
    }

    /** Tables already made, by size, ramp and reach: the same few are asked for by every movie of a dataset. */
    private static final java.util.Map<java.util.List<Double>, double[]> OVERLAP_TABLES =
            new java.util.concurrent.ConcurrentHashMap<>();

    private static double[] overlapTable(int n, double fraction, double maxShiftPx) {
        return OVERLAP_TABLES.computeIfAbsent(java.util.List.of((double) n, fraction, maxShiftPx),
                k -> makeOverlapTable(n, fraction, maxShiftPx));
    }

    private static double[] makeOverlapTable(int n, double fraction, double maxShiftPx) {
        int steps = (int) Math.ceil(Math.min(maxShiftPx, n) / TABLE_STEP) + 2;
        int rampPx = Math.max(1, (int) Math.round(n * fraction));
        double[] table = new double[steps];
        for (int k = 0; k < steps; k++) {
            double d = k * TABLE_STEP;
            // w(x)·w(x + d) is 1 wherever both lie beyond the ramps; only the ends need evaluating.
            int lo = rampPx + 1;
            int hi = (int) Math.floor(n - 2 - rampPx - d);
            double s = Math.max(0, hi - lo + 1);
            for (int x = 0; x < n; x++) {
                if (x == lo && hi >= lo) {
                    x = hi;
                    continue;
                }
                s += w(x, n, fraction) * w(x + d, n, fraction);
            }
            table[k] = s;
        }
        return table;
    }

    /** Subtracts the frame's mean and multiplies by the window, in place. */
    public void apply(float[] frame) {
        double sum = 0;
        for (int i = 0; i < nx * ny; i++) {
            sum += frame[i];
        }
        apply(frame, sum);
    }

    /** Subtracts the mean (given as the frame's pixel sum) and multiplies by the window, in place. */
    public void apply(float[] frame, double pixelSum) {
        float mean = (float) (pixelSum / ((double) nx * ny));
        for (int y = 0; y < ny; y++) {
            float fy = wy[y];
            int row = y * nx;
            for (int x = 0; x < nx; x++) {
                frame[row + x] = (frame[row + x] - mean) * fy * wx[x];
            }
        }
    }

    /** Overlap of two windows offset by (dx, dy) pixels, relative to no offset. */
    public double overlap(double dx, double dy) {
        return lookup(overlapX, dx) / overlapX[0] * (lookup(overlapY, dy) / overlapY[0]);
    }

    private static double lookup(double[] table, double d) {
        double u = Math.abs(d) / TABLE_STEP;
        int k = (int) u;
        if (k >= table.length - 1) {
            return table[table.length - 1];
        }
        double f = u - k;
        return table[k] * (1 - f) + table[k + 1] * f;
    }

    /** Ramp width as a fraction of the frame side. */
    public double rampFraction() {
        return ramp;
    }
}
