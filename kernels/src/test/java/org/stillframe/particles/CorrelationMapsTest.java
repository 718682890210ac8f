package org.stillframe.particles;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.stillframe.parallel.Workers;

/** The tabulated data term against the exact sum over the band. */
class CorrelationMapsTest {

    /** Exact C(r) = Σ_k A(k) Re(Y e^(−2πik·r/box) R*) and its gradient. */
    private static double exact(TrackingBand band, float[] y, float[] ref, float[] a, double rx, double ry,
                                double[] grad) {
        double[] x = new double[2 * band.size()];
        band.move(y, rx, ry, band.phaseTables(), x);
        double v = 0;
        double gx = 0;
        double gy = 0;
        for (int i = 0; i < band.size(); i++) {
            double cr = x[2 * i] * ref[2 * i] + x[2 * i + 1] * ref[2 * i + 1];
            double cm = x[2 * i + 1] * ref[2 * i] - x[2 * i] * ref[2 * i + 1];
            v += a[i] * cr;
            gx += a[i] * band.fx[i] * cm;
            gy += a[i] * band.fy[i] * cm;
        }
        grad[0] = 2 * Math.PI / band.box * gx;
        grad[1] = 2 * Math.PI / band.box * gy;
        return v;
    }

    @Test
    void mapsAgreeWithTheExactSumInsideTheWindow() {
        int box = 96;
        TrackingBand band = new TrackingBand(box, 2.05); // up to 0.49 cycles/px: the hardest case
        SplittableRandom rnd = new SplittableRandom(7);
        int k = band.size();
        float[][][] data = new float[1][1][2 * k];
        float[][] ref = new float[1][2 * k];
        float[][] signal = new float[1][k];
        for (int i = 0; i < k; i++) {
            double rho = Math.hypot(band.fx[i], band.fy[i]) / box;
            // A particle-like spectrum: falling with frequency (CTF envelope, damage), random phases.
            double amp = Math.exp(-rho * rho / (2 * 0.15 * 0.15));
            double phase = rnd.nextDouble(2 * Math.PI);
            ref[0][2 * i] = (float) (amp * Math.cos(phase));
            ref[0][2 * i + 1] = (float) (amp * Math.sin(phase));
            // The data: the reference moved by (1.3, −0.7) px, plus noise.
            double t = -2 * Math.PI * (band.fx[i] * 1.3 + band.fy[i] * -0.7) / box;
            double nr = 0.3 * amp * rnd.nextDouble(-1, 1);
            double ni = 0.3 * amp * rnd.nextDouble(-1, 1);
            data[0][0][2 * i] = (float) (amp * Math.cos(phase + t) + nr);
            data[0][0][2 * i + 1] = (float) (amp * Math.sin(phase + t) + ni);
            signal[0][i] = (float) Math.exp(-rho * rho / (2 * 0.2 * 0.2));
        }
        CorrelationMaps maps;
        try (Workers w = new Workers(1)) {
            maps = CorrelationMaps.of(band, data, ref, signal, w);
        }
        double[] ge = new double[2];
        double[] gm = new double[2];
        double peak = exact(band, data[0][0], ref[0], signal[0], -1.3, 0.7, ge);
        double worstValue = 0;
        double worstGrad = 0;
        double gradScale = 0;
        for (int t = 0; t < 400; t++) {
            double rx = rnd.nextDouble(-CorrelationMaps.HALF_WIDTH, CorrelationMaps.HALF_WIDTH);
            double ry = rnd.nextDouble(-CorrelationMaps.HALF_WIDTH, CorrelationMaps.HALF_WIDTH);
            if (t < 200) { // half of the trials near the peak, where trajectories end up
                rx = -1.3 + rnd.nextDouble(-1, 1);
                ry = 0.7 + rnd.nextDouble(-1, 1);
            }
            double e = exact(band, data[0][0], ref[0], signal[0], rx, ry, ge);
            double m = maps.value(0, 0, rx, ry, gm);
            worstValue = Math.max(worstValue, Math.abs(e - m) / peak);
            worstGrad = Math.max(worstGrad, Math.hypot(ge[0] - gm[0], ge[1] - gm[1]));
            gradScale = Math.max(gradScale, Math.hypot(ge[0], ge[1]));
        }
        System.out.printf(java.util.Locale.ROOT, "tabulated data term: value within %.4f of the peak, gradient"
                + " within %.4f of its largest%n", worstValue, worstGrad / gradScale);
        assertTrue(worstValue < 0.01, "value " + worstValue);
        assertTrue(worstGrad / gradScale < 0.03, "gradient " + worstGrad / gradScale);
        // The peak is where the data were moved from.
        double best = Double.NEGATIVE_INFINITY;
        double bx = 0;
        double by = 0;
        for (double x = -2; x <= 0; x += 0.02) {
            for (double y = -0.3; y <= 1.7; y += 0.02) {
                double v = maps.value(0, 0, x, y, null);
                if (v > best) {
                    best = v;
                    bx = x;
                    by = y;
                }
            }
        }
        assertTrue(Math.hypot(bx + 1.3, by - 0.7) < 0.05, "peak at " + bx + ", " + by);
        // Beyond the window the value falls off.
        double edge = maps.value(0, 0, CorrelationMaps.HALF_WIDTH, 0, null);
        assertTrue(maps.value(0, 0, CorrelationMaps.HALF_WIDTH + 1, 0, gm) < edge - peak && gm[0] < 0);
    }
}
