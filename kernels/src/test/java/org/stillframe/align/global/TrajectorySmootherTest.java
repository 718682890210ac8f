package org.stillframe.align.global;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class TrajectorySmootherTest {

    private static FrameShifts burstAndDrift(int n, double wiggle) {
        double[] x = new double[n];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = 12 * (1 - Math.exp(-i / 2.5)) + 0.1 * i + wiggle * Math.sin(i / 3.0);
            y[i] = -6 * (1 - Math.exp(-i / 2.5)) - 0.2 * i;
        }
        return new FrameShifts(x, y);
    }

    @Test
    void leavesACleanTrajectoryWithin0p02Px() {
        FrameShifts clean = burstAndDrift(40, 0.8);
        FrameShifts smoothed = TrajectorySmoother.smooth(clean);
        for (int i = 0; i < 40; i++) {
            assertEquals(clean.x(i), smoothed.x(i), 0.02, "x of frame " + i);
            assertEquals(clean.y(i), smoothed.y(i), 0.02, "y of frame " + i);
        }
    }

    @Test
    void reducesMeasurementNoiseByMoreThanHalf() {
        FrameShifts clean = burstAndDrift(40, 0.8);
        Random r = new Random(4);
        double[] x = clean.x();
        double[] y = clean.y();
        for (int i = 0; i < 40; i++) {
            x[i] += 0.5 * r.nextGaussian();
            y[i] += 0.5 * r.nextGaussian();
        }
        FrameShifts noisy = new FrameShifts(x, y);
        double before = rmsDiff(noisy, clean);
        double after = rmsDiff(TrajectorySmoother.smooth(noisy), clean);
        assertTrue(after < 0.5 * before, "before " + before + ", after " + after);
    }

    @Test
    void aFrameLockedOntoANoisePeakIsPulledBackToTheTrajectory() {
        FrameShifts clean = burstAndDrift(30, 0);
        double[] x = clean.x();
        x[17] += 15; // a false peak 15 px away
        FrameShifts smoothed = TrajectorySmoother.smooth(new FrameShifts(x, clean.y()));
        assertEquals(clean.x(17), smoothed.x(17), 0.3);
    }

    private static double rmsDiff(FrameShifts a, FrameShifts b) {
        double s = 0;
        for (int i = 0; i < a.frames(); i++) {
            s += Math.pow(a.x(i) - b.x(i), 2) + Math.pow(a.y(i) - b.y(i), 2);
        }
        return Math.sqrt(s / a.frames());
    }
}
