package org.stillframe.correct;

import java.io.IOException;
import org.stillframe.align.global.AlignmentGrid;
import org.stillframe.align.global.EdgeWindow;
import org.stillframe.align.global.FrameGroups;
import org.stillframe.align.global.FrameShifts;
import org.stillframe.align.global.GlobalAlignOptions;
import org.stillframe.align.global.GlobalAligner;
import org.stillframe.align.patch.DeformationModel;
import org.stillframe.align.patch.LocalMotion;
import org.stillframe.defects.DefectMap;
import org.stillframe.defects.HotPixelDetector;
import org.stillframe.fft.FftPlans;
import org.stillframe.fft.RealFft2d;
import org.stillframe.gain.GainCorrection;
import org.stillframe.image.Spectra;
import org.stillframe.parallel.Workers;

/**
 * The per-movie engine: reads the frames once, aligns them and sums them.
 *
 * <ol>
 *   <li>Read: each frame is gain-corrected and transformed, and kept ({@link FrameStore}); its spectrum is
 *       Fourier-cropped to the correlation grid, where the frame is mean-subtracted and edge-windowed
 *       ({@link EdgeWindow}) for alignment. Reading overlaps computing.</li>
 *   <li>Align: {@link GlobalAligner} on the small spectra.</li>
 *   <li>Sum: each frame's spectrum is shifted by an exact phase ramp and added; one inverse transform gives
 *       the sum.</li>
 * </ol>
 */
public final class MovieCorrector {

    /** Receives progress lines (iteration errors, notes) for the log; may be null. */
    public interface Listener extends GlobalAligner.IterationListener {
        default void note(String line) {
        }
    }

    private static final double TAPER_FRACTION = 0.05;

    private final Workers workers;

    public MovieCorrector(Workers workers) {
        this.workers = workers;
    }

    /** Corrects a movie and makes only the plain sum, with dynamic defect detection as the options say. */
    public CorrectionResult correct(MovieFrames movie, GainCorrection gain, CorrectionOptions options,
                                    Listener listener) throws IOException {
        return correct(movie, gain, null, options, SumRequest.plain(), listener);
    }

    /**
     * Corrects a movie.
     *
     * @param knownDefects pixels known to be bad (defect file, dead gain pixels), or null
     * @param request      the sums and stack to make
     */
    public CorrectionResult correct(MovieFrames movie, GainCorrection gain, boolean[] knownDefects,
                                    CorrectionOptions options, SumRequest request, Listener listener)
            throws IOException {
        int nx = movie.width();
        int ny = movie.height();
        int n = movie.frameCount();
        if (nx % 2 != 0 || ny % 2 != 0) {
            throw new IllegalArgumentException("frame size must be even, got " + nx + "x" + ny);
        }
        if (n < 2) {
            throw new IllegalArgumentException("a movie needs at least 2 frames to align, got " + n);
        }
        int pixels = nx * ny;
        AlignmentGrid grid = AlignmentGrid.choose(nx, ny, options.align().bFactor());
        int gx = grid.gridX();
        int gy = grid.gridY();
        RealFft2d fft = FftPlans.of(nx, ny);
        RealFft2d small = FftPlans.of(gx, gy);
        int w = workers.count();
        float[][] frameBuf = new float[w][pixels];
        float[][] spectrumBuf = new float[w][fft.spectrumLength()];
        float[][] smallBuf = new float[w][gx * gy];
        float[][] alignSpectra = new float[n][];
        // The window is applied on the correlation grid (cheap, and the full spectrum stays the frame's own);
        // its overlap, which the aligner divides out, is the same in input pixels.
        EdgeWindow gridWindow = new EdgeWindow(gx, gy, TAPER_FRACTION, 0);
        EdgeWindow inputWindow = new EdgeWindow(nx, ny, TAPER_FRACTION, 2 * options.align().maxShiftPx() + 10);
        float cropScale = (float) (1.0 / ((double) nx * ny)); // crop, and undo the small inverse's gain

        // Local correction remaps every frame from its raw pixels, so there is no use keeping spectra then.
        boolean local = options.patches() != null;
        AlignmentGrid localGrid = local ? AlignmentGrid.choose(nx, ny, options.patches().bFactor()) : null;
        float[][] localSpectra = local ? new float[n][] : null;
        try (FrameStore store = new FrameStore(n, fft, gain, local ? 0 : options.spectrumCacheBytes())) {
            long t0 = System.nanoTime();
            // 1. Read every frame once; sum the gain-corrected frames for defect detection.
            float[][] sumBuf = options.detectDefects() ? new float[w][pixels] : null;
            forEachFrameRead(n, movie, frameBuf, (worker, i) ->
                    store.keepRaw(i, frameBuf[worker], sumBuf == null ? null : sumBuf[worker]));
            DefectReport defects = findDefects(sumBuf, knownDefects, gain, nx, ny, n, options);
            store.setDefects(defects.map());
            // 2. Transform; correlation-grid copy: cropped spectrum, back to real space, window, transform again.
            double[] frameMean = new double[n];
            workers.forEach(n, (worker, i) -> {
                float[] cropped = new float[Spectra.length(gx, gy)];
                if (local) {
                    localSpectra[i] = new float[Spectra.length(localGrid.gridX(), localGrid.gridY())];
                    store.transform(i, frameBuf[worker], spectrumBuf[worker], cropped, gx, gy, cropScale,
                            localSpectra[i], localGrid.gridX(), localGrid.gridY(), cropScale);
                } else {
                    store.transform(i, frameBuf[worker], spectrumBuf[worker], cropped, gx, gy, cropScale);
                }
                frameMean[i] = cropped[0]; // DC of the crop: the gain-corrected frame's mean (scaled by 1/(nx·ny))
                float[] image = smallBuf[worker];
                small.inverse(cropped, image);
                gridWindow.apply(image);
                small.forward(image, cropped);
                alignSpectra[i] = cropped;
            });
            long t1 = System.nanoTime();

            double meanCounts = java.util.Arrays.stream(frameMean).average().orElse(0);
            GlobalAligner.Result aligned = alignWithBestBFactor(alignSpectra, grid, inputWindow, options,
                    units(request, options, n), meanCounts, listener);
            long t2 = System.nanoTime();

            int reference = options.referenceIndex(n);
            FrameShifts applied = aligned.shifts().relativeTo(reference);
            int outX = binnedSize(nx, request.binning());
            int outY = binnedSize(ny, request.binning());
            LocalMotion localMotion = local ? LocalCorrection.estimate(localSpectra, localGrid, applied,
                    options.align(), options.patches(), workers) : null;
            if (localMotion != null && localMotion.note() != null && listener != null) {
                listener.note(localMotion.note());
            }
            long t2b = System.nanoTime();
            DeformationModel model = localMotion != null && localMotion.applied() ? localMotion.model() : null;
            FrameShifts reported = aligned.shifts().relativeTo(0);
            if (model != null) {
                // The patches' per-frame consensus refines the whole-frame shifts.
                applied = plus(applied, localMotion.frameOffsetX(), localMotion.frameOffsetY()).relativeTo(reference);
                reported = plus(aligned.shifts(), localMotion.frameOffsetX(), localMotion.frameOffsetY()).relativeTo(0);
            }
            FrameShifts finalShifts = applied;
            float[][] imageBuf = model == null ? null : new float[w][pixels];
            Aligned alignedFrame = model == null
                    ? (worker, i) -> store.spectrum(i, frameBuf[worker], spectrumBuf[worker])
                    : (worker, i) -> LocalCorrection.alignedFrame(store, i, finalShifts, model, reference, fft,
                            frameBuf[worker], spectrumBuf[worker], imageBuf[worker]);
            WeightedSums sums = new WeightedSums(nx, ny, w, request, finalShifts);
            workers.forEach(n, (worker, i) -> sums.add(worker, i, alignedFrame.spectrum(worker, i), model != null));
            Sums images = sums.finish(outX, outY);
            if (request.stackBin() > 0) {
                writeStack(n, request, sums, outX, outY, model == null ? (worker, i) -> store.shifted(i,
                        finalShifts.x(i), finalShifts.y(i), frameBuf[0], spectrumBuf[0]) : alignedFrame);
            }
            long t3 = System.nanoTime();

            StageTimings timings = new StageTimings((t1 - t0) * 1e-9, (t2b - t1) * 1e-9, (t3 - t2b) * 1e-9);
            return new CorrectionResult(nx, ny, images, reported, reference,
                    aligned.iterations(), aligned.finalErrorPx(), defects, localMotion, timings);
        }
    }

    /**
     * Aligns with each candidate B-factor (the weaker the filter, the larger its grid; stronger ones work on
     * crops of the same spectra) and keeps the trajectory measured with the least noise. Low-signal movies
     * (radiation damage, thin contrast) align far better with a strong low-pass, bright ones with a weak one
     * (0.45 px against 0.04 px on a damaged 2048² movie); the measured noise tells which the movie is.
     */
    /** Fewest frames whose measured trajectory noise can choose among B-factors. */
    static final int MIN_FRAMES_TO_CHOOSE_B = 12;

    /** Electrons per pixel per frame below which a short movie is aligned with the stronger filter. */
    static final double LOW_COUNTS_PER_PIXEL = 1.0;

    private GlobalAligner.Result alignWithBestBFactor(float[][] spectra, AlignmentGrid grid, EdgeWindow window,
                                                      CorrectionOptions options, FrameGroups units,
                                                      double meanCounts, Listener listener) {
        GlobalAligner aligner = new GlobalAligner(workers);
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

    private static FrameShifts plus(FrameShifts s, double[] dx, double[] dy) {
        double[] x = s.x();
        double[] y = s.y();
        for (int i = 0; i < x.length; i++) {
            x[i] += dx[i];
            y[i] += dy[i];
        }
        return new FrameShifts(x, y);
    }

    /** MotionCor2's binned size: round(n / b), rounded down to even. */
    public static int binnedSize(int n, double binning) {
        int m = (int) Math.round(n / binning);
        return Math.max(2, m - (m & 1));
    }

    private static DefectReport findDefects(float[][] sumBuf, boolean[] known, GainCorrection gain, int nx, int ny,
                                            int frames, CorrectionOptions options) {
        boolean[] mask = known == null ? new boolean[nx * ny] : known.clone();
        int listed = count(mask);
        if (gain.gain() != null) {
            float[] g = gain.gain();
            for (int i = 0; i < g.length; i++) {
                if (g[i] == 0 || !Float.isFinite(g[i])) {
                    mask[i] = true; // a dead pixel in the gain reference (RELION does the same)
                }
            }
        }
        int zeroGain = count(mask) - listed;
        if (sumBuf == null) {
            return new DefectReport(DefectMap.of(mask, nx, ny, options.seed()), listed, zeroGain, 0, 0, 0);
        }
        // Σ_i (raw_i − dark)·gain = (Σ_i raw_i − N·dark)·gain: the frames were summed raw.
        float[] sum = sumBuf[0];
        for (int k = 1; k < sumBuf.length; k++) {
            Spectra.add(sumBuf[k], sum, sum.length);
        }
        for (int i = 0; i < sum.length; i++) {
            float v = gain.dark() == null ? sum[i] : sum[i] - frames * gain.dark()[i];
            sum[i] = gain.gain() == null ? v : v * gain.gain()[i];
        }
        HotPixelDetector.Detection d = HotPixelDetector.detect(sum, nx, ny, mask);
        return new DefectReport(DefectMap.of(d.mask(), nx, ny, options.seed()), listed, zeroGain, d.hot(), d.dead(),
                d.cluster());
    }

    private static int count(boolean[] mask) {
        int c = 0;
        for (boolean b : mask) {
            if (b) {
                c++;
            }
        }
        return c;
    }

    /** A frame's fully aligned spectrum, computed in worker {@code worker}'s buffers. */
    @FunctionalInterface
    private interface Aligned {
        float[] spectrum(int worker, int i);
    }

    /** Writes the aligned frames, Fourier-binned and summed stackBin at a time, in frame order. */
    private static void writeStack(int n, SumRequest request, WeightedSums sums, int outX, int outY, Aligned frames)
            throws IOException {
        RealFft2d outFft = FftPlans.of(outX, outY);
        int z = request.stackBin();
        float[] acc = new float[outX * outY];
        int inGroup = 0;
        for (int i = 0; i < n; i++) {
            float[] s = frames.spectrum(0, i);
            float[] image = sums.inverse(s, outFft, outX, outY);
            Spectra.add(image, acc, acc.length);
            if (++inGroup == z || i == n - 1) {
                if (inGroup == z) { // MotionCor2 drops a last, incomplete group
                    request.stack().frame(acc, outX, outY);
                }
                java.util.Arrays.fill(acc, 0f);
                inGroup = 0;
            }
        }
    }

    /**
     * The sum of the frames each moved by its given shift (out(r) = frame(r − s)), reading each
     * frame once: e.g. the oracle sum of a simulated movie from its true shifts.
     */
    public float[] sumAligned(MovieFrames movie, GainCorrection gain, FrameShifts shifts) throws IOException {
        int nx = movie.width();
        int ny = movie.height();
        RealFft2d fft = FftPlans.of(nx, ny);
        int w = workers.count();
        float[][] frameBuf = new float[w][nx * ny];
        float[][] spectrumBuf = new float[w][fft.spectrumLength()];
        float[][] partial = new float[w][fft.spectrumLength()];
        forEachFrameRead(movie.frameCount(), movie, frameBuf, (worker, i) -> {
            gain.apply(frameBuf[worker], nx * ny);
            fft.forward(frameBuf[worker], spectrumBuf[worker]);
            Spectra.shift(spectrumBuf[worker], nx, ny, shifts.x(i), shifts.y(i), partial[worker], true);
        });
        return inverseOfSum(partial, fft, frameBuf[0]);
    }

    /**
     * Reads every frame on the workers (in order, one at a time, unless the source allows concurrent reads)
     * and runs {@code compute} on each; I/O errors come out unwrapped.
     */
    private void forEachFrameRead(int n, MovieFrames movie, float[][] frameBuf, Workers.Body compute)
            throws IOException {
        try {
            if (movie.concurrentReads()) {
                workers.forEach(n, (worker, i) -> {
                    movie.read(i, frameBuf[worker]);
                    compute.run(worker, i);
                });
            } else {
                workers.forEachInOrder(n, (worker, i) -> movie.read(i, frameBuf[worker]), compute);
            }
        } catch (Workers.WorkerException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            throw e;
        }
    }

    /** Adds the workers' partial spectra and transforms back into {@code out} (normalised). */
    private static float[] inverseOfSum(float[][] partial, RealFft2d fft, float[] out) {
        float[] total = partial[0];
        for (int k = 1; k < partial.length; k++) {
            Spectra.add(partial[k], total, fft.spectrumLength());
        }
        fft.inverse(total, out);
        int pixels = fft.width() * fft.height();
        float norm = 1f / pixels;
        for (int i = 0; i < pixels; i++) {
            out[i] *= norm;
        }
        return out;
    }
}
