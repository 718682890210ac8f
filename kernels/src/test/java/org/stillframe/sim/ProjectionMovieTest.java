package org.stillframe.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ProjectionMovieTest {

    @Test
    void eulerMatricesAreRotationsAndTheIdentityAtZero() {
        double[][] a = Density.euler(37, 81, -120);
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                double dot = 0;
                for (int k = 0; k < 3; k++) {
                    dot += a[i][k] * a[j][k];
                }
                assertEquals(i == j ? 1 : 0, dot, 1e-12);
            }
        }
        double[][] id = Density.euler(0, 0, 0);
        assertEquals(1, id[0][0], 1e-12);
        assertEquals(1, id[1][1], 1e-12);
        assertEquals(1, id[2][2], 1e-12);
        // Tilt 90° about y: the volume's z axis appears along −x... (RELION: A(0,2) = −cos ψ·sin θ)
        assertEquals(-1, Density.euler(0, 90, 0)[0][2], 1e-12);
    }

    @Test
    void theVoxelisedDensitySummedAlongZIsTheAnalyticProjection() {
        Density d = Density.random(12, 3);
        int n = 48;
        float[] v = d.voxels(n);
        float[] sum = new float[n * n];
        for (int z = 0; z < n; z++) {
            for (int i = 0; i < n * n; i++) {
                sum[i] += v[z * n * n + i];
            }
        }
        float[] proj = new float[n * n];
        d.project(Density.euler(0, 0, 0), n / 2, n / 2, 1, proj, n, n);
        double err = 0;
        double norm = 0;
        for (int i = 0; i < n * n; i++) {
            err += (sum[i] - proj[i]) * (sum[i] - proj[i]);
            norm += proj[i] * proj[i];
        }
        assertTrue(Math.sqrt(err / norm) < 1e-4, "relative error " + Math.sqrt(err / norm));
    }

    @Test
    void particlesStartAtRestDoNotOverlapAndNeighboursMoveAlike() {
        ProjectionParams p = new ProjectionParams(1024, 1024, 12, 1.5, 2, 80, 16, 0.08, 15000, 300, 10, 2, 300,
                true, 9, 9);
        ProjectionMovie m = new ProjectionMovie(p);
        assertTrue(m.particleCount() >= 60, "placed " + m.particleCount());
        double[] o = new double[2];
        double[] c = new double[2];
        m.particleCorrection(0, 0, c);
        assertEquals(0, Math.hypot(c[0], c[1]), 1e-12);
        double near = 0;
        int nearPairs = 0;
        double far = 0;
        int farPairs = 0;
        double[] q = new double[2];
        for (int i = 0; i < m.particleCount(); i++) {
            m.ownMotion(i, 11, o);
            for (int j = i + 1; j < m.particleCount(); j++) {
                assertTrue(Math.hypot(m.particleX(i) - m.particleX(j), m.particleY(i) - m.particleY(j)) >= 2.2 * 16);
                m.ownMotion(j, 11, q);
                double d = Math.hypot(m.particleX(i) - m.particleX(j), m.particleY(i) - m.particleY(j));
                double diff = Math.hypot(o[0] - q[0], o[1] - q[1]);
                if (d < 100) {
                    near += diff;
                    nearPairs++;
                } else if (d > 600) {
                    far += diff;
                    farPairs++;
                }
            }
        }
        assertTrue(near / nearPairs < 0.6 * far / farPairs, "near " + near / nearPairs + ", far " + far / farPairs);
    }

    @Test
    void theOwnMotionIsABurstOrSteadyAsAsked() {
        double[] steps = new double[2];
        for (double decay : new double[] {0, 400}) {
            ProjectionMovie m = new ProjectionMovie(new ProjectionParams(512, 512, 30, 1.5, 2, 10, 16, 0.08, 15000,
                    300, 10, 2, 300, false, 3, 3, decay));
            double[] a = new double[2];
            double[] b = new double[2];
            double[] c = new double[2];
            m.ownMotion(0, 1, a);
            m.ownMotion(0, 28, b);
            m.ownMotion(0, 29, c);
            // The last step against the first.
            steps[decay == 0 ? 0 : 1] = Math.hypot(c[0] - b[0], c[1] - b[1]) / Math.hypot(a[0], a[1]);
        }
        assertTrue(steps[0] < 0.01, "a burst of 2-6 frames has stopped by frame 30: " + steps[0]);
        assertTrue(steps[1] > 0.9, "a 400-frame decay is a steady motion: " + steps[1]);
    }

    @Test
    void framesHaveTheDoseAndDarkerParticles() throws Exception {
        ProjectionParams p = new ProjectionParams(256, 256, 4, 1.5, 4, 4, 16, 0.08, 15000, 300, 0, 0.5, 300,
                false, 4, 4);
        ProjectionMovie m = new ProjectionMovie(p);
        float[] f = new float[256 * 256];
        m.read(0, f);
        double mean = 0;
        for (float v : f) {
            mean += v;
        }
        mean /= f.length;
        assertEquals(4 * 1.5 * 1.5, mean, 0.2, "mean count = dose · pixel²");
        float[] e = new float[256 * 256];
        m.expected(0, e);
        int cx = (int) Math.round(m.particleX(0));
        int cy = (int) Math.round(m.particleY(0));
        assertTrue(e[cy * 256 + cx] < 0.99, "a particle darkens its centre: " + e[cy * 256 + cx]);
    }
}
