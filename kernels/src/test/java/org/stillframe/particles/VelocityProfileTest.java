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

    @Test
    void aBurstGivesAProfileThatFallsWithTheMovieSpeedDownToTheFloor() {
        int n = 30;
        double[] x = new double[n];
        double[] y = new double[n];
        for (int f = 0; f < n; f++) {
            x[f] = 12 * (1 - Math.exp(-f / 3.0)); // fast first, then still
            y[f] = -4 * (1 - Math.exp(-f / 3.0));
        }
        double[] a = VelocityProfile.of(new FrameShifts(x, y));
        assertEquals(n - 1, a.length);
        double ms = 0;
        double min = Double.MAX_VALUE;
        for (double v : a) {
            ms += v * v / a.length;
            min = Math.min(min, v);
        }
        assertEquals(1, Math.sqrt(ms), 1e-12, "RMS 1 over the steps");
        // Where above the floor, the profile is the speed: successive steps fall by e^(−1/3).
        assertEquals(Math.exp(-1 / 3.0), a[1] / a[0], 1e-9);
        assertTrue(a[0] > 3, "the first step " + a[0]);
        // The last steps sit on the floor, all alike, a fifth of the speed's RMS before normalising.
        assertEquals(a[n - 2], a[n - 3], 1e-12);
        assertEquals(min, a[n - 2], 1e-12);
        assertTrue(min > 0.1 && min < VelocityProfile.FLOOR, "floor " + min);
    }
}
