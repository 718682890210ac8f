package org.stillframe.correct;

import org.stillframe.fft.NativeSpectrum;
import org.stillframe.fft.RealFft2d;
import org.stillframe.gain.GainCorrection;
import org.stillframe.image.Spectra;

/**
 * Keeps a movie's frames between the first pass (read, transform, crop for alignment) and the summing pass,
 * so that the movie is read only once. Two ways, chosen by size:
 * <ul>
 *   <li>native spectra: each gain-corrected frame is written straight into a native FFTW buffer and
 *       transformed in place; its spectrum stays there, and summing costs one phase ramp per frame
 *       (16.8 MB per 2048² frame);</li>
 *   <li>compact: the raw frames in their narrowest exact form ({@link CompactFrames}), transformed again when
 *       summed (4 MB per 2048² counting frame).</li>
 * </ul>
 */
abstract class FrameStore implements AutoCloseable {

    final RealFft2d fft;
    final GainCorrection gain;

    FrameStore(RealFft2d fft, GainCorrection gain) {
        this.fft = fft;
        this.gain = gain;
    }

    /** Native spectra if they fit in the budget, otherwise compact raw frames. */
    static FrameStore choose(int frames, RealFft2d fft, GainCorrection gain, long budgetBytes) {
        long spectraBytes = (long) frames * fft.spectrumLength() * Float.BYTES;
        return spectraBytes <= budgetBytes ? new NativeSpectra(frames, fft, gain) : new Compact(frames, fft, gain);
    }

    /**
     * First pass: keeps raw frame i and crops its gain-corrected spectrum onto the correlation grid.
     *
     * @param raw      the raw frame (may be overwritten)
     * @param scratch  a worker's spectrum-sized buffer
     */
    abstract void ingest(int i, float[] raw, float[] scratch, float[] cropped, int gx, int gy, float scale);

    /** Summing pass: adds gain-corrected frame i, shifted by (sx, sy), to {@code sum} (a spectrum). */
    abstract void addShifted(int i, double sx, double sy, float[] frameScratch, float[] spectrumScratch,
                             float[] sum);

    @Override
    public void close() {
    }

    private static final class NativeSpectra extends FrameStore {
        private final NativeSpectrum[] spectra;

        NativeSpectra(int frames, RealFft2d fft, GainCorrection gain) {
            super(fft, gain);
            spectra = new NativeSpectrum[frames];
        }

        @Override
        void ingest(int i, float[] raw, float[] scratch, float[] cropped, int gx, int gy, float scale) {
            NativeSpectrum s = fft.newNativeSpectrum();
            spectra[i] = s;
            gain.applyInto(raw, fft.width(), fft.height(), s.buffer(), s.rowStride());
            fft.forwardInPlace(s);
            Spectra.crop(s.buffer(), fft.width(), fft.height(), cropped, gx, gy, scale);
        }

        @Override
        void addShifted(int i, double sx, double sy, float[] frameScratch, float[] spectrumScratch, float[] sum) {
            // One bulk copy to the heap, then the array loop: faster than element-wise native reads.
            spectra[i].buffer().get(0, spectrumScratch, 0, fft.spectrumLength());
            Spectra.shift(spectrumScratch, fft.width(), fft.height(), sx, sy, sum, true);
        }

        @Override
        public void close() {
            for (NativeSpectrum s : spectra) {
                if (s != null) {
                    s.close();
                }
            }
        }
    }

    private static final class Compact extends FrameStore {
        private final CompactFrames frames;

        Compact(int count, RealFft2d fft, GainCorrection gain) {
            super(fft, gain);
            this.frames = new CompactFrames(count, fft.width() * fft.height());
        }

        @Override
        void ingest(int i, float[] raw, float[] scratch, float[] cropped, int gx, int gy, float scale) {
            frames.store(i, raw);
            gain.apply(raw, fft.width() * fft.height());
            fft.forward(raw, scratch);
            Spectra.crop(scratch, fft.width(), fft.height(), cropped, gx, gy, scale);
        }

        @Override
        void addShifted(int i, double sx, double sy, float[] frameScratch, float[] spectrumScratch, float[] sum) {
            frames.load(i, frameScratch);
            gain.apply(frameScratch, fft.width() * fft.height());
            fft.forward(frameScratch, spectrumScratch);
            Spectra.shift(spectrumScratch, fft.width(), fft.height(), sx, sy, sum, true);
        }
    }
}
