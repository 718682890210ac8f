package org.stillframe.correct;

/**
 * Prepares a frame for correlation: subtracts its mean and rolls the borders off with a raised cosine.
 * The frame's edges are fixed on the detector, so without the taper their discontinuity (and its cross in the
 * spectrum) would correlate at zero shift in every frame and pull the alignment towards no motion.
 */
final class EdgeTaper {

    private final float[] wx;
    private final float[] wy;

    EdgeTaper(int nx, int ny, double fraction) {
        wx = window(nx, fraction);
        wy = window(ny, fraction);
    }

    private static float[] window(int n, double fraction) {
        float[] w = new float[n];
        int ramp = Math.max(1, (int) Math.round(n * fraction));
        for (int i = 0; i < n; i++) {
            int d = Math.min(i, n - 1 - i);
            w[i] = d >= ramp ? 1f : (float) (0.5 - 0.5 * Math.cos(Math.PI * (d + 0.5) / ramp));
        }
        return w;
    }

    void apply(float[] frame) {
        int nx = wx.length;
        int ny = wy.length;
        double sum = 0;
        for (int i = 0; i < nx * ny; i++) {
            sum += frame[i];
        }
        float mean = (float) (sum / ((double) nx * ny));
        for (int y = 0; y < ny; y++) {
            float fy = wy[y];
            int row = y * nx;
            for (int x = 0; x < nx; x++) {
                frame[row + x] = (frame[row + x] - mean) * fy * wx[x];
            }
        }
    }
}
