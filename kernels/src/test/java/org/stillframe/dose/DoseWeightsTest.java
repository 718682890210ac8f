package org.stillframe.dose;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class DoseWeightsTest {

    @Test
    void criticalExposureHasRelionsValues() {
        assertEquals(14.14, CriticalExposure.of(0.1, 1), 0.01);
        assertEquals(5.2737, CriticalExposure.of(0.25, 1), 1e-3);
        assertEquals(3.587, CriticalExposure.of(0.5, 1), 1e-3);
        assertEquals(0.8, CriticalExposure.voltageFactor(200), 0);
        assertEquals(1.0, CriticalExposure.voltageFactor(300), 0);
        assertThrows(IllegalArgumentException.class, () -> CriticalExposure.voltageFactor(120));
    }

    @Test
    void squaredWeightsSumToOneAndFallWithExposure() {
        DoseWeights w = new DoseWeights(DoseSchedule.uniform(20, 1.5, 0), 1.0, 1.0, 512);
        for (double s : new double[] {0.01, 0.1, 0.25, 0.49}) {
            double sum = 0;
            for (int i = 0; i < 20; i++) {
                double wi = w.weight(i, s);
                sum += wi * wi;
                if (i > 0) {
                    assertTrue(w.weight(i, s) < w.weight(i - 1, s), "frame " + i + " at " + s);
                }
            }
            assertEquals(1.0, sum, 1e-3, "at " + s + " cycles/px");
        }
        assertEquals(1f, w.weight(5, 0), 0f); // DC left unweighted
    }

    @Test
    void exposureIsTakenAtTheEndOfEachFrameIncludingPreExposure() {
        DoseSchedule s = new DoseSchedule(new double[] {1, 2, 3}, 10);
        assertEquals(11, s.exposureAtEnd(0), 0);
        assertEquals(16, s.exposureAtEnd(2), 0);
        DoseSchedule w = DoseSchedule.uniform(10, 1, 2).window(3, 8);
        assertEquals(5, w.frames());
        assertEquals(6, w.exposureAtEnd(0), 0); // 2 before + 3 thrown + its own
    }

    /** 200 kV weights equal 300 kV weights with every exposure divided by 0.8. */
    @Test
    void twoHundredKvIsThreeHundredWithExposuresOverZeroPointEight() {
        DoseWeights kv200 = new DoseWeights(DoseSchedule.uniform(10, 1.0, 0), 1.0, 0.8, 256);
        DoseWeights kv300 = new DoseWeights(DoseSchedule.uniform(10, 1.25, 0), 1.0, 1.0, 256);
        for (int i = 0; i < 10; i++) {
            assertEquals(kv300.weight(i, 0.3), kv200.weight(i, 0.3), 1e-4);
        }
    }

    /** The per-grid lookup gives exactly the per-coefficient weights, at DC, between rings and past the corner. */
    @Test
    void weightsAtPrecomputedPositionsEqualSingleLookups() {
        DoseWeights w = new DoseWeights(DoseSchedule.uniform(6, 1.5, 2), 1.2, 1.0, 64);
        java.util.Random r = new java.util.Random(4);
        float[] radii = new float[2000];
        for (int m = 0; m < radii.length; m++) {
            radii[m] = m < 3 ? new float[] {0f, 1e-4f, 0.9f}[m] : (float) (0.75 * r.nextDouble());
        }
        DoseWeights.Positions at = w.positions(radii);
        float[] out = new float[radii.length];
        for (int frame = 0; frame < 6; frame++) {
            w.weights(frame, at, out);
            for (int m = 0; m < radii.length; m++) {
                assertEquals(w.weight(frame, radii[m]), out[m], 0f, "frame " + frame + ", radius " + radii[m]);
            }
        }
    }

    /** The cached positions of a half spectrum are those of its radii, and are made again for another size. */
    @Test
    void spectrumPositionsAreThoseOfTheCoefficientsRadii() {
        DoseWeights w = new DoseWeights(DoseSchedule.uniform(4, 1.0, 0), 1.0, 1.0, 48);
        for (int[] size : new int[][] {{48, 40}, {48, 40}, {40, 48}}) {
            int nx = size[0];
            int ny = size[1];
            DoseWeights.Positions at = w.spectrumPositions(nx, ny);
            int cols = nx / 2 + 1;
            assertEquals(cols * ny, at.index().length);
            float[] radii = new float[cols * ny];
            for (int row = 0; row < ny; row++) {
                int f = row <= ny / 2 ? row : row - ny;
                for (int c = 0; c < cols; c++) {
                    radii[row * cols + c] = (float) Math.hypot(c / (double) nx, f / (double) ny);
                }
            }
            DoseWeights.Positions expected = w.positions(radii);
            org.junit.jupiter.api.Assertions.assertArrayEquals(expected.index(), at.index(), nx + " x " + ny);
            org.junit.jupiter.api.Assertions.assertArrayEquals(expected.fraction(), at.fraction(), 1e-6f);
        }
    }
}
