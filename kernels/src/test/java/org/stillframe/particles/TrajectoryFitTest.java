package org.stillframe.particles;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.stillframe.fft.FftPlans;
import org.stillframe.fft.RealFft2d;

class TrajectoryFitTest {

    private static final int BOX = 32;

    /** Frames of one random blob image, each shifted by −truth (so the correction is +truth), plus noise. */
    private static float[][] frames(TrackingBand band, double[] truth, double noise, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        float[] image = new float[BOX * BOX];
        for (int b = 0; b < 12; b++) {
            double cx = rnd.nextDouble(8, 24);
            double cy = rnd.nextDouble(8, 24);
            double s = rnd.nextDouble(1, 3);
            for (int y = 0; y < BOX; y++) {
                for (int x = 0; x < BOX; x++) {
                    image[y * BOX + x] += (float) Math.exp(-((x - cx) * (x - cx) + (y - cy) * (y - cy)) / (2 * s * s));
                }
            }
        }
        RealFft2d fft = FftPlans.of(BOX, BOX);
        float[] spec = new float[fft.spectrumLength()];
        fft.forward(image, spec);
        int n = truth.length / 2;
        float[][] out = new float[n][2 * band.size()];
        for (int f = 0; f < n; f++) {
            band.gather(spec, -truth[2 * f], -truth[2 * f + 1], out[f]);
            for (int i = 0; i < out[f].length; i++) {
                out[f][i] += (float) (noise * rnd.nextGaussian());
            }
        }
        return out;
    }

    @Test
    void theGradientMatchesFiniteDifferences() {
        TrackingBand band = new TrackingBand(BOX, 4);
        double[] truth = new double[2 * 8];
        float[][] frames = frames(band, truth, 2, 1);
        TrajectoryFit fit = new TrajectoryFit(band, frames, 0, 4.0);
        SplittableRandom rnd = new SplittableRandom(2);
        double[] r = new double[truth.length];
        for (int i = 2; i < r.length; i++) {
            r[i] = rnd.nextDouble(-1, 1);
        }
        double[] g = new double[r.length];
        double e0 = fit.dataTerm(r, g);
        double scale = 0;
        for (double v : g) {
            scale = Math.max(scale, Math.abs(v));
        }
        for (int i = 2; i < r.length; i++) {
            double[] p = r.clone();
            double[] m = r.clone();
            p[i] += 1e-3;
            m[i] -= 1e-3;
            double numeric = (fit.dataTerm(p) - fit.dataTerm(m)) / 2e-3;
            assertEquals(numeric, g[i], 2e-3 * scale, "component " + i + " at E " + e0);
        }
    }

    @Test
    void recoversAKnownSmoothTrajectoryFromNoisyFrames() {
        TrackingBand band = new TrackingBand(BOX, 3);
        int n = 16;
        double[] truth = new double[2 * n];
        for (int f = 0; f < n; f++) {
            double g = 1 - Math.exp(-f / 3.0);
            truth[2 * f] = 1.5 * g;
            truth[2 * f + 1] = -1.0 * g;
        }
        float[][] frames = frames(band, truth, 3, 5);
        double noise = TrajectoryFit.noiseAndSignificance(frames)[0];
        double[] r = new TrajectoryFit(band, frames, 0, noise).solve(null, 0.2, 0.05, null, 0);
        double err = 0;
        for (int i = 0; i < r.length; i++) {
            err += (r[i] - truth[i]) * (r[i] - truth[i]);
        }
        err = Math.sqrt(err / n);
        assertTrue(err < 0.15, "RMS error " + err + " px");
    }
}
