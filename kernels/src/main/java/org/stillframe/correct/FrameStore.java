package org.stillframe.correct;

import org.stillframe.fft.RealFft2d;
import org.stillframe.gain.GainCorrection;

/**
 * Keeps a movie's frames between the first pass (read, transform, prepare for alignment) and the summing
 * pass, so that the movie is read only once. Two ways, chosen by size:
 * <ul>
 *   <li>spectra: the gain-corrected frames' full spectra, as transformed in the first pass; summing then costs
 *       one phase ramp per frame (16.8 MB per 2048² frame);</li>
 *   <li>compact: the raw frames in their narrowest exact form ({@link CompactFrames}), transformed again when
 *       summed (4 MB per 2048² counting frame).</li>
 * </ul>
 */
abstract class FrameStore {

    /** Spectra if they fit in the budget (and in 40 % of the heap), otherwise compact raw frames. */
    static FrameStore choose(int frames, RealFft2d fft, GainCorrection gain, long budgetBytes) {
        long spectraBytes = (long) frames * fft.spectrumLength() * Float.BYTES;
        long limit = Math.min(budgetBytes, (long) (0.4 * Runtime.getRuntime().maxMemory()));
        return spectraBytes <= limit ? new KeptSpectra(frames) : new Compact(frames, fft, gain);
    }

    /** Whether each frame's first-pass spectrum is kept (then it needs an array of its own). */
    abstract boolean keepsSpectra();

    /** First pass: the raw frame, before gain correction. */
    abstract void keepRaw(int index, float[] raw);

    /** First pass: the gain-corrected frame's spectrum. */
    abstract void keepSpectrum(int index, float[] spectrum);

    /** The spectrum of gain-corrected frame i, recomputed in the worker's buffers if it was not kept. */
    abstract float[] spectrum(int index, float[] frameBuffer, float[] spectrumBuffer);

    private static final class KeptSpectra extends FrameStore {
        private final float[][] spectra;

        KeptSpectra(int frames) {
            spectra = new float[frames][];
        }

        @Override
        boolean keepsSpectra() {
            return true;
        }

        @Override
        void keepRaw(int index, float[] raw) {
            // the spectrum is enough
        }

        @Override
        void keepSpectrum(int index, float[] spectrum) {
            spectra[index] = spectrum;
        }

        @Override
        float[] spectrum(int index, float[] frameBuffer, float[] spectrumBuffer) {
            return spectra[index];
        }
    }

    private static final class Compact extends FrameStore {
        private final CompactFrames frames;
        private final RealFft2d fft;
        private final GainCorrection gain;

        Compact(int count, RealFft2d fft, GainCorrection gain) {
            this.frames = new CompactFrames(count, fft.width() * fft.height());
            this.fft = fft;
            this.gain = gain;
        }

        @Override
        boolean keepsSpectra() {
            return false;
        }

        @Override
        void keepRaw(int index, float[] raw) {
            frames.store(index, raw);
        }

        @Override
        void keepSpectrum(int index, float[] spectrum) {
            // recomputed from the raw frame when summed
        }

        @Override
        float[] spectrum(int index, float[] frameBuffer, float[] spectrumBuffer) {
            frames.load(index, frameBuffer);
            gain.apply(frameBuffer, fft.width() * fft.height());
            fft.forward(frameBuffer, spectrumBuffer);
            return spectrumBuffer;
        }
    }
}
