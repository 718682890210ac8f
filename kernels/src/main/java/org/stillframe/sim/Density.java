package org.stillframe.sim;

import java.util.SplittableRandom;

/**
 * A small protein-like 3D density made of Gaussian blobs ("atoms" and a few larger domains) inside a sphere,
 * described analytically so that a projection at any orientation is exact: a blob at c projects to the 2D
 * Gaussian at (A·c)_x,y, A RELION's Euler matrix (ZYZ; {@link #euler}). Lengths in pixels, centred on 0.
 */
public final class Density {

    private final double[][] blobs; // {x, y, z, sigma, amplitude}
    private final double radius;

    private Density(double[][] blobs, double radius) {
        this.blobs = blobs;
        this.radius = radius;
    }

    /**
     * A random density of radius {@code radius} px: four domains (σ = radius/4) carrying half the mass, and
     * atoms (σ 0.7–1.5 px) for detail up to Nyquist, about one per 15 px³ of a thinner shell.
     */
    public static Density random(double radius, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        java.util.List<double[]> b = new java.util.ArrayList<>();
        for (int d = 0; d < 4; d++) {
            double[] c = inBall(rnd, 0.5 * radius);
            b.add(new double[] {c[0], c[1], c[2], radius / 4, 1.0});
        }
        int atoms = (int) Math.max(20, 4.0 / 3 * Math.PI * Math.pow(0.8 * radius, 3) / 15);
        for (int a = 0; a < atoms; a++) {
            double[] c = inBall(rnd, 0.8 * radius);
            b.add(new double[] {c[0], c[1], c[2], 0.7 + 0.8 * rnd.nextDouble(), 0.6 + 0.8 * rnd.nextDouble()});
        }
        return new Density(b.toArray(double[][]::new), radius);
    }

    private static double[] inBall(SplittableRandom rnd, double r) {
        while (true) {
            double x = rnd.nextDouble(-1, 1);
            double y = rnd.nextDouble(-1, 1);
            double z = rnd.nextDouble(-1, 1);
            if (x * x + y * y + z * z <= 1) {
                return new double[] {r * x, r * y, r * z};
            }
        }
    }

    public double radius() {
        return radius;
    }

    /**
     * RELION's Euler matrix for angles rot, tilt, psi (degrees): the volume point r appears in the projection at
     * (A·r)_x,y; the 3D Fourier component of a 2D frequency k of the projection is at Aᵀ·(k, 0).
     */
    public static double[][] euler(double rotDeg, double tiltDeg, double psiDeg) {
        return org.stillframe.polish.Euler.matrix(rotDeg, tiltDeg, psiDeg);
    }

    /**
     * Adds the projection at orientation {@code a} (from {@link #euler}) centred at (cx, cy) into an nx × ny image
     * (row-major, row = y), times {@code scale}; each blob pixel-integrated.
     */
    public void project(double[][] a, double cx, double cy, double scale, float[] out, int nx, int ny) {
        for (double[] b : blobs) {
            double px = cx + a[0][0] * b[0] + a[0][1] * b[1] + a[0][2] * b[2];
            double py = cy + a[1][0] * b[0] + a[1][1] * b[1] + a[1][2] * b[2];
            Gaussians.add(out, nx, ny, px, py, b[3], scale * b[4] * 2 * Math.PI * b[3] * b[3]);
        }
    }

    /** The density on an n³ grid (index (z·n + y)·n + x, centre at n/2), each blob integrated over the voxels. */
    public float[] voxels(int n) {
        float[] v = new float[n * n * n];
        for (double[] b : blobs) {
            double s = b[3];
            int reach = (int) Math.ceil(4 * s) + 1;
            double[] cen = {b[0] + n / 2, b[1] + n / 2, b[2] + n / 2};
            int[] lo = new int[3];
            double[][] g = new double[3][];
            for (int d = 0; d < 3; d++) {
                lo[d] = Math.max(0, (int) Math.floor(cen[d]) - reach);
                int hi = Math.min(n - 1, (int) Math.floor(cen[d]) + reach);
                g[d] = new double[Math.max(0, hi - lo[d] + 1)];
                Gaussians.integrate(g[d], lo[d], hi, cen[d], s);
            }
            double mass = b[4] * 2 * Math.PI * s * s; // the same mass as the blob's projection
            for (int z = 0; z < g[2].length; z++) {
                for (int y = 0; y < g[1].length; y++) {
                    double gzy = g[2][z] * g[1][y] * mass;
                    int row = ((lo[2] + z) * n + lo[1] + y) * n + lo[0];
                    for (int x = 0; x < g[0].length; x++) {
                        v[row + x] += (float) (gzy * g[0][x]);
                    }
                }
            }
        }
        return v;
    }
}
