package org.stillframe.image;

import org.stillframe.fft.FftPlans;
import org.stillframe.fft.RealFft2d;

/**
 * Operations on half-complex spectra in the layout of {@link org.stillframe.fft.RealFft2d}: ny rows of
 * (nx/2 + 1) interleaved complex values, row r holding vertical frequency r (r ≤ ny/2) or r − ny.
 */
public final class Spectra {

    private Spectra() {
    }

    /** Number of floats in the spectrum of an nx × ny image. */
    public static int length(int nx, int ny) {
        return ny * (nx / 2 + 1) * 2;
    }

    /** Signed vertical frequency (cycles per image height) of spectrum row r. */
    public static int rowFrequency(int r, int ny) {
        return r <= ny / 2 ? r : r - ny;
    }

    /**
     * Fourier crop an nx × ny spectrum to mx × my (mx ≤ nx, my ≤ ny, both even), keeping the frequencies
     * the smaller grid holds. Multiplying by {@code scale} = (mx·my)/(nx·ny) keeps real-space pixel values.
     */
    public static void crop(float[] src, int nx, int ny, float[] dst, int mx, int my, float scale) {
        if (mx > nx || my > ny || mx % 2 != 0 || my % 2 != 0) {
            throw new IllegalArgumentException("cannot crop " + nx + "x" + ny + " to " + mx + "x" + my);
        }
        int srcCols = nx / 2 + 1;
        int cols = mx / 2 + 1;
        for (int r = 0; r < my; r++) {
            int f = rowFrequency(r, my);
            int srcRow = f >= 0 ? f : f + ny;
            int s = srcRow * srcCols * 2;
            int d = r * cols * 2;
            for (int c = 0; c < cols * 2; c++) {
                dst[d + c] = src[s + c] * scale;
            }
        }
    }

    /** {@link #crop(float[], int, int, float[], int, int, float)} from a native spectrum. */
    public static void crop(java.nio.FloatBuffer src, int nx, int ny, float[] dst, int mx, int my, float scale) {
        if (mx > nx || my > ny || mx % 2 != 0 || my % 2 != 0) {
            throw new IllegalArgumentException("cannot crop " + nx + "x" + ny + " to " + mx + "x" + my);
        }
        int srcCols = nx / 2 + 1;
        int cols = mx / 2 + 1;
        for (int r = 0; r < my; r++) {
            int f = rowFrequency(r, my);
            int srcRow = f >= 0 ? f : f + ny;
            int s = srcRow * srcCols * 2;
            int d = r * cols * 2;
            for (int c = 0; c < cols * 2; c++) {
                dst[d + c] = src.get(s + c) * scale;
            }
        }
    }

    /** A copy of an image shifted by (sx, sy) pixels, out(r) = in(r − s), through its spectrum (exact, periodic). */
    public static float[] shiftedImage(float[] image, int nx, int ny, double sx, double sy) {
        RealFft2d fft = FftPlans.of(nx, ny);
        float[] spectrum = new float[fft.spectrumLength()];
        float[] out = new float[nx * ny];
        fft.forward(image, spectrum);
        shift(spectrum, nx, ny, sx, sy, spectrum, false);
        fft.inverse(spectrum, out);
        float norm = 1f / ((float) nx * ny);
        for (int i = 0; i < out.length; i++) {
            out[i] *= norm;
        }
        return out;
    }

    /**
     * Shifts the image behind {@code src} by (sx, sy) pixels, out(r) = in(r − s), as an exact phase ramp, and
     * adds the result to {@code dst} (or stores it when {@code accumulate} is false). src and dst may be the
     * same array only when accumulate is false.
     */
    public static void shift(float[] src, int nx, int ny, double sx, double sy, float[] dst, boolean accumulate) {
        int cols = nx / 2 + 1;
        float[] ex = phaseFactors(cols, nx, sx, false);
        float[] ey = phaseFactors(ny, ny, sy, true);
        for (int r = 0; r < ny; r++) {
            float cy = ey[2 * r];
            float sny = ey[2 * r + 1];
            int base = r * cols * 2;
            for (int c = 0; c < cols; c++) {
                // phase factor = ey[r] · ex[c]
                float pr = cy * ex[2 * c] - sny * ex[2 * c + 1];
                float pi = cy * ex[2 * c + 1] + sny * ex[2 * c];
                int i = base + 2 * c;
                float re = src[i];
                float im = src[i + 1];
                float outRe = re * pr - im * pi;
                float outIm = re * pi + im * pr;
                if (accumulate) {
                    dst[i] += outRe;
                    dst[i + 1] += outIm;
                } else {
                    dst[i] = outRe;
                    dst[i + 1] = outIm;
                }
            }
        }
    }

    /** exp(−2πi·f·s/n) for each index, f the signed frequency when {@code wrapped}, else the index itself. */
    private static float[] phaseFactors(int count, int n, double s, boolean wrapped) {
        float[] out = new float[2 * count];
        for (int i = 0; i < count; i++) {
            int f = wrapped ? rowFrequency(i, n) : i;
            double phase = -2.0 * Math.PI * f * s / n;
            out[2 * i] = (float) Math.cos(phase);
            out[2 * i + 1] = (float) Math.sin(phase);
        }
        return out;
    }

    /** Adds src to dst element by element. */
    public static void add(float[] src, float[] dst, int length) {
        for (int i = 0; i < length; i++) {
            dst[i] += src[i];
        }
    }
}
