package org.stillframe.correct;

import org.stillframe.align.global.AlignmentGrid;
import org.stillframe.align.global.FrameShifts;
import org.stillframe.align.global.GlobalAlignOptions;
import org.stillframe.align.patch.DeformationModel;
import org.stillframe.align.patch.LocalMotion;
import org.stillframe.align.patch.ModelFit;
import org.stillframe.align.patch.PatchAligner;
import org.stillframe.align.patch.PatchLayout;
import org.stillframe.align.patch.PatchOptions;
import org.stillframe.align.patch.PatchShifts;
import org.stillframe.compute.ComputeBackend;
import org.stillframe.fft.RealFft2d;
import org.stillframe.image.LocalRemap;
import org.stillframe.parallel.Workers;

/**
 * Local (patch) motion after the global alignment: globally aligned frames at the patch correlation grid's
 * resolution are cut into patches ({@link PatchLayout}), each patch is aligned on its own
 * ({@link PatchAligner}), the deformation model is fitted to the patch shifts ({@link ModelFit}), and each
 * frame can then be remapped pixel by pixel ({@link #alignedFrame}).
 */
final class LocalCorrection {

    /** RELION's rule: a model that misses the patches by this much (px RMS) is not trusted. */
    private static final double MAX_RMS_RESIDUAL_PX = 10;

    private LocalCorrection() {
    }

    /**
     * @param spectra each frame's spectrum cropped onto the patch correlation grid ({@code grid})
     * @param applied the global shifts applied to the frames (input px)
     * @param compute runs the frames' shifts and transforms
     */
    static LocalMotion estimate(float[][] spectra, AlignmentGrid grid, FrameShifts applied, GlobalAlignOptions align,
                                PatchOptions options, Workers workers, ComputeBackend compute) {
        int n = applied.frames();
        int nx = grid.nx();
        int ny = grid.ny();
        int gw = grid.gridX();
        int gh = grid.gridY();
        RealFft2d small = compute.fft(gw, gh);
        float[][] lowRes = new float[n][];
        workers.forEach(n, (worker, i) -> {
            float[] s = spectra[i];
            compute.shift(s, gw, gh, applied.x(i) / grid.binX(), applied.y(i) / grid.binY(), s, false);
            lowRes[i] = new float[gw * gh];
            small.inverse(s, lowRes[i]);
            spectra[i] = null; // no longer needed
        });
        fillOutsideCommonArea(lowRes, gw, gh, applied, grid, workers);
        PatchLayout layout = PatchLayout.grid(nx, ny, options.patchesX(), options.patchesY(),
                options.overlapPercent());
        if (options.featurePlaced()) {
            int fw = Math.min(128, gw);
            int fh = Math.max(1, (int) Math.round((double) fw * gh / gw));
            layout = layout.placedOnFeatures(FeatureMap.of(lowRes, gw, gh, fw, fh), fw, fh, options.patchesX(),
                    options.patchesY());
        }
        boolean[] usable = new boolean[layout.count()];
        PatchShifts shifts = new PatchAligner(workers).align(lowRes, grid, layout, align, options, usable);
        ModelFit.Result fit = ModelFit.fit(shifts, usable);
        PatchShifts marked = new PatchShifts(layout, shifts.x(), shifts.y(), shifts.noisePx(), fit.rejected());
        int kept = 0;
        for (boolean r : fit.rejected()) {
            kept += r ? 0 : 1;
        }
        double[] none = new double[n];
        // When most patches could not be aligned, the few left do not cover the frame and the model would
        // extrapolate from them; fewer than four cannot even be cross-validated.
        int needed = Math.max(4, (layout.count() + 1) / 2);
        if (kept < needed) {
            return new LocalMotion(marked, null, fit.rmsResidualPx(), fit.ridge(), "only " + kept + " of "
                    + layout.count() + " patches could be aligned (" + needed + " needed); local correction skipped",
                    none, none);
        }
        if (!fit.predictive()) {
            return new LocalMotion(marked, null, fit.rmsResidualPx(), fit.ridge(), "no smooth deformation predicts "
                    + "one patch from the others better than none (patch shifts are noise); local correction skipped",
                    none, none);
        }
        if (!(fit.rmsResidualPx() < MAX_RMS_RESIDUAL_PX)) {
            return new LocalMotion(marked, null, fit.rmsResidualPx(), fit.ridge(), String.format(java.util.Locale.ROOT,
                    "the model misses the patches by %.1f px RMS; local correction skipped", fit.rmsResidualPx()),
                    none, none);
        }
        double[][] offsets = ModelFit.frameOffsets(marked, fit);
        return new LocalMotion(marked, fit.model(), fit.rmsResidualPx(), fit.ridge(), null, offsets[0], offsets[1]);
    }

    /**
     * The shifted frames wrap around: a band along the edges holds content from the opposite side, with a seam
     * that moves with each frame's global shift and would pull edge patches back to the detector's frame.
     * Every frame's pixels outside the area that all frames cover are set to that frame's mean over the area,
     * leaving only a boundary that is fixed in the aligned frame.
     */
    static void fillOutsideCommonArea(float[][] frames, int gw, int gh, FrameShifts applied, AlignmentGrid grid,
                                      Workers workers) {
        double maxX = 0;
        double minX = 0;
        double maxY = 0;
        double minY = 0;
        for (int i = 0; i < applied.frames(); i++) {
            maxX = Math.max(maxX, applied.x(i) / grid.binX());
            minX = Math.min(minX, applied.x(i) / grid.binX());
            maxY = Math.max(maxY, applied.y(i) / grid.binY());
            minY = Math.min(minY, applied.y(i) / grid.binY());
        }
        // A shift of +s moves content towards larger x: columns [0, s) then hold wrapped pixels.
        int x0 = Math.min(gw / 4, (int) Math.ceil(maxX));
        int x1 = Math.max(3 * gw / 4, gw - (int) Math.ceil(-minX));
        int y0 = Math.min(gh / 4, (int) Math.ceil(maxY));
        int y1 = Math.max(3 * gh / 4, gh - (int) Math.ceil(-minY));
        if (x0 == 0 && y0 == 0 && x1 == gw && y1 == gh) {
            return;
        }
        workers.forEach(frames.length, (worker, i) -> {
            float[] f = frames[i];
            double sum = 0;
            for (int y = y0; y < y1; y++) {
                for (int x = x0; x < x1; x++) {
                    sum += f[y * gw + x];
                }
            }
            float mean = (float) (sum / ((double) (x1 - x0) * (y1 - y0)));
            for (int y = 0; y < gh; y++) {
                boolean rowOutside = y < y0 || y >= y1;
                for (int x = 0; x < gw; x++) {
                    if (rowOutside || x < x0 || x >= x1) {
                        f[y * gw + x] = mean;
                    }
                }
            }
        });
    }

    /**
     * Frame i fully aligned by one remapping of its gain-corrected pixels with the total displacement —
     * global shift plus local deformation — returned as a spectrum in {@code spectrumBuf}. (Folding the global
     * shift into the remap costs no accuracy: the interpolation's error depends only on the sub-pixel part,
     * which the local part makes non-zero anyway.)
     *
     * @param referenceTime the frame whose local displacement is subtracted, so that it is not moved at all
     */
    static float[] alignedFrame(FrameStore store, int i, FrameShifts applied, DeformationModel model,
                                int referenceTime, RealFft2d fft, ComputeBackend compute, float[] frameBuf,
                                float[] spectrumBuf, float[] scratch) {
        int nx = fft.width();
        int ny = fft.height();
        store.corrected(i, frameBuf);
        LocalRemap.Field local = field(model, i, referenceTime);
        compute.remap(frameBuf, frameBuf, nx, ny, applied.x(i), applied.y(i), local, scratch);
        fft.forward(frameBuf, spectrumBuf);
        return spectrumBuf;
    }

    /** The model's displacement at time t minus that at the reference time, row by row (a quadratic in x). */
    static LocalRemap.Field field(DeformationModel model, int t, int referenceTime) {
        double[] cx = model.cx();
        double[] cy = model.cy();
        int w = model.width();
        int h = model.height();
        return (row, axis, out) -> {
            double[] c = axis == 0 ? cx : cy;
            double y = row / (double) h - 0.5;
            double a = 0;
            double b = 0;
            double q = 0;
            for (int k = 1; k <= 3; k++) {
                double tk = Math.pow(t, k) - Math.pow(referenceTime, k);
                // index 3·m + (k − 1); monomials 0: 1, 1: x, 2: x², 3: y, 4: y², 5: x·y
                a += tk * (c[k - 1] + c[9 + k - 1] * y + c[12 + k - 1] * y * y);
                b += tk * (c[3 + k - 1] + c[15 + k - 1] * y);
                q += tk * c[6 + k - 1];
            }
            for (int px = 0; px < out.length && px < w; px++) {
                double x = px / (double) w - 0.5;
                out[px] = a + b * x + q * x * x;
            }
        };
    }
}
