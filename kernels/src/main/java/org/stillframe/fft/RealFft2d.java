package org.stillframe.fft;

/**
 * A 2-D real-to-complex FFT of one fixed size, usable from several threads at once.
 *
 * <p>Layout: a spectrum of an nx × ny image is a {@code float[]} of ny rows × (nx/2 + 1) complex values,
 * interleaved (re, im), row-major; row r holds vertical frequency r for r ≤ ny/2 and r − ny above. Neither
 * direction is normalised: inverse(forward(x)) = nx·ny·x.
 */
public interface RealFft2d {

    int width();

    int height();

    /** Length of a spectrum array: height · (width/2 + 1) · 2. */
    default int spectrumLength() {
        return height() * (width() / 2 + 1) * 2;
    }

    /** Forward transform of {@code image} (width·height floats, row-major) into {@code spectrum}. */
    void forward(float[] image, float[] spectrum);

    /** Inverse transform of {@code spectrum} into {@code image}; the spectrum is not modified. */
    void inverse(float[] spectrum, float[] image);

    /** A native buffer for {@link #forwardInPlace}; the caller closes it. */
    NativeSpectrum newNativeSpectrum();

    /** Forward transform of the real image written into {@code frame}, in place. */
    void forwardInPlace(NativeSpectrum frame);
}
