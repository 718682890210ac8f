package org.stillframe.correct;

import org.stillframe.defects.DefectMap;
import org.stillframe.fft.NativeSpectrum;
import org.stillframe.fft.RealFft2d;
import org.stillframe.gain.GainCorrection;
import org.stillframe.image.Spectra;

/**
 * Holds a movie in memory between the passes so that the file is read only once:
 * <ol>
 *   <li>{@link #keepRaw}: each raw frame as read, in its narrowest exact form ({@link CompactFrames});</li>
 *   <li>{@link #transform}: each frame gain-corrected, repaired ({@link DefectMap}) and transformed. When the
 *       spectra fit in the budget they are kept in native FFTW buffers (transformed in place, no copies) and
 *       the raw frame is dropped; otherwise the raw frame stays and is transformed again when summed;</li>
 *   <li>{@link #shifted}: each frame's spectrum shifted by its alignment, for the sums.</li>
 * </ol>
 */
final class FrameStore implements AutoCloseable {

    private final RealFft2d fft;
    private final GainCorrection gain;
    private final CompactFrames raw;
    private final NativeSpectrum[] spectra; // null when they do not fit
    private DefectMap defects;

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
    void transform(int i, float[] frame, float[] spectrumScratch, float[] cropped, int gx, int gy, float scale) {
        transform(i, frame, spectrumScratch, cropped, gx, gy, scale, null, 0, 0, 0);
    }

    /**
     * As {@link #transform(int, float[], float[], float[], int, int, float)}, also cropping the spectrum onto a
     * second grid ({@code second}, sx × sy, scaled by {@code secondScale}) when given.
     */
    void transform(int i, float[] frame, float[] spectrumScratch, float[] cropped, int gx, int gy, float scale,
                   float[] second, int sx, int sy, float secondScale) {
        if (spectra != null) {
            NativeSpectrum s = fft.newNativeSpectrum();
            spectra[i] = s;
            java.nio.FloatBuffer b = s.buffer();
            int nx = fft.width();
            raw.loadCorrected(i, gain.gain(), gain.dark(), nx, b, s.rowStride());
            defects.repair(b, s.rowStride(), i);
            fft.forwardInPlace(s);
            raw.release(i);
            Spectra.crop(b, nx, fft.height(), cropped, gx, gy, scale);
            if (second != null) {
                Spectra.crop(b, nx, fft.height(), second, sx, sy, secondScale);
            }
        } else {
            corrected(i, frame);
            fft.forward(frame, spectrumScratch);
            Spectra.crop(spectrumScratch, fft.width(), fft.height(), cropped, gx, gy, scale);
            if (second != null) {
                Spectra.crop(spectrumScratch, fft.width(), fft.height(), second, sx, sy, secondScale);
            }
        }
    }

    /** Frame i's (unshifted) spectrum, in {@code spectrumScratch}. */
    float[] spectrum(int i, float[] frameScratch, float[] spectrumScratch) {
        if (spectra != null) {
            spectra[i].buffer().get(0, spectrumScratch, 0, fft.spectrumLength());
        } else {
            corrected(i, frameScratch);
            fft.forward(frameScratch, spectrumScratch);
        }
        return spectrumScratch;
    }

    /** Frame i's spectrum shifted by (sx, sy), in {@code spectrumScratch}. */
    float[] shifted(int i, double sx, double sy, float[] frameScratch, float[] spectrumScratch) {
        spectrum(i, frameScratch, spectrumScratch);
        Spectra.shift(spectrumScratch, fft.width(), fft.height(), sx, sy, spectrumScratch, false);
        return spectrumScratch;
    }

    @Override
    public void close() {
        if (spectra != null) {
            for (NativeSpectrum s : spectra) {
                if (s != null) {
                    s.close();
                }
            }
        }
    }
}
