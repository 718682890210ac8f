package org.stillframe.align.patch;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class ModelFitTest {

    static final int W = 4096;
    static final int H = 4096;
    static final int FRAMES = 30;

    static DeformationModel randomModel(long seed) {
        Random r = new Random(seed);
        double[] cx = new double[18];
        double[] cy = new double[18];
        for (int i = 0; i < 18; i++) {
            double scale = new double[] {0.3, 0.01, 2e-4}[i % 3]; // t, t², t³ terms of comparable size
            cx[i] = scale * r.nextGaussian();
            cy[i] = scale * r.nextGaussian();
        }
        return new DeformationModel(W, H, cx, cy);
    }

    /** Patch shifts drawn from the model (each patch with its own arbitrary offset), plus noise. */
    static PatchShifts shiftsOf(DeformationModel m, PatchLayout layout, double noise, long seed) {
        Random r = new Random(seed);
        int patches = layout.count();
        double[][] x = new double[patches][FRAMES];
        double[][] y = new double[patches][FRAMES];
        double[] u = new double[2];
        for (int p = 0; p < patches; p++) {
            double ox = 10 * r.nextGaussian();
            double oy = 10 * r.nextGaussian();
            for (int t = 0; t < FRAMES; t++) {
                m.at(layout.centreX()[p], layout.centreY()[p], t, u);
                x[p][t] = u[0] + ox + noise * r.nextGaussian();
                y[p][t] = u[1] + oy + noise * r.nextGaussian();
            }
        }
        double[] n = new double[patches];
        java.util.Arrays.fill(n, Math.max(noise, 0.05));
        return new PatchShifts(layout, x, y, n, new boolean[patches]);
    }

    static boolean[] all(int n) {
        boolean[] b = new boolean[n];
        java.util.Arrays.fill(b, true);
        return b;
    }

    @Test
    void recoversTheCoefficientsOfANoiseFreeField() {
        DeformationModel truth = randomModel(1);
        PatchLayout layout = PatchLayout.grid(W, H, 5, 5, 0);
        ModelFit.Result fit = ModelFit.fit(shiftsOf(truth, layout, 0, 2), all(25));
        assertArrayEquals(truth.cx(), fit.model().cx(), 1e-6);
        assertArrayEquals(truth.cy(), fit.model().cy(), 1e-6);
        for (boolean r : fit.rejected()) {
            assertFalse(r);
        }
    }

    @Test
    void noisyPatchesAverageDownAndADriftingPatchIsRejectedWithoutMovingTheField() {
        DeformationModel truth = randomModel(3);
        PatchLayout layout = PatchLayout.grid(W, H, 5, 5, 0);
        PatchShifts s = shiftsOf(truth, layout, 0.3, 4);
        double[][] x = s.x();
        for (int t = 0; t < FRAMES; t++) {
            x[12][t] += 0.3 * t; // patch 12 (the centre) drifts off by 9 px
        }
        ModelFit.Result fit = ModelFit.fit(new PatchShifts(layout, x, s.y(), s.noisePx(), new boolean[25]), all(25));
        assertTrue(fit.rejected()[12], "the drifting patch is rejected");
        int rejected = 0;
        for (boolean r : fit.rejected()) {
            rejected += r ? 1 : 0;
        }
        assertEquals(1, rejected);
        // 0.3 px noise per patch and frame (0.42 px in 2-D): the model averages it down inside the patch grid,
        // and the rejected patch leaves no trace in the field.
        ModelFit.Result clean = ModelFit.fit(s, all(25));
        double inner = err(truth, fit.model());
        assertTrue(inner < 0.2, "field error " + inner);
        assertEquals(err(truth, clean.model()), inner, 0.02);
    }

    /** RMS 2-D field error over a 9 × 9 grid on the inner 80 % of the frame (within the patch grid), all frames. */
    static double err(DeformationModel truth, DeformationModel m) {
        double[] a = new double[2];
        double[] b = new double[2];
        double err = 0;
        int k = 0;
        for (int t = 0; t < FRAMES; t++) {
            for (int gy = 0; gy <= 8; gy++) {
                for (int gx = 0; gx <= 8; gx++) {
                    double x = W * (0.1 + 0.8 * gx / 8.0);
                    double y = H * (0.1 + 0.8 * gy / 8.0);
                    truth.at(x, y, t, a);
                    m.at(x, y, t, b);
                    err += Math.pow(a[0] - b[0], 2) + Math.pow(a[1] - b[1], 2);
                    k++;
                }
            }
        }
        return Math.sqrt(err / k);
    }

    @Test
    void modelIsZeroAtTimeZeroAndUsesRelionsCoefficientOrder() {
        double[] cx = new double[18];
        double[] cy = new double[18];
        cx[0] = 1;    // t
        cx[4] = 2;    // x·t²  (3·1 + 2 − 1)
        cy[17] = 3;   // x·y·t³ (3·5 + 3 − 1)
        DeformationModel m = new DeformationModel(100, 200, cx, cy);
        double[] u = new double[2];
        m.at(70, 150, 0, u);
        assertEquals(0, u[0], 0);
        assertEquals(0, u[1], 0);
        m.at(70, 150, 2, u); // x = 0.2, y = 0.25
        assertEquals(2 + 2 * 0.2 * 4, u[0], 1e-12);
        assertEquals(3 * 0.2 * 0.25 * 8, u[1], 1e-12);
        assertEquals(3, m.relionCoefficients()[35], 0);
    }

    @Test
    void overlapEnlargesPatchesAndFeaturesPullCentresTowardsStructure() {
        PatchLayout plain = PatchLayout.grid(1000, 1000, 4, 4, 0);
        PatchLayout wide = PatchLayout.grid(1000, 1000, 4, 4, 20);
        assertEquals(250, plain.patchWidth());
        assertEquals(300, wide.patchWidth());
        float[] feature = new float[100 * 100];
        feature[42 * 100 + 42] = 5; // structure at (425, 425) in frame pixels, 50 px from the grid centre (375, 375)
        feature[42 * 100 + 17] = 5; // at (175, 425), 50 px inwards of the border patch at (125, 375)
        feature[90 * 100 + 90] = 5; // and at (905, 905), beyond a quarter cell from the nearest centre
        PatchLayout moved = plain.placedOnFeatures(feature, 100, 100, 4, 4);
        int inner = 1 * 4 + 1; // the interior patch at (375, 375) moves onto its structure
        assertEquals(425, moved.centreX()[inner], 1e-9);
        assertEquals(425, moved.centreY()[inner], 1e-9);
        int border = 1 * 4 + 0; // the border patch at (125, 375) moves inwards by at most half its reach (31.25 px)
        assertEquals(125 + 31.25, moved.centreX()[border], 1e-9);
        assertEquals(425, moved.centreY()[border], 1e-9);
        for (int q = 0; q < 16; q++) {
            if (q != inner && q != border) { // nothing within reach of the others: they stay on the grid
                assertEquals(plain.centreX()[q], moved.centreX()[q], 1e-9, "patch " + q);
                assertEquals(plain.centreY()[q], moved.centreY()[q], 1e-9, "patch " + q);
            }
        }
    }
}
