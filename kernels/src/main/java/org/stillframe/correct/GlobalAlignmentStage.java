package org.stillframe.correct;

import org.stillframe.align.global.AlignmentGrid;
import org.stillframe.align.global.EdgeWindow;
import org.stillframe.align.global.FrameGroups;
import org.stillframe.align.global.GlobalAlignOptions;
import org.stillframe.align.global.GlobalAligner;
import org.stillframe.compute.ComputeBackend;
import org.stillframe.image.Spectra;
import org.stillframe.parallel.Workers;

/**
 * Stage 2, whole-frame alignment: {@link GlobalAligner} on the correlation-grid spectra, with the B-factor
 * chosen per movie. Each candidate is tried (the weaker the filter, the larger its grid; stronger ones work on
 * crops of the same spectra) and the trajectory measured with the least noise is kept. Low-signal movies
 * (radiation damage, thin contrast) align far better with a strong low-pass, bright ones with a weak one
 * (0.45 px against 0.04 px on a damaged 2048² movie); the measured noise tells which the movie is.
 */
final class GlobalAlignmentStage {

    /** Fewest frames whose measured trajectory noise can choose among B-factors. */
    static final int MIN_FRAMES_TO_CHOOSE_B = 12;

    /** Electrons per pixel per frame below which a short movie is aligned with the stronger filter. */
    static final double LOW_COUNTS_PER_PIXEL = 1.0;

    private final Workers workers;
    private final ComputeBackend compute;

    GlobalAlignmentStage(Workers workers, ComputeBackend compute) {
        this.workers = workers;
        this.compute = compute;
    }

    GlobalAligner.Result align(IngestedFrames in, CorrectionOptions options, SumRequest request,
                               MovieCorrector.Listener listener) {
        EdgeWindow inputWindow = new EdgeWindow(in.nx, in.ny, FrameIngest.TAPER_FRACTION,
                2 * options.align().maxShiftPx() + 10);
        return alignWithBestBFactor(in.alignSpectra, in.grid, inputWindow, options, units(request, options,
                in.frames), in.meanCounts, listener);
    }

    private GlobalAligner.Result alignWithBestBFactor(float[][] spectra, AlignmentGrid grid, EdgeWindow window,
                                                      CorrectionOptions options, FrameGroups units,
                                                      double meanCounts, MovieCorrector.Listener listener) {
        GlobalAligner aligner = new GlobalAligner(workers, compute);
        double[] candidates = options.align().bFactorCandidates();
        if (spectra.length < MIN_FRAMES_TO_CHOOSE_B) {
            // With a handful of frames (tilt-series movies) the measured noise has too few degrees of freedom to
            // rank filters (a 6-frame movie measured least noisy at B 1500 was 0.68 px off, 0.06 px at B 150), so
            // the counts decide: below one electron per pixel per frame the stronger filter (8 frames of 2048² at
            // 0.4 e/px: 1.16 px at B 500, 3.9 px at B 150; at 1.6 e/px B 150 is best, 0.16 px against 0.25).
            candidates = new double[] {meanCounts < LOW_COUNTS_PER_PIXEL && candidates.length > 1
                ? candidates[1] : candidates[0]};
        }
        GlobalAligner.Result best = null;
        double chosen = candidates[0];
        // Strongest filter first (smallest grid, cheapest); the weaker ones refine its trajectory.
        for (int c = candidates.length - 1; c >= 0; c--) {
            double b = candidates[c];
            GlobalAlignOptions o = options.align().withBFactor(b);
            AlignmentGrid g = AlignmentGrid.choose(grid.nx(), grid.ny(), b);
            float[][] s = spectra;
            if (g.gridX() < grid.gridX() || g.gridY() < grid.gridY()) {
                s = new float[spectra.length][];
                float scale = (float) ((double) g.gridX() * g.gridY() / ((double) grid.gridX() * grid.gridY()));
                for (int i = 0; i < spectra.length; i++) {
                    s[i] = new float[Spectra.length(g.gridX(), g.gridY())];
                    Spectra.crop(spectra[i], grid.gridX(), grid.gridY(), s[i], g.gridX(), g.gridY(), scale);
                }
            } else {
                g = grid;
            }
            GlobalAligner.Result r = aligner.align(s, g, window, o, units, best == null ? null : best.shifts(),
                    candidates.length == 1 ? listener : null);
            if (candidates.length > 1 && listener != null) {
                listener.note(String.format(java.util.Locale.ROOT, "B-factor %.0f: %d iterations, measurement noise "
                        + "%.3f px", b, r.iterations(), r.noisePx()));
            }
            if (best == null || r.noisePx() < best.noisePx()) {
                best = r;
                chosen = b;
            }
        }
        if (candidates.length > 1 && listener != null) {
            listener.note(String.format(java.util.Locale.ROOT, "Chosen B-factor: %.0f", chosen));
        }
        return best;
    }

    /** Alignment units by dose when frame doses vary (-FmIntFile), else uniform -Group groups. */
    private static FrameGroups units(SumRequest request, CorrectionOptions options, int n) {
        if (request.schedule() == null || options.align().groupSize() == 1) {
            return null;
        }
        double[] d = request.schedule().frameDose();
        boolean uniform = true;
        for (double v : d) {
            uniform &= Math.abs(v - d[0]) <= 1e-9 * Math.max(1, d[0]);
        }
        return uniform ? null : FrameGroups.byDose(d, options.align().groupSize());
    }
}
