package org.stillframe.correct;

import java.io.IOException;
import org.stillframe.align.global.FrameShifts;
import org.stillframe.align.global.GlobalAligner;
import org.stillframe.compute.ComputeBackend;
import org.stillframe.fft.RealFft2d;
import org.stillframe.gain.GainCorrection;
import org.stillframe.image.Spectra;
import org.stillframe.parallel.Workers;

/**
 * The per-movie engine: reads the frames once, aligns them and sums them, as four stages.
 *
 * <ol>
 *   <li>{@link FrameIngest}: read, defect detection, gain correction and transforms (the full spectrum kept,
 *       a windowed copy on the correlation grid).</li>
 *   <li>{@link GlobalAlignmentStage}: the B-factor choice and the whole-frame alignment.</li>
 *   <li>{@link LocalAlignmentStage}: with -Patch, the patch estimate and deformation model.</li>
 *   <li>{@link SumStage}: the sums and the aligned stack.</li>
 * </ol>
 * The array operations run on a {@link ComputeBackend} (the CPU unless one is given).
 */
public final class MovieCorrector {

    /** Receives progress lines (iteration errors, notes) for the log; may be null. */
    public interface Listener extends GlobalAligner.IterationListener {
        default void note(String line) {
        }

        /** True when {@link #rawSum} is wanted: the ingest then sums the raw frames even without defect detection. */
        default boolean wantsRawSum() {
            return false;
        }

        /**
         * The sum of every frame as read (before dark and gain), once all are read: e.g. for the gain orientation
         * check, which then needs no read of its own. Called on a worker thread while the ingest finds the
         * defects; read only.
         */
        default void rawSum(float[] sum) {
        }
    }

    private final Workers workers;
    private final ComputeBackend compute;

    public MovieCorrector(Workers workers) {
        this(workers, ComputeBackend.cpu());
    }

    /** A corrector whose array operations run on {@code compute}. */
    public MovieCorrector(Workers workers, ComputeBackend compute) {
        this.workers = workers;
        this.compute = compute;
    }

    /** Corrects a movie and makes only the plain sum, with dynamic defect detection as the options say. */
    public CorrectionResult correct(MovieFrames movie, GainCorrection gain, CorrectionOptions options,
                                    Listener listener) throws IOException {
        return correct(movie, gain, null, options, SumRequest.plain(), listener);
    }

    /**
     * Corrects a movie: ingest, whole-frame alignment, local alignment, sums.
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
        long t0 = System.nanoTime();
        try (IngestedFrames in = new FrameIngest(workers, compute).read(movie, gain, knownDefects, options,
                listener)) {
            long t1 = System.nanoTime();
            GlobalAligner.Result aligned = new GlobalAlignmentStage(workers, compute).align(in, options, request,
                    listener);
            FrameMotion motion = new LocalAlignmentStage(workers, compute).estimate(in, aligned, options, listener);
            long t2 = System.nanoTime();
            Sums images = request.sums() ? new SumStage(workers, compute).sum(in, motion, request) : null;
            long t3 = System.nanoTime();

            StageTimings timings = new StageTimings((t1 - t0) * 1e-9, (t2 - t1) * 1e-9, (t3 - t2) * 1e-9);
            return new CorrectionResult(nx, ny, images, motion.reported(), motion.reference(),
                    aligned.iterations(), aligned.finalErrorPx(), in.defects, motion.local(), timings);
        }
    }

    /** MotionCor2's binned size: round(n / b), rounded down to even. */
    public static int binnedSize(int n, double binning) {
        int m = (int) Math.round(n / binning);
        return Math.max(2, m - (m & 1));
    }

    /**
     * The sum of the frames each moved by its given shift (out(r) = frame(r − s)), reading each
     * frame once: e.g. the oracle sum of a simulated movie from its true shifts.
     */
    public float[] sumAligned(MovieFrames movie, GainCorrection gain, FrameShifts shifts) throws IOException {
        int nx = movie.width();
        int ny = movie.height();
        RealFft2d fft = compute.fft(nx, ny);
        int w = workers.count();
        float[][] frameBuf = new float[w][nx * ny];
        float[][] spectrumBuf = new float[w][fft.spectrumLength()];
        float[][] partial = new float[w][fft.spectrumLength()];
        FrameIngest.forEachFrameRead(workers, movie.frameCount(), movie, frameBuf, (worker, i) -> {
            gain.apply(frameBuf[worker], nx * ny);
            fft.forward(frameBuf[worker], spectrumBuf[worker]);
            compute.shift(spectrumBuf[worker], nx, ny, shifts.x(i), shifts.y(i), partial[worker], true);
        });
        return inverseOfSum(partial, fft, frameBuf[0]);
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
