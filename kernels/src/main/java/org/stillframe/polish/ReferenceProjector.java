package org.stillframe.polish;

import org.stillframe.fft.RealFft3d;
import org.stillframe.image.Spectra;

/**
 * Projections of a reference map by Fourier slicing (central-slice theorem): the map is zero-padded twice, its
 * origin moved to the corner and transformed once; a projection's 2-D spectrum at frequency k is the 3-D spectrum
 * at Aᵀ·(k, 0) (A RELION's Euler matrix), read by trilinear interpolation — the padding keeps that interpolation
 * accurate. The result is the spectrum of the projection centred at box/2, in the layout of {@code RealFft2d},
 * on the map's pixel size.
 */
public final class ReferenceProjector {

    private final int n;      // map size
    private final int m;      // padded size, 2n
    private final int cols;   // m/2 + 1
    private final float[] spectrum;

    /** @param map n³ voxels, index (z·n + y)·n + x, centre at n/2 */
    public ReferenceProjector(float[] map, int n) {
        this(map, n, null);
    }

    /**
     * @param map    n³ voxels, index (z·n + y)·n + x, centre at n/2
     * @param filter per shell of the map (k / (n·pixel)), a factor on its spectrum (linearly interpolated; 0 beyond
     *               the last shell), or null for none
     */
    public ReferenceProjector(float[] map, int n, double[] filter) {
        if (map.length != n * n * n || n % 2 != 0) {
            throw new IllegalArgumentException("reference map must be n³ with n even, got " + map.length);
        }
        this.n = n;
        this.m = 2 * n;
        this.cols = m / 2 + 1;
        float[] padded = new float[m * m * m];
        // Zero-padded and shifted so that the map's centre (n/2) lands on index 0.
        for (int z = 0; z < n; z++) {
            int pz = Math.floorMod(z - n / 2, m);
            for (int y = 0; y < n; y++) {
                int py = Math.floorMod(y - n / 2, m);
                int src = (z * n + y) * n;
                int dst = (pz * m + py) * m;
                for (int x = 0; x < n; x++) {
                    padded[dst + Math.floorMod(x - n / 2, m)] = map[src + x];
                }
            }
        }
        this.spectrum = RealFft3d.forward(padded, m);
        if (filter != null) {
            applyFilter(filter);
        }
    }

    /** Multiplies the padded spectrum by the filter at each frequency's radius (padded index q ↔ map shell q/2). */
    private void applyFilter(double[] filter) {
        RealFft3d.forEachFrequency(m, (k, x, radius) -> {
            double shell = radius * n / m;
            int s0 = (int) shell;
            double t = shell - s0;
            double f0 = s0 < filter.length ? filter[s0] : 0;
            double f1 = s0 + 1 < filter.length ? filter[s0 + 1] : 0;
            float w = (float) ((1 - t) * f0 + t * f1);
            spectrum[2 * k] *= w;
            spectrum[2 * k + 1] *= w;
        });
    }

    public int mapSize() {
        return n;
    }

    /**
     * The spectrum of the projection at orientation {@code a} (3 × 3) in a box × box image, centred at box/2,
     * frequencies up to {@code maxRadius} cycles per box (others zero), into {@code out}.
     */
    public void project(double[][] a, int box, double maxRadius, float[] out) {
        int bcols = box / 2 + 1;
        double scale = (double) m / box; // box frequency → padded-map frequency index
        double max2 = maxRadius * maxRadius;
        double[] v = new double[2];
        for (int r = 0; r < box; r++) {
            int fy = Spectra.rowFrequency(r, box);
            for (int c = 0; c < bcols; c++) {
                int i = 2 * (r * bcols + c);
                if (c * c + fy * fy > max2) {
                    out[i] = 0;
                    out[i + 1] = 0;
                    continue;
                }
                double qx = (a[0][0] * c + a[1][0] * fy) * scale;
                double qy = (a[0][1] * c + a[1][1] * fy) * scale;
                double qz = (a[0][2] * c + a[1][2] * fy) * scale;
                sample(qx, qy, qz, v);
                // Centre the projection at box/2: a phase of (−1)^(c + fy).
                double sign = ((c + fy) & 1) == 0 ? 1 : -1;
                out[i] = (float) (sign * v[0]);
                out[i + 1] = (float) (sign * v[1]);
            }
        }
    }

    /** Trilinear interpolation of the 3-D spectrum at (qx, qy, qz) (signed indices), Hermitian for qx < 0. */
    private void sample(double qx, double qy, double qz, double[] out) {
        boolean conj = qx < 0;
        if (conj) {
            qx = -qx;
            qy = -qy;
            qz = -qz;
        }
        int x0 = (int) Math.floor(qx);
        int y0 = (int) Math.floor(qy);
        int z0 = (int) Math.floor(qz);
        double fx = qx - x0;
        double fy = qy - y0;
        double fz = qz - z0;
        double re = 0;
        double im = 0;
        for (int dz = 0; dz < 2; dz++) {
            double wz = dz == 0 ? 1 - fz : fz;
            for (int dy = 0; dy < 2; dy++) {
                double wy = dy == 0 ? 1 - fy : fy;
                for (int dx = 0; dx < 2; dx++) {
                    double w = wz * wy * (dx == 0 ? 1 - fx : fx);
                    if (w == 0) {
                        continue;
                    }
                    int x = x0 + dx;
                    int y = y0 + dy;
                    int z = z0 + dz;
                    double sr;
                    double si;
                    if (x > m / 2 || Math.abs(y) > m / 2 || Math.abs(z) > m / 2) {
                        continue; // beyond the padded map's Nyquist
                    }
                    int iy = Math.floorMod(y, m);
                    int iz = Math.floorMod(z, m);
                    int idx = 2 * ((iz * m + iy) * cols + x);
                    sr = spectrum[idx];
                    si = spectrum[idx + 1];
                    re += w * sr;
                    im += w * si;
                }
            }
        }
        out[0] = re;
        out[1] = conj ? -im : im;
    }
}
