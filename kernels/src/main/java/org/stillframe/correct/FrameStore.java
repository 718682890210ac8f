package org.stillframe.correct;

import java.nio.FloatBuffer;

import org.stillframe.defects.DefectMap;
import org.stillframe.fft.NativeSpectrum;
import org.stillframe.fft.RealFft2d;
import org.stillframe.fft.SpectrumPool;
import org.stillframe.gain.GainCorrection;
import org.stillframe.image.Spectra;

/**
 * Holds a movie in memory between the passes so that the file is read only once:
 * <ol>
 *   <li>{@link #keepRaw}: each raw frame as read, in its narrowest exact form ({@link CompactFrames});</li>
 *   <li>{@link #transform}: each frame gain-corrected, repaired ({@link DefectMap}) and transformed in place in a
 *       native FFTW buffer (no copies). When the spectra fit in the budget (small movies: a spectrum is 4 bytes a
 *       pixel against the raw frame's 1–2) they are kept and the raw frame is dropped; otherwise the raw frame
 *       stays, the buffer is a worker's reused scratch, and the frame is transformed again when summed. Native
 *       buffers come from and go back to the {@link SpectrumPool}, so that the next movie reuses them;</li>
 *   <li>{@link #shifted}: each frame's spectrum shifted by its alignment, for the sums.</li>
 * </ol>
 */
final class FrameStore implements AutoCloseable {

    private final RealFft2d fft;
    private final GainCorrection gain;
    private final CompactFrames raw;
    private final NativeSpectrum[] spectra; // null when they do not fit
    private DefectMap defects;
    /** Reused native buffers of the workers when spectra are not kept (one per concurrent caller). */
    private final java.util.concurrent.ConcurrentLinkedQueue<NativeSpectrum> scratch =
            new java.util.concurrent.ConcurrentLinkedQueue<>();
    private final java.util.List<NativeSpectrum> allScratch =
            java.util.Collections.synchronizedList(new java.util.ArrayList<>());

    /** Keeps spectra when they fit in {@code budgetBytes} (0: never, e.g. when frames will be remapped). */
    FrameStore(int frames, RealFft2d fft, GainCorrection gain, long budgetBytes) {
        this.fft = fft;
        this.gain = gain;
        this.raw = new CompactFrames(frames, fft.width() * fft.height());
        long spectraBytes = (long) frames * fft.spectrumLength() * Float.BYTES;
        this.spectra = spectraBytes <= budgetBytes ? new NativeSpectrum[frames] : null;
        this.defects = DefectMap.none(fft.width(), fft.height());
    }

    /** Keeps raw frame i and adds it to {@code rawSum} (for defect detection) when given. */
    void keepRaw(int i, float[] frame, float[] rawSum) {
        raw.storeAndAdd(i, frame, rawSum);
    }

    /** As {@link #keepRaw}, for a frame read as counts. */
    void keepCounts(int i, char[] counts, float[] rawSum) {
        raw.storeCountsAndAdd(i, counts, rawSum);
    }

    void setDefects(DefectMap map) {
        this.defects = map;
    }

    /** Gain-corrected, repaired frame i into {@code frame}. */
    void corrected(int i, float[] frame) {
        raw.load(i, frame);
        gain.apply(frame, fft.width() * fft.height());
        defects.repair(frame, i);
    }

    /** Transforms frame i and crops its spectrum onto the correlation grid. */
    void transform(int i, float[] cropped, int gx, int gy, float scale) {
        transform(i, cropped, gx, gy, scale, null, 0, 0, 0);
    }

    /**
     * As {@link #transform(int, float[], int, int, float)}, also cropping the spectrum onto a
     * second grid ({@code second}, sx × sy, scaled by {@code secondScale}) when given.
     */
    void transform(int i, float[] cropped, int gx, int gy, float scale, float[] second, int sx, int sy,
                   float secondScale) {
        NativeSpectrum s = spectra != null ? SpectrumPool.take(fft) : borrow();
        try {
            FloatBuffer b = transformed(i, s);
            Spectra.crop(b, fft.width(), fft.height(), cropped, gx, gy, scale);
            if (second != null) {
                Spectra.crop(b, fft.width(), fft.height(), second, sx, sy, secondScale);
            }
            if (spectra != null) {
                spectra[i] = s;
                raw.release(i);
            }
        } finally {
            if (spectra == null) {
                scratch.offer(s);
            }
        }
    }

    /** Frame i gain-corrected, repaired and transformed in {@code s}; its buffer. */
    private FloatBuffer transformed(int i, NativeSpectrum s) {
        FloatBuffer b = s.buffer();
        raw.loadCorrected(i, gain.gain(), gain.dark(), fft.width(), b, s.rowStride());
        defects.repair(b, s.rowStride(), i);
        fft.forwardInPlace(s);
        return b;
    }

    private NativeSpectrum borrow() {
        NativeSpectrum s = scratch.poll();
        if (s == null) {
            s = fft.newNativeSpectrum();
            allScratch.add(s);
        }
        return s;
    }

    /**
     * Frees the workers' native buffers (between passes, when no worker holds one): the remapping sum pass does
     * not use them, and their memory would add to that pass's own at the movie's peak. A later use makes new ones.
     */
    void releaseScratch() {
        scratch.clear();
        synchronized (allScratch) {
            allScratch.forEach(NativeSpectrum::close);
            allScratch.clear();
        }
    }

    /** Frame i's (unshifted) spectrum, in {@code spectrumScratch}. */
    float[] spectrum(int i, float[] spectrumScratch) {
        if (spectra != null) {
            spectra[i].buffer().get(0, spectrumScratch, 0, fft.spectrumLength());
        } else {
            NativeSpectrum s = borrow();
            try {
                transformed(i, s).get(0, spectrumScratch, 0, fft.spectrumLength());
            } finally {
                scratch.offer(s);
            }
        }
        return spectrumScratch;
    }

    /** Frame i's spectrum shifted by (sx, sy), in {@code spectrumScratch}. */
    float[] shifted(int i, double sx, double sy, float[] spectrumScratch) {
        spectrum(i, spectrumScratch);
        Spectra.shift(spectrumScratch, fft.width(), fft.height(), sx, sy, spectrumScratch, false);
        return spectrumScratch;
    }

    @Override
    public void close() {
        allScratch.forEach(SpectrumPool::give);
        if (spectra != null) {
            for (NativeSpectrum s : spectra) {
                if (s != null) {
                    SpectrumPool.give(s); // the next movie of this size reuses the memory
                }
            }
        }
    }
}
