package org.stillframe.extract;

import org.stillframe.fft.FftSizes;

/**
 * The extraction box by Rosenthal & Henderson's rule (J. Mol. Biol. 333:721, 2003): the particle plus twice the
 * distance a CTF of defocus Δf spreads detail of resolution r, B = d + 2·λ·Δf / r (Å), in pixels rounded up to an
 * even, FFT-friendly size.
 */
public final class BoxSize {

    private BoxSize() {
    }

    /** Relativistic electron wavelength (Å) at {@code kv} kilovolts. */
    public static double wavelengthA(double kv) {
        return org.stillframe.ctf.Ctf.wavelengthA(kv);
    }

    /** The box in Å for a particle of diameter d (Å), defocus (µm), resolution (Å) and voltage (kV). */
    public static double angstroms(double diameterA, double defocusUm, double resolutionA, double kv) {
        return diameterA + 2 * wavelengthA(kv) * defocusUm * 1e4 / resolutionA;
    }

    /** The box in pixels: {@link #angstroms} over the pixel size, rounded up to an even FFT-friendly size. */
    public static int pixels(double diameterA, double defocusUm, double resolutionA, double kv, double pixelSizeA) {
        int n = (int) Math.ceil(angstroms(diameterA, defocusUm, resolutionA, kv) / pixelSizeA);
        n += n & 1;
        int good = FftSizes.goodAtLeast(n);
        return good + (good & 1);
    }
}
