package org.stillframe.gain;

/**
 * The mean of the good pixels in a (2r+1)² box around each pixel, the box clipped at the frame's edges: a smooth
 * local level that excluded pixels (defects) do not pull. Separable running sums, O(1) per pixel whatever r.
 */
final class BoxBlur {

    private BoxBlur() {
    }

    /**
     * Writes into {@code out} the box mean of {@code values} over pixels whose {@code good} is true; where a box has
     * no good pixel, {@code fallback}.
     */
    static void masked(float[] values, boolean[] good, int nx, int ny, int r, double fallback, float[] out) {
        int n = nx * ny;
        double[] v = new double[n];
        double[] w = new double[n];
        for (int i = 0; i < n; i++) {
            if (good == null || good[i]) {
                v[i] = values[i];
                w[i] = 1;
            }
        }
        double[] bv = boxSum(v, nx, ny, r);
        double[] bw = boxSum(w, nx, ny, r);
        for (int i = 0; i < n; i++) {
            out[i] = (float) (bw[i] > 0 ? bv[i] / bw[i] : fallback);
        }
    }

    /** Sums over the clipped (2r+1)² box: rows, then columns. */
    private static double[] boxSum(double[] a, int nx, int ny, int r) {
        double[] rows = new double[a.length];
        for (int y = 0; y < ny; y++) {
            int o = y * nx;
            double s = 0;
            for (int x = 0; x < Math.min(r, nx); x++) {
                s += a[o + x];
            }
            for (int x = 0; x < nx; x++) {
                if (x + r < nx) {
                    s += a[o + x + r];
                }
                if (x - r - 1 >= 0) {
                    s -= a[o + x - r - 1];
                }
                rows[o + x] = s;
            }
        }
        double[] out = new double[a.length];
        double[] col = new double[nx];
        for (int y = 0; y < Math.min(r, ny); y++) {
            for (int x = 0; x < nx; x++) {
                col[x] += rows[y * nx + x];
            }
        }
        for (int y = 0; y < ny; y++) {
            if (y + r < ny) {
                int o = (y + r) * nx;
                for (int x = 0; x < nx; x++) {
                    col[x] += rows[o + x];
                }
            }
            if (y - r - 1 >= 0) {
                int o = (y - r - 1) * nx;
                for (int x = 0; x < nx; x++) {
                    col[x] -= rows[o + x];
                }
            }
            System.arraycopy(col, 0, out, y * nx, nx);
        }
        return out;
    }
}
