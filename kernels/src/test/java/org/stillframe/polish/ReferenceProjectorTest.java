package org.stillframe.polish;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.stillframe.fft.FftPlans;
import org.stillframe.fft.RealFft2d;
import org.stillframe.quality.Frc;
import org.stillframe.sim.Density;

class ReferenceProjectorTest {

    @Test
    void fourierSlicesMatchTheAnalyticProjectionsAtAnyOrientation() {
        int n = 48;
        Density d = Density.random(14, 5);
        ReferenceProjector p = new ReferenceProjector(d.voxels(n), n);
        int box = 64;
        RealFft2d fft = FftPlans.of(box, box);
        float[] spec = new float[fft.spectrumLength()];
        float[] image = new float[box * box];
        double[][] orientations = {{0, 0, 0}, {30, 60, 90}, {200, 135, -40}, {77, 12, 300}};
        for (double[] o : orientations) {
            double[][] a = Density.euler(o[0], o[1], o[2]);
            p.project(a, box, box / 2.0, spec);
            fft.inverse(spec, image);
            for (int i = 0; i < image.length; i++) {
                image[i] /= box * box;
            }
            float[] truth = new float[box * box];
            d.project(a, box / 2, box / 2, 1, truth, box, box);
            double[] frc = Frc.compute(image, truth, box, box, 8);
            double worst = 1;
            for (int r = 0; r < 7; r++) { // to 7/8 of Nyquist
                worst = Math.min(worst, frc[r]);
            }
            double err = 0;
            double norm = 0;
            for (int i = 0; i < image.length; i++) {
                err += (image[i] - truth[i]) * (image[i] - truth[i]);
                norm += truth[i] * truth[i];
            }
            assertTrue(worst > 0.97, java.util.Arrays.toString(o) + ": FRC " + java.util.Arrays.toString(frc));
            assertTrue(Math.sqrt(err / norm) < 0.1, java.util.Arrays.toString(o) + ": relative error "
                    + Math.sqrt(err / norm));
        }
    }
}
