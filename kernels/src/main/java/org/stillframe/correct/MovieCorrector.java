package org.stillframe.correct;

import java.io.IOException;
import org.stillframe.align.global.AlignmentGrid;
import org.stillframe.align.global.EdgeWindow;
import org.stillframe.align.global.FrameShifts;
import org.stillframe.align.global.GlobalAligner;
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

    /** Receives progress lines (iteration errors) for the log; may be null. */
    public interface Listener extends GlobalAligner.IterationListener {
    }

    private static final double TAPER_FRACTION = 0.05;

    private final Workers workers;

    public MovieCorrector(Workers workers) {
        this.workers = workers;
    }

    public CorrectionResult correct(MovieFrames movie, GainCorrection gain, CorrectionOptions options,
                                    Listener listener) throws IOException {
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

        try (FrameStore store = FrameStore.choose(n, fft, gain, options.spectrumCacheBytes())) {
            long t0 = System.nanoTime();
            forEachFrameRead(n, movie, frameBuf, (worker, i) -> {
                // Correlation-grid copy: cropped spectrum, back to real space, window, transform again.
                float[] cropped = new float[Spectra.length(gx, gy)];
                store.ingest(i, frameBuf[worker], spectrumBuf[worker], cropped, gx, gy, cropScale);
                float[] image = smallBuf[worker];
                small.inverse(cropped, image);
                gridWindow.apply(image);
                small.forward(image, cropped);
                alignSpectra[i] = cropped;
            });
            long t1 = System.nanoTime();

            GlobalAligner.Result aligned = new GlobalAligner(workers)
                    .align(alignSpectra, grid, inputWindow, options.align(), listener);
            long t2 = System.nanoTime();

            int reference = options.referenceIndex(n);
            FrameShifts applied = aligned.shifts().relativeTo(reference);
            float[][] partial = new float[w][fft.spectrumLength()];
            workers.forEach(n, (worker, i) -> store.addShifted(i, applied.x(i), applied.y(i), frameBuf[worker],
                    spectrumBuf[worker], partial[worker]));
            float[] sum = inverseOfSum(partial, fft, new float[pixels]);
            long t3 = System.nanoTime();

            StageTimings timings = new StageTimings((t1 - t0) * 1e-9, (t2 - t1) * 1e-9, (t3 - t2) * 1e-9);
            return new CorrectionResult(nx, ny, sum, aligned.shifts().relativeTo(0), reference,
                    aligned.iterations(), aligned.finalErrorPx(), timings);
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
