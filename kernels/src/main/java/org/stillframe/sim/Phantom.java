package org.stillframe.sim;

import java.util.SplittableRandom;

/**
 * A micrograph-like specimen described analytically, so that it can be drawn exactly at any displacement:
 * particles of several sizes, each a soft envelope plus many small "atoms" (pixel-integrated Gaussians as
 * narrow as 0.6 px, so the image has signal up to Nyquist), on a slowly varying ice background.
 *
 * <p>The drawn quantity is the relative transmission T(r) = 1 + background(r) − Σ density(r); every feature
 * moves with the displacement at its own centre, which is how local deformation and per-particle motion enter.
 */
public final class Phantom {

    // Per feature: x, y (rest position, px), sigma (px), amplitude (darkening at the centre).
    private final double[] fx;
    private final double[] fy;
    private final double[] sigma;
    private final double[] amplitude;
    private final int[] owner; // the particle each feature belongs to
    // Background: cos(2π(kx·x + ky·y) + phase) · a, kx and ky in cycles per pixel.
    private final double[][] waves;
    private final double[] particleX;
    private final double[] particleY;
    private final double[] particleRadius;

    private Phantom(double[] fx, double[] fy, double[] sigma, double[] amplitude, int[] owner, double[][] waves,
                    double[] particleX, double[] particleY, double[] particleRadius) {
        this.fx = fx;
        this.fy = fy;
        this.sigma = sigma;
        this.amplitude = amplitude;
        this.owner = owner;
        this.waves = waves;
        this.particleX = particleX;
        this.particleY = particleY;
        this.particleRadius = particleRadius;
    }

    /**
     * A random specimen filling an nx × ny field (plus a margin, so that content moves in at the edges).
     *
     * @param pixelSizeA  pixel size (Å); particle diameters are drawn between 60 and 240 Å
     * @param contrast    darkening of a particle's densest part (e.g. 0.1 = 10 %)
     */
    public static Phantom random(int nx, int ny, double pixelSizeA, double contrast, long seed) {
        return random(nx, ny, pixelSizeA, contrast, seed, false);
    }

    /**
     * As {@link #random(int, int, double, double, long)}; with {@code separated}, particles do not overlap (as
     * particles moving on their own must not; the picks are then isolated as a user picks them).
     */
    public static Phantom random(int nx, int ny, double pixelSizeA, double contrast, long seed, boolean separated) {
        SplittableRandom rnd = new SplittableRandom(seed);
        int margin = 64;
        double area = (double) (nx + 2 * margin) * (ny + 2 * margin);
        double[] diametersA = {60, 100, 150, 240};
        // Cover about 30 % of the field with particles.
        var px = new java.util.ArrayList<double[]>();
        double covered = 0;
        int misses = 0;
        while (covered < 0.3 * area && misses < 10_000) {
            double dA = diametersA[rnd.nextInt(diametersA.length)] * (0.85 + 0.3 * rnd.nextDouble());
            double r = 0.5 * dA / pixelSizeA;
            double[] candidate = {rnd.nextDouble(-margin, nx + margin), rnd.nextDouble(-margin, ny + margin), r};
            if (separated && overlaps(candidate, px)) {
                misses++;
                continue;
            }
            px.add(candidate);
            covered += Math.PI * r * r;
        }
        var features = new java.util.ArrayList<double[]>();
        for (int pi = 0; pi < px.size(); pi++) {
            double[] p = px.get(pi);
            double r = p[2];
            // Soft envelope: the low-resolution shape of the particle.
            features.add(new double[] {p[0], p[1], 0.5 * r, 0.35 * contrast, pi});
            // Atoms inside the particle: fine detail up to Nyquist.
            int atoms = (int) Math.max(4, Math.PI * r * r / 12.0);
            for (int a = 0; a < atoms; a++) {
                double rr = r * Math.sqrt(rnd.nextDouble());
                double phi = 2 * Math.PI * rnd.nextDouble();
                double s = 0.6 + 1.4 * rnd.nextDouble() * rnd.nextDouble();
                features.add(new double[] {p[0] + rr * Math.cos(phi), p[1] + rr * Math.sin(phi), s,
                        contrast * (0.2 + 0.5 * rnd.nextDouble()), pi});
            }
        }
        int n = features.size();
        double[] fx = new double[n];
        double[] fy = new double[n];
        double[] sg = new double[n];
        double[] am = new double[n];
        int[] ow = new int[n];
        for (int i = 0; i < n; i++) {
            double[] f = features.get(i);
            fx[i] = f[0];
            fy[i] = f[1];
            sg[i] = f[2];
            am[i] = f[3];
            ow[i] = (int) f[4];
        }
        double[][] waves = new double[4][];
        for (int k = 0; k < waves.length; k++) {
            double period = 300 + 900 * rnd.nextDouble();
            double angle = 2 * Math.PI * rnd.nextDouble();
            waves[k] = new double[] {Math.cos(angle) / period, Math.sin(angle) / period,
                    2 * Math.PI * rnd.nextDouble(), 0.25 * contrast * rnd.nextDouble()};
        }
        double[] pxs = new double[px.size()];
        double[] pys = new double[px.size()];
        double[] prs = new double[px.size()];
        for (int i = 0; i < px.size(); i++) {
            pxs[i] = px.get(i)[0];
            pys[i] = px.get(i)[1];
            prs[i] = px.get(i)[2];
        }
        return new Phantom(fx, fy, sg, am, ow, waves, pxs, pys, prs);
    }

    private static boolean overlaps(double[] c, java.util.List<double[]> placed) {
        for (double[] p : placed) {
            double reach = c[2] + p[2];
            if ((c[0] - p[0]) * (c[0] - p[0]) + (c[1] - p[1]) * (c[1] - p[1]) < reach * reach) {
                return true;
            }
        }
        return false;
    }

    /** Number of particles. */
    public int particleCount() {
        return particleX.length;
    }

    public double particleX(int i) {
        return particleX[i];
    }

    public double particleY(int i) {
        return particleY[i];
    }

    public double particleRadius(int i) {
        return particleRadius[i];
    }

    /**
     * Draws T(r) at frame time t into {@code out} (nx × ny, row-major, row 0 = y 0), every feature displaced by
     * {@code globalX, globalY} plus {@code local} at its rest position.
     */
    public void draw(float[] out, int nx, int ny, double t, double globalX, double globalY, Displacement local) {
        draw(out, nx, ny, t, globalX, globalY, local, null);
    }

    /**
     * As {@link #draw(float[], int, int, double, double, double, Displacement)}, each particle's features also
     * moved by the particle's own motion (all features of a particle move together, so it stays rigid).
     */
    public void draw(float[] out, int nx, int ny, double t, double globalX, double globalY, Displacement local,
                     ParticleMotion own) {
        drawBackground(out, nx, ny, globalX, globalY);
        double[] d = new double[2];
        double[] o = new double[2];
        double[] gx = new double[64];
        double[] gy = new double[64];
        for (int i = 0; i < fx.length; i++) {
            local.at(fx[i], fy[i], t, d);
            if (own != null) {
                own.at(owner[i], t, o);
            }
            double cx = fx[i] + globalX + d[0] + o[0];
            double cy = fy[i] + globalY + d[1] + o[1];
            double s = sigma[i];
            int reach = (int) Math.ceil(4 * s) + 1;
            int x0 = Math.max(0, (int) Math.floor(cx) - reach);
            int x1 = Math.min(nx - 1, (int) Math.floor(cx) + reach);
            int y0 = Math.max(0, (int) Math.floor(cy) - reach);
            int y1 = Math.min(ny - 1, (int) Math.floor(cy) + reach);
            if (x0 > x1 || y0 > y1) {
                continue;
            }
            if (x1 - x0 + 1 > gx.length || y1 - y0 + 1 > gy.length) {
                int len = Math.max(x1 - x0, y1 - y0) + 1;
                gx = new double[len];
                gy = new double[len];
            }
            Gaussians.integrate(gx, x0, x1, cx, s);
            Gaussians.integrate(gy, y0, y1, cy, s);
            // Normalised so that a wide feature darkens its centre by `amplitude`.
            double a = amplitude[i] * 2 * Math.PI * s * s;
            for (int y = y0; y <= y1; y++) {
                double ay = a * gy[y - y0];
                if (ay < 1e-9) {
                    continue;
                }
                int row = y * nx;
                for (int x = x0; x <= x1; x++) {
                    out[row + x] -= (float) (ay * gx[x - x0]);
                }
            }
        }
    }

    private void drawBackground(float[] out, int nx, int ny, double shiftX, double shiftY) {
        java.util.Arrays.fill(out, 0, nx * ny, 1f);
        double[] cosX = new double[nx];
        double[] sinX = new double[nx];
        for (double[] w : waves) {
            double kx = w[0];
            double ky = w[1];
            double phase0 = w[2] - 2 * Math.PI * (kx * shiftX + ky * shiftY);
            double amp = w[3];
            for (int x = 0; x < nx; x++) {
                cosX[x] = Math.cos(2 * Math.PI * kx * x);
                sinX[x] = Math.sin(2 * Math.PI * kx * x);
            }
            for (int y = 0; y < ny; y++) {
                double py = 2 * Math.PI * ky * y + phase0;
                double cy = amp * Math.cos(py);
                double sy = amp * Math.sin(py);
                int row = y * nx;
                for (int x = 0; x < nx; x++) {
                    // cos(a + b) = cos a cos b − sin a sin b
                    out[row + x] += (float) (cosX[x] * cy - sinX[x] * sy);
                }
            }
        }
    }
}
