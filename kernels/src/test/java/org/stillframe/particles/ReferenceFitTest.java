package org.stillframe.particles;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.stillframe.parallel.Workers;

/** The posterior's energy and its gradient, with a velocity profile that varies over the steps. */
class ReferenceFitTest {

    @Test
    void theGradientMatchesFiniteDifferences() {
        int box = 32;
        int particles = 3;
        int frames = 6;
        TrackingBand band = new TrackingBand(box, 4);
        int k = band.size();
        SplittableRandom rnd = new SplittableRandom(3);
        float[][][] data = new float[particles][frames][2 * k];
        float[][] ref = new float[particles][2 * k];
        float[][] signal = new float[frames][k];
        for (int p = 0; p < particles; p++) {
            for (int i = 0; i < 2 * k; i++) {
                ref[p][i] = (float) rnd.nextGaussian();
                for (int f = 0; f < frames; f++) {
                    data[p][f][i] = (float) (ref[p][i] + 0.5 * rnd.nextGaussian());
                }
            }
        }
        for (int f = 0; f < frames; f++) {
            for (int i = 0; i < k; i++) {
                signal[f][i] = (float) Math.exp(-0.1 * f);
            }
        }
        CorrelationMaps maps;
        try (Workers w = new Workers(1)) {
            maps = CorrelationMaps.of(band, data, ref, signal, w);
        }
        double[] x = {10, 60, 35};
        double[] y = {20, 15, 70};
        ReferenceFit.SpatialModes modes = ReferenceFit.SpatialModes.of(x, y, 50);
        double[] profile = {2.1, 1.4, 0.9, 0.5, 0.3};
        ReferenceFit fit = new ReferenceFit(maps, new double[] {0.02, 0.03, 0.025}, 1, modes, 0.3, 0.1, profile);
        double[] v = new double[fit.variables()];
        for (int i = 0; i < v.length; i++) {
            v[i] = 0.3 * rnd.nextGaussian();
        }
        double[] grad = new double[v.length];
        fit.evaluate(v, grad);
        double worst = 0;
        double scale = 0;
        double h = 1e-5;
        double[] scratch = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            double keep = v[i];
            v[i] = keep + h;
            double up = fit.evaluate(v, scratch);
            v[i] = keep - h;
            double down = fit.evaluate(v, scratch);
            v[i] = keep;
            worst = Math.max(worst, Math.abs((up - down) / (2 * h) - grad[i]));
            scale = Math.max(scale, Math.abs(grad[i]));
        }
        assertTrue(worst < 1e-5 * Math.max(1, scale), "gradient off by " + worst + " (largest " + scale + ")");
    }
}
