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
    void aBurstGivesAProfileThatFallsWithTheMovieSpeedToTheStationaryPart() {
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
}
