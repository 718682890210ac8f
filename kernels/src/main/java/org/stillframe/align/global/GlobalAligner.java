package org.stillframe.align.global;

import java.util.Arrays;
import org.stillframe.fft.FftPlans;
import org.stillframe.fft.RealFft2d;
import org.stillframe.image.Spectra;
import org.stillframe.parallel.Workers;

/**
 * MotionCor2's iterative whole-frame alignment. Each unit (a frame, or a group of frames) is correlated with
 * the sum of all the other units under the current shifts — leave-one-out, so a frame's noise never meets
 * itself — with a B-factor-weighted (optionally phase-only) cross-correlation; the sub-pixel peak is the
 * increment to the unit's shift. Iterates until no unit moves more than the tolerance.
 *
 * <p>Two things make it hold up at the low signal of ~1 e/Å²/frame, where a single frame's correlation peak
 * can drown in noise:
 * <ul>
 *   <li>Coarse to fine: when the requested units are smaller than a tenth of the movie, the frames are first
 *       aligned in groups of about N/10 (signal summed over the group, peaks found anywhere within the maximum
 *       shift); the requested units then only refine that trajectory within ±{@value #REFINE_WINDOW_PX} px.</li>
 *   <li>With smoothing on, the measured trajectory is de-noised after every iteration
 *       ({@link TrajectorySmoother}), so the next reference is built from the smooth trajectory and a unit that
 *       locked onto a noise peak is pulled back.</li>
 * </ul>
 */
public final class GlobalAligner {

    /** Receives the error (largest change of a unit's shift, input px) after each iteration, for the log. */
    @FunctionalInterface
    public interface IterationListener {
        void iteration(int number, double errorPx);
    }

    /**
     * Result of an alignment: per-frame shifts (arbitrary common origin), iterations run, the last error (px) and
     * the estimated per-unit measurement noise of the last iteration (px per axis; NaN without smoothing).
     */
    public record Result(FrameShifts shifts, int iterations, double finalErrorPx, double noisePx) {
    }

    /** Search half-width, in input pixels, when refining a trajectory found by the coarse pass. */
    static final double REFINE_WINDOW_PX = 6;

    /** The coarse pass only has to land inside the refining window, so it stops at this precision. */
    private static final double COARSE_TOLERANCE_PX = 0.5;

    /** Iterations without a new lowest error after which a pass stops. */
    private static final int STALL_ITERATIONS = 3;

    /** The coarse pass uses about this many units. */
    private static final int COARSE_UNITS = 10;

    private final Workers workers;

    public GlobalAligner(Workers workers) {
        this.workers = workers;
    }

    /**
     * Aligns the frames whose spectra on {@code grid} are given.
     *
     * @param spectra one spectrum per frame on the correlation grid (see {@link AlignmentGrid}), not modified
     * @param window  the window the frames were multiplied by before their transforms, or null
     */
    public Result align(float[][] spectra, AlignmentGrid grid, EdgeWindow window, GlobalAlignOptions options,
                        IterationListener listener) {
        return align(spectra, grid, window, options, null, listener);
    }

    /**
     * As {@link #align(float[][], AlignmentGrid, EdgeWindow, GlobalAlignOptions, IterationListener)}, with the
     * final pass's units given (e.g. {@link FrameGroups#byDose}); null means uniform groups of -Group.
     */
    public Result align(float[][] spectra, AlignmentGrid grid, EdgeWindow window, GlobalAlignOptions options,
                        FrameGroups units, IterationListener listener) {
        return align(spectra, grid, window, options, units, null, listener);
    }

    /**
     * As above, refining a trajectory already found ({@code from}, e.g. with another B-factor): the coarse pass
     * is skipped and the search stays within ±{@value #REFINE_WINDOW_PX} px. Null starts from scratch.
     */
    public Result align(float[][] spectra, AlignmentGrid grid, EdgeWindow window, GlobalAlignOptions options,
                        FrameGroups units, FrameShifts from, IterationListener listener) {
        int n = spectra.length;
        Progress progress = new Progress(listener);
        if (from != null) {
            FrameGroups fineGroups = units != null ? units : FrameGroups.uniform(n, options.groupSize());
            Pass fine = new Pass(spectra, grid, window, options, progress);
            fine.run(fineGroups, new double[][] {from.x(), from.y()}, Math.min(options.maxShiftPx(),
                    REFINE_WINDOW_PX), options.tolerancePx(), 1);
            double[][] shifts = fine.perFrame(fineGroups);
            return new Result(new FrameShifts(shifts[0], shifts[1]), progress.iterations, progress.error,
                    fine.noisePx);
        }
        double[][] start = {new double[n], new double[n]};
        FrameGroups fineGroups = units != null ? units : FrameGroups.uniform(n, options.groupSize());
        int largestUnit = 1;
        for (int j = 0; j < fineGroups.count(); j++) {
            largestUnit = Math.max(largestUnit, fineGroups.end(j) - fineGroups.start(j));
        }
        int coarse = (int) Math.ceil(n / (double) COARSE_UNITS);
        double search = options.maxShiftPx();
        if (coarse > largestUnit) {
            // The coarse pass only needs to land within the refining window: half the grid does, 4× cheaper.
            AlignmentGrid half = grid.half();
            float[][] halfSpectra = new float[n][];
            workers.forEach(n, (worker, i) -> {
                halfSpectra[i] = new float[Spectra.length(half.gridX(), half.gridY())];
                Spectra.crop(spectra[i], grid.gridX(), grid.gridY(), halfSpectra[i], half.gridX(), half.gridY(),
                        (float) ((double) half.gridX() * half.gridY() / ((double) grid.gridX() * grid.gridY())));
            });
            FrameGroups coarseGroups = FrameGroups.uniform(n, coarse);
            Pass pass = new Pass(halfSpectra, half, window, options, progress);
            pass.shapeInterpolation = true;
            pass.run(coarseGroups, start, search, Math.max(options.tolerancePx(), COARSE_TOLERANCE_PX), 2);
            start = pass.perFrame(coarseGroups);
            search = Math.min(search, REFINE_WINDOW_PX);
        }
        // A pass that starts from the coarse trajectory already has a good reference: one iteration may do.
        Pass fine = new Pass(spectra, grid, window, options, progress);
        fine.run(fineGroups, start, search, options.tolerancePx(), coarse > largestUnit ? 1 : 2);
        double[][] shifts = fine.perFrame(fineGroups);
        return new Result(new FrameShifts(shifts[0], shifts[1]), progress.iterations, progress.error, fine.noisePx);
    }

    /** Iterations run and the last error, across passes. */
    private static final class Progress {
        final IterationListener listener;
        int iterations;
        double error = Double.POSITIVE_INFINITY;

        Progress(IterationListener listener) {
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

    /** One alignment pass over a grid and a grouping. */
    private final class Pass {
        final float[][] spectra;
        final AlignmentGrid grid;
        final EdgeWindow window;
        final GlobalAlignOptions options;
        final Progress progress;
        final int gx;
        final int gy;
        final int length;
        final RealFft2d fft;
        final float[] weight;
        final float[][] partial;
        final float[][] unitBuf;
        final float[][] cross;
        final float[][] map;
        final float[] total;

        Pass(float[][] spectra, AlignmentGrid grid, EdgeWindow window, GlobalAlignOptions options,
             Progress progress) {
            this.spectra = spectra;
            this.grid = grid;
            this.window = window;
            this.options = options;
            this.progress = progress;
            gx = grid.gridX();
            gy = grid.gridY();
            length = Spectra.length(gx, gy);
            fft = FftPlans.of(gx, gy);
            weight = CorrelationWeights.bFactor(grid, options.bFactor());
            int w = workers.count();
            partial = new float[w][length];
            unitBuf = new float[w][length];
            cross = new float[w][length];
            map = new float[w][gx * gy];
            total = new float[length];
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
                    if (groups.end(j) - groups.start(j) == 1) {
                        int i = groups.start(j);
                        shiftedCrossPower(spectra[i], gx, gy, fx[i], fy[i], total, weight, options.phaseOnly(),
                                cross[worker]);
                    } else {
                        float[] u = unitBuf[worker];
                        Arrays.fill(u, 0f);
                        for (int i = groups.start(j); i < groups.end(j); i++) {
                            Spectra.shift(spectra[i], gx, gy, fx[i], fy[i], u, true);
                        }
                        crossPower(u, total, weight, options.phaseOnly(), cross[worker], length);
                    }
                    fft.inverse(cross[worker], map[worker]);
                    double[] peak = CorrelationPeak.find(map[worker], gx, gy, windowX, windowY,
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
        private CorrelationPeak.Overlap overlap(FrameGroups groups, int j, double[] sx, double[] sy) {
            if (window == null) {
                return CorrelationPeak.Overlap.NONE;
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
            workers.forEach(spectra.length, (worker, i) ->
                    Spectra.shift(spectra[i], gx, gy, fx[i], fy[i], partial[worker], true));
            Arrays.fill(total, 0f);
            for (float[] p : partial) {
                Spectra.add(p, total, length);
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

    /**
     * {@link #crossPower} for a unit of one frame, shifting it on the fly (the unit never needs storing):
     * u = frame · exp(−2πi(k_x·fx/gx + k_y·fy/gy)).
     */
    private static void shiftedCrossPower(float[] frame, int gx, int gy, double fx, double fy, float[] total,
                                          float[] weight, boolean phaseOnly, float[] out) {
        int cols = gx / 2 + 1;
        float[] ex = new float[2 * cols];
        for (int c = 0; c < cols; c++) {
            double phase = -2.0 * Math.PI * c * fx / gx;
            ex[2 * c] = (float) Math.cos(phase);
            ex[2 * c + 1] = (float) Math.sin(phase);
        }
        for (int r = 0; r < gy; r++) {
            double phaseY = -2.0 * Math.PI * Spectra.rowFrequency(r, gy) * fy / gy;
            float cy = (float) Math.cos(phaseY);
            float sy = (float) Math.sin(phaseY);
            int base = r * cols;
            for (int c = 0; c < cols; c++) {
                float pr = cy * ex[2 * c] - sy * ex[2 * c + 1];
                float pi = cy * ex[2 * c + 1] + sy * ex[2 * c];
                int k = 2 * (base + c);
                float fr = frame[k];
                float fi = frame[k + 1];
                float ar = fr * pr - fi * pi;
                float ai = fr * pi + fi * pr;
                float br = total[k] - ar;
                float bi = total[k + 1] - ai;
                float re = ar * br + ai * bi;
                float im = ar * bi - ai * br;
                float wgt = weight[base + c];
                if (phaseOnly) {
                    float mod = (float) Math.sqrt(re * re + im * im);
                    wgt = mod > 0 ? wgt / mod : 0f;
                }
                out[k] = re * wgt;
                out[k + 1] = im * wgt;
            }
        }
        out[0] = 0f;
        out[1] = 0f;
    }

    /** conj(unit) · (total − unit) · weight, with the DC term zeroed. */
    private static void crossPower(float[] unit, float[] total, float[] weight, boolean phaseOnly,
                                   float[] out, int length) {
        for (int k = 0, m = 0; k < length; k += 2, m++) {
            float ar = unit[k];
            float ai = unit[k + 1];
            float br = total[k] - ar;
            float bi = total[k + 1] - ai;
            float re = ar * br + ai * bi;
            float im = ar * bi - ai * br;
            float wgt = weight[m];
            if (phaseOnly) {
                float mod = (float) Math.sqrt(re * re + im * im);
                wgt = mod > 0 ? wgt / mod : 0f;
            }
            out[k] = re * wgt;
            out[k + 1] = im * wgt;
        }
        out[0] = 0f;
        out[1] = 0f;
    }
}
