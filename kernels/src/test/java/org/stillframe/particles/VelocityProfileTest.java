package org.stillframe.particles;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.stillframe.align.global.FrameShifts;

class VelocityProfileTest {

    @Test
    void aSteadyDriftOrNoMotionGivesTheFlatPrior() {
        double[] x = new double[10];
        double[] y = new double[10];
        for (int f = 0; f < 10; f++) {
            x[f] = 0.7 * f;
            y[f] = -0.2 * f;
        }
        double[] ones = {1, 1, 1, 1, 1, 1, 1, 1, 1};
        assertArrayEquals(ones, VelocityProfile.of(new FrameShifts(x, y)), 1e-12);
        assertArrayEquals(ones, VelocityProfile.of(FrameShifts.zeros(10)), 0);
        assertEquals(0, VelocityProfile.of(FrameShifts.zeros(1)).length);
    }

    /** A frame that moves fast first, then stands still. */
    private static FrameShifts burst(int n) {
        double[] x = new double[n];
        double[] y = new double[n];
        for (int f = 0; f < n; f++) {
            x[f] = 12 * (1 - Math.exp(-f / 3.0));
            y[f] = -4 * (1 - Math.exp(-f / 3.0));
        }
        return new FrameShifts(x, y);
    }

    @Test
    void aBurstGivesAProfileThatFallsWithTheMovieSpeedToTheStationaryPart() {
        int n = 30;
        double[] a = VelocityProfile.of(burst(n));
        assertEquals(n - 1, a.length);
        double ms = 0;
        for (double v : a) {
            ms += v * v / a.length;
        }
        assertEquals(1, Math.sqrt(ms), 1e-12, "RMS 1 over the steps");
        // Squared, the profile is the stationary share plus the rest in proportion to the squared speed, which
        // falls by e^(−2/3) a step.
        double s = VelocityProfile.STATIONARY;
        assertEquals(Math.exp(-2 / 3.0), (a[1] * a[1] - s) / (a[0] * a[0] - s), 1e-9);
        assertTrue(a[0] > 2, "the first step " + a[0]);
        // When the frame has stopped, the stationary part is left.
        assertEquals(Math.sqrt(s), a[n - 2], 0.01);
    }

    /**
     * Particles on a grid (60 px apart) whose velocities share a field over the micrograph, each estimated with its
     * own noise (0.1 px per step, several times the late motion): {@code follows} scales the field with the movie's
     * speed, else it is steady.
     */
    private static double[][] particles(FrameShifts movie, boolean follows, double[] x, double[] y) {
        java.util.SplittableRandom rnd = new java.util.SplittableRandom(5);
        int n = movie.frames();
        double[] a = VelocityProfile.of(movie);
        double[][] r = new double[x.length][2 * n];
        double[] field = {0.12, -0.05};
        for (int p = 0; p < x.length; p++) {
            x[p] = 60 * (p % 10);
            y[p] = 60 * (p / 10);
            double wobble = 1 + 0.2 * Math.sin(x[p] / 300) * Math.cos(y[p] / 300);
            for (int g = 0; g + 1 < n; g++) {
                double k = (follows ? a[g] : 1) * wobble;
                r[p][2 * g + 2] = r[p][2 * g] + k * field[0] + 0.1 * rnd.nextGaussian();
                r[p][2 * g + 3] = r[p][2 * g + 1] + k * field[1] + 0.1 * rnd.nextGaussian();
            }
        }
        return r;
    }

    @Test
    void theParticlesDecideWhetherThePriorFollowsTheMovie() {
        FrameShifts movie = burst(40);
        double[] x = new double[100];
        double[] y = new double[100];
        VelocityProfile.Evidence following = VelocityProfile.evidence(particles(movie, true, x, y), x, y, movie);
        VelocityProfile.Evidence steady = VelocityProfile.evidence(particles(movie, false, x, y), x, y, movie);
        System.out.println("bursting particles: " + following.describe() + "; steady ones: " + steady.describe());
        assertTrue(following.followsTheMovie(), following.describe());
        assertTrue(!steady.followsTheMovie(), steady.describe());
        // A sparse micrograph (the first 8 particles: a row, 28 pairs) says too little: flat.
        double[][] few = java.util.Arrays.copyOf(particles(movie, true, x, y), 8);
        VelocityProfile.Evidence sparse = VelocityProfile.evidence(few, x, y, movie);
        assertTrue(!sparse.followsTheMovie() && sparse.pairs() < VelocityProfile.MIN_PAIRS, sparse.describe());
        // The estimation noise (0.02 px² per step, twice the steady motion's 0.017) is not in the measure.
        assertEquals(0.12 * 0.12 + 0.05 * 0.05, steady.stationary() + steady.burst(), 0.004);
    }
}
