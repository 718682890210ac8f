package org.stillframe.sim;

/** Pixel-integrated Gaussians: what a detector pixel sees of a Gaussian feature. */
final class Gaussians {

    private Gaussians() {
    }

    /** Pixel-integrated unit-mass 1-D Gaussian over pixels lo..hi (pixel p spans [p − 0.5, p + 0.5]). */
    static void integrate(double[] g, int lo, int hi, double centre, double s) {
        double scale = 1.0 / (s * Math.sqrt(2));
        double prev = Erf.erf((lo - 0.5 - centre) * scale);
        for (int p = lo; p <= hi; p++) {
            double next = Erf.erf((p + 0.5 - centre) * scale);
            g[p - lo] = 0.5 * (next - prev);
            prev = next;
        }
    }

    /** Adds a 2-D Gaussian of total mass {@code mass} centred at (cx, cy) into an nx × ny image. */
    static void add(float[] out, int nx, int ny, double cx, double cy, double s, double mass) {
        int reach = (int) Math.ceil(4 * s) + 1;
        int x0 = Math.max(0, (int) Math.floor(cx) - reach);
        int x1 = Math.min(nx - 1, (int) Math.floor(cx) + reach);
        int y0 = Math.max(0, (int) Math.floor(cy) - reach);
        int y1 = Math.min(ny - 1, (int) Math.floor(cy) + reach);
        if (x0 > x1 || y0 > y1) {
            return;
        }
        double[] gx = new double[x1 - x0 + 1];
        double[] gy = new double[y1 - y0 + 1];
        integrate(gx, x0, x1, cx, s);
        integrate(gy, y0, y1, cy, s);
        for (int y = y0; y <= y1; y++) {
            double ay = mass * gy[y - y0];
            int row = y * nx;
            for (int x = x0; x <= x1; x++) {
                out[row + x] += (float) (ay * gx[x - x0]);
            }
        }
    }
}
