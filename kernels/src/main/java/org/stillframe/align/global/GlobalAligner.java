package org.stillframe.align.global;

import org.stillframe.compute.ComputeBackend;
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

    /** The coarse pass uses about this many units. */
    private static final int COARSE_UNITS = 10;

    private final Workers workers;
    private final ComputeBackend compute;
    private final long shiftedBudgetBytes;

    public GlobalAligner(Workers workers) {
        this(workers, ComputeBackend.cpu());
    }

    public GlobalAligner(Workers workers, ComputeBackend compute) {
        this(workers, compute, AlignmentPass.SHIFTED_BUDGET_BYTES);
    }

    /**
     * With the memory each pass may spend on keeping the frames' shifted spectra through an iteration (default
     * {@link AlignmentPass#SHIFTED_BUDGET_BYTES}; 0: each frame is shifted twice an iteration instead).
     */
    public GlobalAligner(Workers workers, ComputeBackend compute, long shiftedBudgetBytes) {
        this.workers = workers;
        this.compute = compute;
        this.shiftedBudgetBytes = shiftedBudgetBytes;
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
        AlignmentPass.Progress progress = new AlignmentPass.Progress(listener);
        if (from != null) {
            FrameGroups fineGroups = units != null ? units : FrameGroups.uniform(n, options.groupSize());
            AlignmentPass fine = new AlignmentPass(spectra, grid, window, options, progress, workers, compute,
                    shiftedBudgetBytes);
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
            AlignmentPass pass = new AlignmentPass(halfSpectra, half, window, options, progress, workers, compute,
                    shiftedBudgetBytes);
            pass.shapeInterpolation = true;
            pass.run(coarseGroups, start, search, Math.max(options.tolerancePx(), COARSE_TOLERANCE_PX), 2);
            start = pass.perFrame(coarseGroups);
            search = Math.min(search, REFINE_WINDOW_PX);
        }
        // A pass that starts from the coarse trajectory already has a good reference: one iteration may do.
        AlignmentPass fine = new AlignmentPass(spectra, grid, window, options, progress, workers, compute,
                shiftedBudgetBytes);
        fine.run(fineGroups, start, search, options.tolerancePx(), coarse > largestUnit ? 1 : 2);
        double[][] shifts = fine.perFrame(fineGroups);
        return new Result(new FrameShifts(shifts[0], shifts[1]), progress.iterations, progress.error, fine.noisePx);
    }
}
