package org.stillframe.sim;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.stillframe.correct.MovieFrames;
import org.stillframe.ctf.Ctf;
import org.stillframe.dose.CriticalExposure;
import org.stillframe.fft.FftPlans;
import org.stillframe.fft.RealFft2d;
import org.stillframe.image.Spectra;

/**
 * Frames of particles of one {@link Density}: frame i holds every particle's projection at its orientation, moved by
 * the whole-frame motion and its own motion, filtered by the CTF (and by the radiation damage after frame i's
 * exposure), as Poisson counts with mean dose·p²·(1 − contrast·image). Particles' own motions are
 * w_p·g(t): g a burst-and-settle curve, w drawn per axis from a Gaussian process over the particles' positions
 * with covariance motion²·exp(−d/correlation), so neighbours move alike.
 */
public final class ProjectionMovie implements MovieFrames {

    private final ProjectionParams params;
    private final Density density;
    private final Trajectory drift;
    private final Ctf ctf;
    private final double[] x;
    private final double[] y;
    private final double[][] angles; // rot, tilt, psi (degrees)
    private final double[] wx;
    private final double[] wy;
    private final double tau;

    public ProjectionMovie(ProjectionParams params) {
        this.params = params;
        SplittableRandom rnd = new SplittableRandom(params.seed() * 131 + 7);
        this.density = Density.random(params.radiusPx(), params.densitySeed() * 131 + 1);
        this.drift = Trajectory.random(params.driftPx(), params.frames(), params.seed() * 131 + 2);
        this.ctf = new Ctf(params.voltageKv(), 2.7, 0.1, params.defocusA(), params.defocusA(), 0, 0);
        List<double[]> placed = new ArrayList<>();
        double margin = 2 * params.radiusPx();
        double min = 2.2 * params.radiusPx();
        int misses = 0;
        while (placed.size() < params.particles() && misses < 20_000) {
            double px = rnd.nextDouble(margin, params.width() - margin);
            double py = rnd.nextDouble(margin, params.height() - margin);
            boolean free = true;
            for (double[] q : placed) {
                free &= Math.hypot(q[0] - px, q[1] - py) >= min;
            }
            if (free) {
                placed.add(new double[] {px, py});
            } else {
                misses++;
            }
        }
        int n = placed.size();
        x = new double[n];
        y = new double[n];
        angles = new double[n][];
        for (int i = 0; i < n; i++) {
            x[i] = placed.get(i)[0];
            y[i] = placed.get(i)[1];
            angles[i] = new double[] {rnd.nextDouble(0, 360), Math.toDegrees(Math.acos(rnd.nextDouble(-1, 1))),
                rnd.nextDouble(0, 360)};
        }
        double[][] chol = gpCholesky(x, y, params.motionPx(), params.correlationPx());
        wx = correlated(chol, rnd);
        wy = correlated(chol, rnd);
        double drawn = 2 + 4 * rnd.nextDouble(); // drawn either way: the noise that follows stays the same
        tau = params.ownDecayFrames() > 0 ? params.ownDecayFrames() : drawn;
    }

    /** Cholesky factor of K_pq = s²·exp(−d_pq / corr) (+ a tiny jitter). */
    private static double[][] gpCholesky(double[] x, double[] y, double s, double corr) {
        int n = x.length;
        double[][] l = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j <= i; j++) {
                double k = s * s * Math.exp(-Math.hypot(x[i] - x[j], y[i] - y[j]) / corr) + (i == j ? 1e-9 : 0);
                double sum = k;
                for (int m = 0; m < j; m++) {
                    sum -= l[i][m] * l[j][m];
                }
                l[i][j] = i == j ? Math.sqrt(Math.max(sum, 1e-12)) : sum / l[j][j];
            }
        }
        return l;
    }

    private static double[] correlated(double[][] chol, SplittableRandom rnd) {
        int n = chol.length;
        double[] z = new double[n];
        for (int i = 0; i < n; i++) {
            z[i] = rnd.nextGaussian();
        }
        double[] w = new double[n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j <= i; j++) {
                w[i] += chol[i][j] * z[j];
            }
        }
        return w;
    }

    public ProjectionParams params() {
        return params;
    }

    public Density density() {
        return density;
    }

    public Ctf ctf() {
        return ctf;
    }

    public int particleCount() {
        return x.length;
    }

    /** Rest position (frame 1) of particle i. */
    public double particleX(int i) {
        return x[i];
    }

    public double particleY(int i) {
        return y[i];
    }

    /** rot, tilt, psi (degrees, RELION's convention) of particle i. */
    public double[] angles(int i) {
        return angles[i].clone();
    }

    private double g(int frame) {
        double norm = 1 - Math.exp(-Math.max(1, params.frames() - 1) / tau);
        return frame <= 0 ? 0 : (1 - Math.exp(-frame / tau)) / norm;
    }

    /** The particle's own displacement (px) in frame i, on top of the drift. */
    public void ownMotion(int particle, int frame, double[] out) {
        out[0] = wx[particle] * g(frame);
        out[1] = wy[particle] * g(frame);
    }

    /** The correction a program should find at particle i in frame f: −(drift + own motion), MotionCor2's sign. */
    public void particleCorrection(int particle, int frame, double[] out) {
        ownMotion(particle, frame, out);
        out[0] = -(drift.x(frame) + out[0]);
        out[1] = -(drift.y(frame) + out[1]);
    }

    @Override
    public int width() {
        return params.width();
    }

    @Override
    public int height() {
        return params.height();
    }

    @Override
    public int frameCount() {
        return params.frames();
    }

    @Override
    public boolean concurrentReads() {
        return true;
    }

    /** The expected image of frame i before noise: 1 − contrast·(CTF ⊛ damage ⊛ projections), mean 1. */
    public void expected(int frame, float[] out) {
        int nx = params.width();
        int ny = params.height();
        java.util.Arrays.fill(out, 0f);
        double[] o = new double[2];
        for (int i = 0; i < x.length; i++) {
            ownMotion(i, frame, o);
            density.project(Density.euler(angles[i][0], angles[i][1], angles[i][2]),
                    x[i] + drift.x(frame) + o[0], y[i] + drift.y(frame) + o[1], 1.0, out, nx, ny);
        }
        filter(out, frame);
        for (int p = 0; p < out.length; p++) {
            out[p] = (float) (1 - params.contrast() * out[p]);
        }
    }

    /** CTF and, with damage, exp(−E/(2N_e)) at the end of frame i, applied in Fourier space (frame < 0: no damage). */
    private void filter(float[] image, int frame) {
        int nx = params.width();
        int ny = params.height();
        RealFft2d fft = FftPlans.of(nx, ny);
        float[] spec = new float[fft.spectrumLength()];
        fft.forward(image, spec);
        double exposure = params.dosePerFrame() * (frame + 1);
        double factor = CriticalExposure.voltageFactor(params.voltageKv());
        int cols = nx / 2 + 1;
        double p = params.pixelSizeA();
        for (int r = 0; r < ny; r++) {
            double ky = Spectra.rowFrequency(r, ny) / (ny * p);
            for (int c = 0; c < cols; c++) {
                double kx = c / (nx * p);
                double f = ctf.value(kx, ky);
                if (params.damage() && frame >= 0 && (r != 0 || c != 0)) {
                    f *= Math.exp(-exposure / (2 * CriticalExposure.of(Math.hypot(kx, ky), factor)));
                }
                int i = 2 * (r * cols + c);
                spec[i] *= (float) f;
                spec[i + 1] *= (float) f;
            }
        }
        fft.inverse(spec, image);
        float norm = 1f / (nx * ny);
        for (int i = 0; i < image.length; i++) {
            image[i] *= norm;
        }
    }

    @Override
    public void read(int frame, float[] out) {
        expected(frame, out);
        SplittableRandom rnd = new SplittableRandom(params.seed() * 1_000_003L + 17 * frame + 5);
        double mean = params.dosePerFrame() * params.pixelSizeA() * params.pixelSizeA();
        for (int i = 0; i < out.length; i++) {
            out[i] = Poisson.sample(mean * Math.max(0f, out[i]), rnd);
        }
    }

    /**
     * The noise-free, undamaged, CTF-modulated projection of particle i at rest, centred in a box (inverted:
     * positive density white), for scoring extracted particles.
     */
    public float[] referenceBox(int i, int box) {
        float[] img = new float[box * box];
        density.project(Density.euler(angles[i][0], angles[i][1], angles[i][2]), box / 2, box / 2, 1.0, img, box, box);
        RealFft2d fft = FftPlans.of(box, box);
        float[] spec = new float[fft.spectrumLength()];
        fft.forward(img, spec);
        ctf.apply(spec, box, params.pixelSizeA());
        fft.inverse(spec, img);
        for (int k = 0; k < img.length; k++) {
            img[k] /= box * box;
        }
        return img;
    }
}
