package org.stillframe.sim;

import java.util.SplittableRandom;
import org.stillframe.correct.MovieFrames;
import org.stillframe.dose.CriticalExposure;
import org.stillframe.fft.FftPlans;
import org.stillframe.fft.RealFft2d;
import org.stillframe.image.Spectra;

/**
 * Dose-fractionated movies with known ground truth. Frame i (0-based) shows the specimen ({@link Phantom})
 * moved by the whole-frame motion m(i) ({@link Trajectory}) plus the local field u(r, i) ({@link LocalField}),
 * as Poisson counts with mean dose·p²·T(r)·sensitivity(r), plus hot pixels. Frames are made on demand, so a
 * movie of any size streams.
 *
 * <p>Sign convention of the truth: m is the specimen's motion; the correction a program should report is −m
 * (MotionCor2 / RELION sign), and with m(0) = 0 it is already relative to the first frame.
 */
public final class MovieSimulator implements MovieFrames {

    private final SimulationParams params;
    private final Phantom phantom;
    private final Trajectory trajectory;
    private final Displacement local;
    private final LocalField localField;
    private final ParticleMotion particleMotion;
    private final float[] sensitivity;
    private final int[] hotPixels;
    private final Detector detector; // null: the movie's own gain pattern (params.gain()), no persistent defects

    public MovieSimulator(SimulationParams params) {
        this(params, null);
    }

    /**
     * A movie recorded on a given camera: its sensitivity and persistent defects replace the movie's own gain
     * pattern (params.gain() is then ignored), so that a set of movies with different seeds shares one detector.
     */
    public MovieSimulator(SimulationParams params, Detector detector) {
        if (detector != null && (detector.width() != params.width() || detector.height() != params.height())) {
            throw new IllegalArgumentException("the detector is " + detector.width() + "x" + detector.height()
                    + ", the movie " + params.width() + "x" + params.height());
        }
        this.params = params;
        this.detector = detector;
        long seed = params.seed();
        this.phantom = Phantom.random(params.width(), params.height(), params.pixelSizeA(), params.contrast(),
                seed * 31 + 1, params.particlePx() > 0);
        this.trajectory = Trajectory.random(params.driftPx(), params.frames(), seed * 31 + 2);
        this.localField = params.localPx() > 0
                ? LocalField.random(params.width(), params.height(), params.frames(), params.localPx(), seed * 31 + 3)
                : null;
        this.local = localField != null ? localField : Displacement.NONE;
        this.particleMotion = params.particlePx() > 0
                ? ParticleMotion.random(phantom.particleCount(), params.frames(), params.particlePx(), seed * 31 + 6)
                : null;
        this.sensitivity = detector != null ? detector.sensitivity()
                : params.gain() ? GainPattern.sensitivity(params.width(), params.height(), seed * 31 + 4) : null;
        this.hotPixels = pickHotPixels(params, seed * 31 + 5);
    }

    private static int[] pickHotPixels(SimulationParams p, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        java.util.Set<Integer> chosen = new java.util.TreeSet<>();
        while (chosen.size() < p.hotPixels()) {
            chosen.add(rnd.nextInt(p.width() * p.height()));
        }
        return chosen.stream().mapToInt(Integer::intValue).toArray();
    }

    public SimulationParams params() {
        return params;
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

    /** Specimen motion of frame i (px). */
    public double motionX(int frame) {
        return trajectory.x(frame);
    }

    public double motionY(int frame) {
        return trajectory.y(frame);
    }

    /** The shifts a correction should find: −motion per frame (relative to frame 1, which is at rest). */
    public org.stillframe.align.global.FrameShifts trueShifts() {
        double[] x = new double[params.frames()];
        double[] y = new double[params.frames()];
        for (int i = 0; i < x.length; i++) {
            x[i] = -trajectory.x(i);
            y[i] = -trajectory.y(i);
        }
        return new org.stillframe.align.global.FrameShifts(x, y);
    }

    /** The local field, or null when the movie has none. */
    public LocalField localField() {
        return localField;
    }

    /** Each particle's own motion, or null when particles move only with the specimen. */
    public ParticleMotion particleMotion() {
        return particleMotion;
    }

    /** The specimen's particles (rest positions at frame 1, radii). */
    public Phantom phantom() {
        return phantom;
    }

    /**
     * Indices of the particles lying wholly inside the frame, at least {@code margin} px from its edges, in the
     * phantom's order: the picks a user would make on the corrected micrograph.
     */
    public int[] particlesInside(double margin) {
        java.util.List<Integer> inside = new java.util.ArrayList<>();
        for (int i = 0; i < phantom.particleCount(); i++) {
            double x = phantom.particleX(i);
            double y = phantom.particleY(i);
            double m = margin + phantom.particleRadius(i);
            if (x >= m && y >= m && x <= params.width() - 1 - m && y <= params.height() - 1 - m) {
                inside.add(i);
            }
        }
        return inside.stream().mapToInt(Integer::intValue).toArray();
    }

    /**
     * The correction a program should find for particle {@code particle} in frame i (px, MotionCor2 sign: −motion,
     * relative to frame 1): whole-frame motion, the local field at the particle's centre and its own motion.
     */
    public void particleCorrection(int particle, int frame, double[] out) {
        double x = phantom.particleX(particle);
        double y = phantom.particleY(particle);
        double[] d = new double[2];
        local.at(x, y, frame, d);
        double[] o = new double[2];
        if (particleMotion != null) {
            particleMotion.at(particle, frame, o);
        }
        out[0] = -(trajectory.x(frame) + d[0] + o[0]);
        out[1] = -(trajectory.y(frame) + d[1] + o[1]);
    }

    /** Linear indices (y·width + x) of the hot pixels. */
    public int[] hotPixels() {
        return hotPixels.clone();
    }

    /** The gain reference a user passes with -Gain (1/sensitivity), or null if the detector is uniform. */
    public float[] gainReference() {
        return sensitivity == null ? null : GainPattern.gainReference(sensitivity);
    }

    /** Raw counts of frame i, as the detector would record them. */
    @Override
    public void read(int frame, float[] out) {
        int nx = params.width();
        int ny = params.height();
        phantom.draw(out, nx, ny, frame, trajectory.x(frame), trajectory.y(frame), local, particleMotion);
        if (params.damage()) {
            damage(out, frame);
        }
        SplittableRandom rnd = new SplittableRandom(params.seed() * 1_000_003L + frame);
        double mean = params.meanCountPerPixel();
        for (int i = 0; i < nx * ny; i++) {
            double lambda = mean * Math.max(0f, out[i]) * (sensitivity == null ? 1f : sensitivity[i]);
            out[i] = Poisson.sample(lambda, rnd);
        }
        double hot = mean * params.hotPixelLevel();
        for (int i : hotPixels) {
            out[i] = Poisson.sample(hot, rnd);
        }
        if (detector != null) {
            detector.spoil(out, mean, rnd);
        }
    }

    /**
     * The expected raw sum of all frames, before Poisson noise and defects: Σ_i dose·p²·T_i(r)·sensitivity(r), the
     * specimen where each frame shows it (for gain estimation tests: the specimen part of a movie's sum).
     */
    public float[] expectedRawSum() {
        int nx = params.width();
        int ny = params.height();
        float[] sum = new float[nx * ny];
        float[] frame = new float[nx * ny];
        double mean = params.meanCountPerPixel();
        for (int f = 0; f < params.frames(); f++) {
            phantom.draw(frame, nx, ny, f, trajectory.x(f), trajectory.y(f), local, particleMotion);
            if (params.damage()) {
                damage(frame, f);
            }
            for (int i = 0; i < sum.length; i++) {
                sum[i] += (float) (mean * Math.max(0f, frame[i]) * (sensitivity == null ? 1f : sensitivity[i]));
            }
        }
        return sum;
    }

    /** Filters the expected image by the amplitude left after frame i's exposure, A_i(k). */
    private void damage(float[] image, int frame) {
        int nx = params.width();
        int ny = params.height();
        RealFft2d fft = FftPlans.of(nx, ny);
        float[] spec = new float[fft.spectrumLength()];
        fft.forward(image, spec);
        double exposure = params.dosePerFrame() * (frame + 1);
        double factor = CriticalExposure.voltageFactor(params.voltageKv());
        int cols = nx / 2 + 1;
        for (int r = 0; r < ny; r++) {
            double sy = Spectra.rowFrequency(r, ny) / (double) ny;
            for (int c = 0; c < cols; c++) {
                double sx = c / (double) nx;
                double k = Math.sqrt(sx * sx + sy * sy) / params.pixelSizeA();
                float a = (float) Math.exp(-exposure / (2 * CriticalExposure.of(k, factor)));
                spec[2 * (r * cols + c)] *= a;
                spec[2 * (r * cols + c) + 1] *= a;
            }
        }
        fft.inverse(spec, image);
        float norm = 1f / (nx * ny);
        for (int i = 0; i < image.length; i++) {
            image[i] *= norm;
        }
    }

    /**
     * The ideal dose-weighted sum: what a perfectly aligned, Grant–Grigorieff-weighted sum of the noise-free,
     * damaged frames would be: Σ_i w_i(k)·A_i(k)·T̂(k)·dose·p² with w_i = A_i/√ΣA_j² (DC unweighted).
     */
    public float[] noiseFreeDoseWeighted() {
        int nx = params.width();
        int ny = params.height();
        float[] out = new float[nx * ny];
        phantom.draw(out, nx, ny, 0, 0, 0, Displacement.NONE);
        RealFft2d fft = FftPlans.of(nx, ny);
        float[] spec = new float[fft.spectrumLength()];
        fft.forward(out, spec);
        int n = params.frames();
        double factor = CriticalExposure.voltageFactor(params.voltageKv());
        int cols = nx / 2 + 1;
        for (int r = 0; r < ny; r++) {
            double sy = Spectra.rowFrequency(r, ny) / (double) ny;
            for (int c = 0; c < cols; c++) {
                double sx = c / (double) nx;
                double k = Math.sqrt(sx * sx + sy * sy) / params.pixelSizeA();
                double ne = CriticalExposure.of(k, factor);
                double sumA = 0;
                double sumA2 = 0;
                for (int i = 0; i < n; i++) {
                    double a = params.damage() ? Math.exp(-params.dosePerFrame() * (i + 1) / (2 * ne)) : 1;
                    double w = Math.exp(-params.dosePerFrame() * (i + 1) / (2 * ne));
                    sumA += w * a;
                    sumA2 += w * w;
                }
                float f = (r == 0 && c == 0) ? n : (float) (sumA / Math.sqrt(sumA2));
                spec[2 * (r * cols + c)] *= f;
                spec[2 * (r * cols + c) + 1] *= f;
            }
        }
        fft.inverse(spec, out);
        float norm = (float) (params.meanCountPerPixel() / ((double) nx * ny));
        for (int i = 0; i < out.length; i++) {
            out[i] *= norm;
        }
        return out;
    }

    /**
     * The noise-free image: the expected gain-corrected sum of all frames with the specimen at rest (frame 0's
     * position), i.e. frames · dose · p² · T(r). The ideal result of motion correction.
     */
    public float[] noiseFree() {
        return noiseFree(0);
    }

    /**
     * The noise-free image registered to frame {@code frame} (0-based): the specimen where that frame shows it
     * (its global and local motion, not the particles' own), scaled as {@link #noiseFree()}. The ideal result of
     * a correction whose sums are registered to that frame (-FmRef).
     */
    public float[] noiseFree(int frame) {
        int nx = params.width();
        int ny = params.height();
        float[] out = new float[nx * ny];
        if (frame == 0) {
            phantom.draw(out, nx, ny, 0, 0, 0, Displacement.NONE);
        } else {
            phantom.draw(out, nx, ny, frame, trajectory.x(frame), trajectory.y(frame), local);
        }
        float scale = (float) (params.meanCountPerPixel() * params.frames());
        for (int i = 0; i < out.length; i++) {
            out[i] = Math.max(0f, out[i]) * scale;
        }
        return out;
    }
}
