package org.stillframe.correct;

import org.stillframe.align.global.GlobalAlignOptions;

/**
 * What the per-movie engine does with a movie.
 *
 * @param align      whole-frame alignment settings
 * @param fmRef      the frame the sums are registered to, MotionCor3's -FmRef rule: −1 = the central frame
 *                   ⌊N/2⌋ (the default, as MotionCor2), 0 = the first frame (what RELION asks for), k ≥ 1 = frame
 *                   k (1-based, clamped to the movie)
 * @param spectrumCacheBytes keep the frames' spectra between passes when they fit in this many bytes (one
 *                   transform less per frame, 4 bytes a pixel a frame more), otherwise keep the raw frames
 *                   compactly and transform them again when summing
 * @param detectDefects find hot, dead and clustered pixels from the frames and repair them
 * @param seed       seeds the random choices (defect repair), e.g. from the movie's name
 * @param patches    local (patch) alignment after the global one, or null for whole-frame only
 */
public record CorrectionOptions(GlobalAlignOptions align, int fmRef, long spectrumCacheBytes, boolean detectDefects,
                                long seed, org.stillframe.align.patch.PatchOptions patches)
        implements java.io.Serializable {

    public CorrectionOptions {
        if (fmRef < -1) {
            throw new IllegalArgumentException("-FmRef must be -1, 0 or a frame number, got " + fmRef);
        }
    }

    /**
     * Small movies only (160 MiB: a 2048² × 8 or 1024² × 36 movie, e.g. a tilt): larger movies are transformed
     * again when summed. Keeping the spectra (4 bytes a pixel a frame, against the raw frame's 1–2) saves one
     * transform per frame but more than doubled the peak memory of large movies (4096² × 40: 4.8 against
     * 2.3 GB), and fresh memory is slow to touch on these machines (issue 20, docs/benchmarks.md); small movies'
     * spectra reuse pooled memory ({@link org.stillframe.fft.SpectrumPool}).
     */
    public static final long DEFAULT_SPECTRUM_CACHE = 160L << 20;

    public CorrectionOptions(GlobalAlignOptions align, int fmRef) {
        this(align, fmRef, DEFAULT_SPECTRUM_CACHE, true, 0, null);
    }

    public CorrectionOptions withSeed(long s) {
        return new CorrectionOptions(align, fmRef, spectrumCacheBytes, detectDefects, s, patches);
    }

    public CorrectionOptions withDefectDetection(boolean on) {
        return new CorrectionOptions(align, fmRef, spectrumCacheBytes, on, seed, patches);
    }

    public CorrectionOptions withSpectrumCache(long bytes) {
        return new CorrectionOptions(align, fmRef, bytes, detectDefects, seed, patches);
    }

    public CorrectionOptions withPatches(org.stillframe.align.patch.PatchOptions p) {
        return new CorrectionOptions(align, fmRef, spectrumCacheBytes, detectDefects, seed, p);
    }

    public static CorrectionOptions defaults() {
        return new CorrectionOptions(GlobalAlignOptions.defaults(), -1);
    }

    /** The 0-based index of the registration frame among n frames. */
    public int referenceIndex(int n) {
        if (fmRef == -1) {
            return n / 2;
        }
        if (fmRef == 0) {
            return 0;
        }
        return Math.min(fmRef, n) - 1;
    }
}
