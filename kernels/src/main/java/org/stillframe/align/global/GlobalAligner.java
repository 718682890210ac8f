package org.stillframe.align.global;

import org.stillframe.fft.FftPlans;
import org.stillframe.fft.RealFft2d;
import org.stillframe.image.Spectra;
import org.stillframe.parallel.Workers;

/**
 * MotionCor2's iterative whole-frame alignment. Each unit (a frame, or a group of frames) is correlated with
 * the sum of all the other units under the current shifts — leave-one-out, so a frame's noise never meets
 * itself — with a B-factor-weighted (optionally phase-only) cross-correlation; the sub-pixel peak is the
 * increment to the unit's shift. Iterates until no unit moves more than the tolerance.
 */
public final class GlobalAligner {

    /** Receives the error (largest increment, input px) after each iteration, for the log. */
    @FunctionalInterface
    public interface IterationListener {
        void iteration(int number, double errorPx);
    }

    private final Workers workers;

    public GlobalAligner(Workers workers) {
        this.workers = workers;
    }

    /**
     * Aligns the frames whose spectra on {@code grid} are given.
     *
     * @param spectra one spectrum per frame on the correlation grid (see {@link AlignmentGrid}), not modified
     * @return per-frame shifts in input pixels, with an arbitrary common origin
     */
    public Result align(float[][] spectra, AlignmentGrid grid, GlobalAlignOptions options,
                        IterationListener listener) {
        int n = spectra.length;
        FrameGroups groups = FrameGroups.uniform(n, options.groupSize());
        int units = groups.count();
        int gx = grid.gridX();
        int gy = grid.gridY();
        int length = Spectra.length(gx, gy);
        RealFft2d fft = FftPlans.of(gx, gy);
        float[] weight = CorrelationWeights.bFactor(grid, options.bFactor());
        int windowX = Math.max(1, Math.min(gx / 2 - 2, (int) Math.ceil(options.maxShiftPx() / grid.binX())));
        int windowY = Math.max(1, Math.min(gy / 2 - 2, (int) Math.ceil(options.maxShiftPx() / grid.binY())));

        double[] unitX = new double[units];
        double[] unitY = new double[units];
        double[] frameX = new double[n];
        double[] frameY = new double[n];
        double[] peaks = new double[units];
        int w = workers.count();
        float[][] partial = new float[w][length];
        float[][] unitBuf = new float[w][length];
        float[][] cross = new float[w][length];
        float[][] map = new float[w][gx * gy];
        float[] total = new float[length];
        int iteration = 0;
        double error = Double.POSITIVE_INFINITY;

        while (iteration < options.iterations()) {
            iteration++;
            // Sum of all units under the current shifts.
            for (float[] p : partial) {
                java.util.Arrays.fill(p, 0f);
            }
            // Shifts are kept in input pixels; the phase ramps on the grid need grid pixels.
            final double[] fx = scaled(frameX, 1 / grid.binX());
            final double[] fy = scaled(frameY, 1 / grid.binY());
            workers.forEach(n, (worker, i) ->
                    Spectra.shift(spectra[i], gx, gy, fx[i], fy[i], partial[worker], true));
            java.util.Arrays.fill(total, 0f);
            for (float[] p : partial) {
                Spectra.add(p, total, length);
            }
            double[] dX = new double[units];
            double[] dY = new double[units];
            workers.forEach(units, (worker, j) -> {
                float[] u = unitBuf[worker];
                java.util.Arrays.fill(u, 0f);
                for (int i = groups.start(j); i < groups.end(j); i++) {
                    Spectra.shift(spectra[i], gx, gy, fx[i], fy[i], u, true);
                }
                crossPower(u, total, weight, options.phaseOnly(), cross[worker], length);
                fft.inverse(cross[worker], map[worker]);
                double[] peak = CorrelationPeak.find(map[worker], gx, gy, windowX, windowY);
                dX[j] = peak[0] * grid.binX();
                dY[j] = peak[1] * grid.binY();
                peaks[j] = peak[2];
            });
            error = 0;
            for (int j = 0; j < units; j++) {
                unitX[j] += dX[j];
                unitY[j] += dY[j];
                error = Math.max(error, Math.hypot(dX[j], dY[j]));
            }
            frameX = groups.interpolate(unitX);
            frameY = groups.interpolate(unitY);
            if (listener != null) {
                listener.iteration(iteration, error);
            }
            if (iteration >= 2 && error < options.tolerancePx()) {
                break;
            }
        }
        FrameShifts shifts = new FrameShifts(frameX, frameY);
        if (options.smoothTrajectory()) {
            shifts = TrajectorySmoother.smooth(shifts);
        }
        return new Result(shifts, iteration, error);
    }

    private static double[] scaled(double[] v, double factor) {
        double[] out = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = v[i] * factor;
        }
        return out;
    }

    /** Result of an alignment: the shifts, the iterations run and the last iteration's error (px). */
    public record Result(FrameShifts shifts, int iterations, double finalErrorPx) {
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
