package org.stillframe.compute;

import org.stillframe.fft.RealFft2d;
import org.stillframe.image.LocalRemap;

/**
 * The array operations the motion corrector spends its time in, behind one seam so that a GPU can take them
 * over: frame spectra, the leave-one-out correlation of a unit with the sum of the others, the sub-pixel peak
 * search, shift-and-sum of spectra with per-coefficient weights (dose weighting), and the patch remap.
 *
 * <p>Arrays are host {@code float[]} in the layout of {@link RealFft2d} (spectra: ny rows of nx/2 + 1
 * interleaved complex values); transforms are unnormalised. Every method may be called from several worker
 * threads at once, each with its own output arrays. {@code ComputeBackendContract} (tests) holds every
 * implementation to the same results.
 */
public interface ComputeBackend {

    /** The backend of the corrector unless one is named. */
    static ComputeBackend cpu() {
        return CpuBackend.INSTANCE;
    }

    /** The transform for nx × ny frames (nx even), shared by every caller. */
    RealFft2d fft(int nx, int ny);

    /** Forward transforms of a batch of nx × ny frames into {@code spectra} (same count). */
    default void forward(int nx, int ny, float[][] frames, float[][] spectra) {
        RealFft2d fft = fft(nx, ny);
        for (int i = 0; i < frames.length; i++) {
            fft.forward(frames[i], spectra[i]);
        }
    }

    /** Inverse transforms (unnormalised: inverse(forward(x)) = nx·ny·x) of a batch of spectra. */
    default void inverse(int nx, int ny, float[][] spectra, float[][] frames) {
        RealFft2d fft = fft(nx, ny);
        for (int i = 0; i < spectra.length; i++) {
            fft.inverse(spectra[i], frames[i]);
        }
    }

    /**
     * Leave-one-out cross power of one frame: with u = {@code frame} shifted by (sx, sy) grid px,
     * out = conj(u) · (total − u) · weight, divided by its modulus when {@code phaseOnly}, DC zeroed.
     * {@code total} is the sum of all frames (this one included) under their shifts; {@code weight} holds one
     * value per complex coefficient (the B-factor filter). The inverse transform of out is the correlation map.
     */
    void crossPowerOfFrame(float[] frame, int gx, int gy, double sx, double sy, float[] total, float[] weight,
                           boolean phaseOnly, float[] out);

    /** As {@link #crossPowerOfFrame} for a unit already shifted and summed (a group of frames). */
    void crossPower(float[] unit, float[] total, float[] weight, boolean phaseOnly, float[] out);

    /**
     * The highest point of a circular nx × ny correlation map within ±window of the origin, divided by the
     * windows' overlap near it, refined to sub-pixel by a 3-point parabola per axis: {dx, dy, value}.
     */
    double[] peak(float[] map, int nx, int ny, int windowX, int windowY, Overlap overlap);

    /**
     * Shifts the image behind spectrum {@code src} by (sx, sy) px, out(r) = in(r − s), as an exact phase ramp,
     * into {@code dst}, or added to it when {@code accumulate}; src may be dst only when not accumulating.
     */
    void shift(float[] src, int nx, int ny, double sx, double sy, float[] dst, boolean accumulate);

    /** dst += weights · spectrum, one weight per complex coefficient (a frame's dose weights). */
    void addWeighted(float[] spectrum, float[] weights, float[] dst);

    /**
     * Remaps an nx × ny frame by the global shift (gx, gy) plus the local field, out(r) = in(r − u(r)), with
     * the 8-tap Lanczos kernel of {@link LocalRemap} (accuracy documented there); out may be in.
     */
    void remap(float[] in, float[] out, int nx, int ny, double gx, double gy, LocalRemap.Field local,
               float[] scratch);
}
