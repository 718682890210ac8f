package org.stillframe.sim;

import java.util.SplittableRandom;
import org.stillframe.correct.MovieFrames;

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
    private final float[] sensitivity;
    private final int[] hotPixels;

    public MovieSimulator(SimulationParams params) {
        this.params = params;
        long seed = params.seed();
        this.phantom = Phantom.random(params.width(), params.height(), params.pixelSizeA(), params.contrast(),
                seed * 31 + 1);
        this.trajectory = Trajectory.random(params.driftPx(), params.frames(), seed * 31 + 2);
        this.localField = params.localPx() > 0
                ? LocalField.random(params.width(), params.height(), params.frames(), params.localPx(), seed * 31 + 3)
                : null;
        this.local = localField != null ? localField : Displacement.NONE;
        this.sensitivity = params.gain() ? GainPattern.sensitivity(params.width(), params.height(), seed * 31 + 4)
                : null;
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
        phantom.draw(out, nx, ny, frame, trajectory.x(frame), trajectory.y(frame), local);
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
    }

    /**
     * The noise-free image: the expected gain-corrected sum of all frames with the specimen at rest (frame 0's
     * position), i.e. frames · dose · p² · T(r). The ideal result of motion correction.
     */
    public float[] noiseFree() {
        int nx = params.width();
        int ny = params.height();
        float[] out = new float[nx * ny];
        phantom.draw(out, nx, ny, 0, 0, 0, Displacement.NONE);
        float scale = (float) (params.meanCountPerPixel() * params.frames());
        for (int i = 0; i < out.length; i++) {
            out[i] = Math.max(0f, out[i]) * scale;
        }
        return out;
    }
}
