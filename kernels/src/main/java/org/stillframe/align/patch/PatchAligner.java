package org.stillframe.align.patch;

import org.stillframe.align.global.AlignmentGrid;
import org.stillframe.align.global.EdgeWindow;
import org.stillframe.align.global.FrameShifts;
import org.stillframe.align.global.GlobalAlignOptions;
import org.stillframe.align.global.GlobalAligner;
import org.stillframe.compute.ComputeBackend;
import org.stillframe.fft.FftPlans;
import org.stillframe.fft.FftSizes;
import org.stillframe.fft.RealFft2d;
import org.stillframe.parallel.Workers;

/**
 * Aligns the frames of each patch as MotionCor2 does: patches are cut from the globally aligned frames at the
 * correlation grid's resolution, and each patch's frames go through the same iterative alignment as whole
 * frames (on patch-sized transforms), giving every patch its own residual trajectory after the global one.
 * Patches that are flat (blank or saturated areas) are marked unusable instead of aligned, and so are patches
 * whose trajectory wandered further from its mean than the search window allows.
 */
public final class PatchAligner {

    private static final double WINDOW_FRACTION = 0.1;
    private static final double SEARCH_FRACTION = 0.01;
    private static final double MIN_SEARCH_PX = 8;

    private final Workers workers;

    public PatchAligner(Workers workers) {
        this.workers = workers;
    }

    /**
     * @param frames     globally aligned frames at the correlation grid's resolution (gw × gh each)
     * @param grid       the correlation grid: frame size in input pixels and grid size
     * @param layout     patch centres and size, in input pixels
     * @param align      iteration settings for each patch (B-factor and group taken from {@code options})
     * @param usable     receives, per patch, whether it had structure to align
     */
    public PatchShifts align(float[][] frames, AlignmentGrid grid, PatchLayout layout, GlobalAlignOptions align,
                             PatchOptions options, boolean[] usable) {
        int n = frames.length;
        int gw = grid.gridX();
        int gh = grid.gridY();
        double bx = grid.binX();
        double by = grid.binY();
        int pw = FftSizes.goodAtMost(Math.max(16, (int) Math.round(layout.patchWidth() / bx)));
        int ph = FftSizes.goodAtMost(Math.max(16, (int) Math.round(layout.patchHeight() / by)));
        RealFft2d fft = FftPlans.of(pw, ph);
        EdgeWindow window = new EdgeWindow(pw, ph, WINDOW_FRACTION, 2 * align.maxShiftPx() / Math.min(bx, by) + 10);
        // The aligner works in "input pixels" of the patch: pw·bx × ph·by, on a grid of pw × ph.
        AlignmentGrid patchGrid = new AlignmentGrid((int) Math.round(pw * bx), (int) Math.round(ph * by), pw, ph,
                grid.bScale());
        EdgeWindow overlap = new EdgeWindow(patchGrid.nx(), patchGrid.ny(), WINDOW_FRACTION,
                2 * align.maxShiftPx() + 10);
        // Patch shifts are residuals after the global shift: a few pixels. A small search window keeps a noisy
        // patch from locking onto a peak tens of pixels away.
        double search = Math.max(MIN_SEARCH_PX, SEARCH_FRACTION * Math.min(pw * bx, ph * by));
        GlobalAlignOptions o = new GlobalAlignOptions(align.iterations(), align.tolerancePx(), options.bFactor(),
                align.phaseOnly(), options.groupSize(), Math.min(align.maxShiftPx(), search), true, false);
        int patches = layout.count();
        double[][] px = new double[patches][];
        double[][] py = new double[patches][];
        double[] noise = new double[patches];
        // Patches are aligned one after another, each by its own passes: spectra kept through a pass's iterations
        // would be garbage by the next patch, and 25 patches' worth raised the peak of 4096² × 40 by 0.1 GB
        // for no time saved (13.0 s either way).
        GlobalAligner aligner = new GlobalAligner(workers, ComputeBackend.cpu(), 0);
        for (int p = 0; p < patches; p++) {
            int x0 = (int) Math.round(layout.centreX()[p] / bx - pw / 2.0);
            int y0 = (int) Math.round(layout.centreY()[p] / by - ph / 2.0);
            x0 = Math.max(0, Math.min(gw - pw, x0));
            y0 = Math.max(0, Math.min(gh - ph, y0));
            float[][] spectra = new float[n][];
            double[] contrast = {0};
            final int fx0 = x0;
            final int fy0 = y0;
            workers.forEach(n, (worker, i) -> {
                float[] patch = new float[pw * ph];
                for (int y = 0; y < ph; y++) {
                    System.arraycopy(frames[i], (fy0 + y) * gw + fx0, patch, y * pw, pw);
                }
                window.apply(patch);
                double s = 0;
                for (float v : patch) {
                    s += v * v;
                }
                synchronized (contrast) {
                    contrast[0] += s;
                }
                spectra[i] = new float[fft.spectrumLength()];
                fft.forward(patch, spectra[i]);
            });
            usable[p] = contrast[0] > 1e-6;
            if (!usable[p]) {
                px[p] = new double[n];
                py[p] = new double[n];
                noise[p] = Double.NaN;
                continue;
            }
            GlobalAligner.Result r = aligner.align(spectra, patchGrid, overlap, o, null);
            FrameShifts s = r.shifts().relativeTo(0);
            px[p] = s.x();
            py[p] = s.y();
            noise[p] = r.noisePx();
            // Each iteration searches a few pixels, but iterations add up: a patch that wandered beyond the
            // search window followed noise, not the specimen (local motion is a few pixels after the global).
            usable[p] = largestStep(s) <= search;
        }
        return new PatchShifts(layout, px, py, noise, new boolean[patches]);
    }

    /** The largest distance between any frame's shift and the trajectory's mean position (px). */
    private static double largestStep(FrameShifts s) {
        double mx = 0;
        double my = 0;
        for (int i = 0; i < s.frames(); i++) {
            mx += s.x(i) / s.frames();
            my += s.y(i) / s.frames();
        }
        double largest = 0;
        for (int i = 0; i < s.frames(); i++) {
            largest = Math.max(largest, Math.hypot(s.x(i) - mx, s.y(i) - my));
        }
        return largest;
    }
}
