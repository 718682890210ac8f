package org.stillframe.align.global;

import java.util.Arrays;
import org.stillframe.compute.ComputeBackend;
import org.stillframe.compute.Overlap;
import org.stillframe.fft.RealFft2d;
import org.stillframe.image.Spectra;
import org.stillframe.parallel.Workers;

/**
 * One pass of {@link GlobalAligner} over a grid and a grouping of the frames into units: each unit is correlated
 * with the sum of the others under the current shifts (leave-one-out), its peak is the increment to its shift,
 * and the trajectory is optionally smoothed, until no unit moves more than the tolerance.
 */
final class AlignmentPass {

    /** Iterations without a new lowest error after which a pass stops. */
    private static final int STALL_ITERATIONS = 3;

    /**
     * The most memory spent on keeping each frame's shifted spectrum between the sum and the correlations of an
     * iteration (else each frame is shifted twice an iteration). Tilt movies fit (1024² × 8: 13 MB; 41 tilts 7 %
     * less CPU time); 2048² × 20 would need 84 MB, 21 MB in its coarse pass, and its peak memory would grow by that.
     */
    static final long SHIFTED_BUDGET_BYTES = 16L << 20;

    private final float[][] spectra;
    private final AlignmentGrid grid;
    private final EdgeWindow window;
    private final GlobalAlignOptions options;
    private final Progress progress;
    private final int gx;
    private final int gy;
    private final int length;
    private final RealFft2d fft;
    private final float[] weight;
    private final float[][] partial;
    private final float[][] unitBuf;
    private final float[][] cross;
    private final float[][] map;
    private final float[] total;
    private final float[][] shifted; // [frame] its spectrum under the current shifts, or null: not kept

    private final Workers workers;
    private final ComputeBackend compute;

    AlignmentPass(float[][] spectra, AlignmentGrid grid, EdgeWindow window, GlobalAlignOptions options,
                  Progress progress, Workers workers, ComputeBackend compute, long shiftedBudgetBytes) {
        this.workers = workers;
        this.compute = compute;
        this.spectra = spectra;
        this.grid = grid;
        this.window = window;
        this.options = options;
        this.progress = progress;
        gx = grid.gridX();
        gy = grid.gridY();
        length = Spectra.length(gx, gy);
        fft = compute.fft(gx, gy);
        weight = CorrelationWeights.bFactor(grid, options.bFactor());
        int w = workers.count();
        partial = new float[w][length];
        unitBuf = new float[w][length];
        cross = new float[w][length];
        map = new float[w][gx * gy];
        total = new float[length];
        shifted = (long) spectra.length * length * Float.BYTES <= shiftedBudgetBytes
                ? new float[spectra.length][length] : null;
    }

    /** Measurement noise of the units in the last iteration (px per axis; NaN without smoothing). */
    double noisePx = Double.NaN;

    /** Per-frame shifts from groups by the drift shape (coarse pass) rather than by straight lines. */
    boolean shapeInterpolation;

    /** The units' shifts after {@link #run}, at the units' centre times. */
    double[] unitX;
    double[] unitY;
    double[] centres;

    /**
     * Iterates from per-frame shifts {@code start} ({x[], y[]}, input px) until no unit moves more than
     * {@code tolerancePx}, after at least {@code minIterations}.
     */
    void run(FrameGroups groups, double[][] start, double windowPx, double tolerancePx, int minIterations) {
        int n = spectra.length;
        int units = groups.count();
        int windowX = Math.max(1, Math.min(gx / 2 - 2, (int) Math.ceil(windowPx / grid.binX())));
        int windowY = Math.max(1, Math.min(gy / 2 - 2, (int) Math.ceil(windowPx / grid.binY())));
        centres = new double[units];
        unitX = new double[units];
        unitY = new double[units];
        for (int j = 0; j < units; j++) {
            centres[j] = groups.centre(j);
            unitX[j] = mean(start[0], groups.start(j), groups.end(j));
            unitY[j] = mean(start[1], groups.start(j), groups.end(j));
        }
        double[] frameX = start[0].clone();
        double[] frameY = start[1].clone();
        double error = Double.POSITIVE_INFINITY;
        double bestError = Double.POSITIVE_INFINITY;
        int sinceBest = 0;
        for (int it = 0; it < options.iterations(); it++) {
            // Shifts are kept in input pixels; the phase ramps on the grid need grid pixels.
            double[] fx = scaled(frameX, 1 / grid.binX());
            double[] fy = scaled(frameY, 1 / grid.binY());
            double[] currentX = frameX;
            double[] currentY = frameY;
            sumAll(fx, fy);
            double[] dX = new double[units];
            double[] dY = new double[units];
            workers.forEach(units, (worker, j) -> {
                if (groups.end(j) - groups.start(j) == 1 && shifted != null) {
                    compute.crossPower(shifted[groups.start(j)], total, weight, options.phaseOnly(), cross[worker]);
                } else if (groups.end(j) - groups.start(j) == 1) {
                    int i = groups.start(j);
                    compute.crossPowerOfFrame(spectra[i], gx, gy, fx[i], fy[i], total, weight,
                            options.phaseOnly(), cross[worker]);
                } else {
                    float[] u = unitBuf[worker];
                    Arrays.fill(u, 0f);
                    for (int i = groups.start(j); i < groups.end(j); i++) {
                        if (shifted != null) {
                            Spectra.add(shifted[i], u, length);
                        } else {
                            compute.shift(spectra[i], gx, gy, fx[i], fy[i], u, true);
                        }
                    }
                    compute.crossPower(u, total, weight, options.phaseOnly(), cross[worker]);
                }
                fft.inverse(cross[worker], map[worker]);
                double[] peak = compute.peak(map[worker], gx, gy, windowX, windowY,
                        overlap(groups, j, currentX, currentY));
                dX[j] = peak[0] * grid.binX();
                dY[j] = peak[1] * grid.binY();
            });
            double[] measuredX = new double[units];
            double[] measuredY = new double[units];
            for (int j = 0; j < units; j++) {
                measuredX[j] = unitX[j] + dX[j];
                measuredY[j] = unitY[j] + dY[j];
            }
            double[][] next;
            if (options.smoothTrajectory()) {
                TrajectorySmoother.Smoothed smoothed = TrajectorySmoother.smoothWithNoise(centres, measuredX,
                        measuredY);
                next = new double[][] {smoothed.x(), smoothed.y()};
                noisePx = smoothed.noisePx();
            } else {
                next = new double[][] {measuredX, measuredY};
            }
            error = 0;
            for (int j = 0; j < units; j++) {
                error = Math.max(error, Math.hypot(next[0][j] - unitX[j], next[1][j] - unitY[j]));
            }
            unitX = next[0];
            unitY = next[1];
            double[][] frames = perFrame(groups);
            frameX = frames[0];
            frameY = frames[1];
            progress.report(error);
            if (it + 1 >= minIterations && error < tolerancePx) {
                break;
            }
            // A noisy movie can cycle between two nearly equal trajectories: stop once the error has not
            // reached a new low for STALL_ITERATIONS iterations.
            if (error < bestError) {
                bestError = error;
                sinceBest = 0;
            } else if (++sinceBest >= STALL_ITERATIONS) {
                break;
            }
        }
    }

    /**
     * Per-frame shifts from the units': linear interpolation between unit centres (MotionCor2's rule for
     * -Group), or, in the coarse pass, the drift shape fitted to the units evaluated at every frame (it
     * follows the curved early motion that straight lines between group centres cut off) plus the units'
     * departures from it interpolated linearly.
     */
    double[][] perFrame(FrameGroups groups) {
        int n = spectra.length;
        if (!shapeInterpolation || groups.count() == n || groups.count() < 3) {
            return new double[][] {groups.interpolate(unitX), groups.interpolate(unitY)};
        }
        DriftModel.Fit shape = DriftModel.fitShape(centres, unitX, unitY, 0,
                Math.max(DriftModel.MIN_TAU, centres[1] - centres[0]));
        double[] rx = new double[unitX.length];
        double[] ry = new double[unitY.length];
        for (int j = 0; j < rx.length; j++) {
            rx[j] = unitX[j] - shape.x(centres[j]);
            ry[j] = unitY[j] - shape.y(centres[j]);
        }
        double[] x = groups.interpolate(rx);
        double[] y = groups.interpolate(ry);
        for (int i = 0; i < n; i++) {
            x[i] += shape.x(i);
            y[i] += shape.y(i);
        }
        return new double[][] {x, y};
    }

    /**
     * E_j(δ): overlap of unit j's frame windows, moved by the increment δ (map px), with the windows of the
     * frames in the reference, Σ_{k∈j} Σ_{i∉j} a(s_k + δ − s_i).
     */
    private Overlap overlap(FrameGroups groups, int j, double[] sx, double[] sy) {
        if (window == null) {
            return Overlap.NONE;
        }
        return (dx, dy) -> {
            double ox = dx * grid.binX();
            double oy = dy * grid.binY();
            double e = 0;
            for (int k = groups.start(j); k < groups.end(j); k++) {
                for (int i = 0; i < sx.length; i++) {
                    if (i < groups.start(j) || i >= groups.end(j)) {
                        e += window.overlap(sx[k] + ox - sx[i], sy[k] + oy - sy[i]);
                    }
                }
            }
            return e;
        };
    }

    /** total = Σ_i frame_i shifted by (fx_i, fy_i) grid px. */
    private void sumAll(double[] fx, double[] fy) {
        for (float[] p : partial) {
            Arrays.fill(p, 0f);
        }
        workers.forEach(spectra.length, (worker, i) -> {
            if (shifted != null) { // kept for the frame's own correlation
                compute.shift(spectra[i], gx, gy, fx[i], fy[i], shifted[i], false);
                Spectra.add(shifted[i], partial[worker], length);
            } else {
                compute.shift(spectra[i], gx, gy, fx[i], fy[i], partial[worker], true);
            }
        });
        Arrays.fill(total, 0f);
        for (float[] p : partial) {
            Spectra.add(p, total, length);
        }
    }

    /** Iterations run and the last error, across passes. */
    static final class Progress {
        final GlobalAligner.IterationListener listener;
        int iterations;
        double error = Double.POSITIVE_INFINITY;

        Progress(GlobalAligner.IterationListener listener) {
            this.listener = listener;
        }

        void report(double e) {
            iterations++;
            error = e;
            if (listener != null) {
                listener.iteration(iterations, e);
            }
        }
    }

    private static double mean(double[] v, int from, int to) {
        double s = 0;
        for (int i = from; i < to; i++) {
            s += v[i];
        }
        return s / (to - from);
    }

    private static double[] scaled(double[] v, double factor) {
        double[] out = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = v[i] * factor;
        }
        return out;
    }
}
