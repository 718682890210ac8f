package org.stillframe.dose;

/**
 * Per-frame, per-frequency dose weights (Grant & Grigorieff 2015): with A_i(k) = exp(−E_i / (2 N_e(k))), E_i
 * the exposure at the end of frame i, each frame is weighted by w_i(k) = A_i(k) / sqrt(Σ_j A_j(k)²), so that
 * Σ_i w_i(k)² = 1 at every k and the noise of the weighted sum stays white. The DC term is left unweighted
 * (w_i(0) = 1, as MotionCor2 does), so the weighted sum keeps the plain sum's mean.
 *
 * <p>Weights depend on |k| only and are tabulated over radius for fast lookup per Fourier coefficient.
 */
public final class DoseWeights {

    /** Table resolution in radius: this many steps per cycle-per-pixel unit of the longer side. */
    private static final int STEPS_PER_SAMPLE = 4;

    private final double pixelSizeA;
    private final double step; // cycles per pixel per table entry
    /**
     * [frame][radius step], padded for interpolation without branches: entry 0 repeats entry 1 (between the DC
     * and the first ring the first ring's weight holds), and two entries of 1 follow the last: the DC term's slot.
     */
    private final float[][] table;
    private final int last; // the last radius entry

    /**
     * @param schedule      exposure per frame
     * @param pixelSizeA    pixel size (Å) of the grid being weighted
     * @param voltageFactor {@link CriticalExposure#voltageFactor}
     * @param longerSide    longer side of the images (px), for the table's resolution
     */
    public DoseWeights(DoseSchedule schedule, double pixelSizeA, double voltageFactor, int longerSide) {
        this.pixelSizeA = pixelSizeA;
        this.step = 1.0 / (STEPS_PER_SAMPLE * longerSide);
        int n = schedule.frames();
        int entries = (int) Math.ceil(Math.sqrt(0.5) / step) + 2;
        last = entries - 1;
        table = new float[n][entries + 2];
        double[] exposure = new double[n];
        for (int i = 0; i < n; i++) {
            exposure[i] = schedule.exposureAtEnd(i);
        }
        for (int r = 0; r < entries; r++) {
            if (r == 0) {
                for (int i = 0; i < n; i++) {
                    table[i][0] = 1f;
                }
                continue;
            }
            double k = r * step / pixelSizeA;
            double ne = CriticalExposure.of(k, voltageFactor);
            double norm = 0;
            double[] a = new double[n];
            for (int i = 0; i < n; i++) {
                a[i] = Math.exp(-exposure[i] / (2 * ne));
                norm += a[i] * a[i];
            }
            norm = Math.sqrt(norm);
            for (int i = 0; i < n; i++) {
                table[i][r] = norm > 0 ? (float) (a[i] / norm) : 0f;
            }
        }
        for (float[] t : table) {
            t[0] = t[1];
            t[last + 1] = 1f;
            t[last + 2] = 1f;
        }
    }

    public int frames() {
        return table.length;
    }

    public double pixelSizeA() {
        return pixelSizeA;
    }

    /** w_i at radius s cycles per pixel (interpolated; exactly 1 at s = 0). */
    public float weight(int frame, double cyclesPerPixel) {
        if (cyclesPerPixel <= 0) {
            return 1f;
        }
        double u = cyclesPerPixel / step;
        int k = (int) u;
        return k >= last ? table[frame][last] : interpolated(table[frame], k, (float) (u - k));
    }

    /** Table row t between entries k and k + 1 (fraction f). */
    private static float interpolated(float[] t, int k, float f) {
        float a = t[k];
        return a + f * (t[k + 1] - a);
    }

    /**
     * Where each radius (cycles per pixel) falls in the table, found once for a grid of coefficients so that each
     * frame's weights there ({@link #weights}) cost one interpolation per coefficient, with no division or branch.
     * Radii beyond the table's end sit on its last entry, the DC term on its own slot (weight 1).
     */
    public record Positions(int[] index, float[] fraction) {
    }

    public Positions positions(float[] cyclesPerPixel) {
        int[] index = new int[cyclesPerPixel.length];
        float[] fraction = new float[cyclesPerPixel.length];
        for (int m = 0; m < index.length; m++) {
            double s = cyclesPerPixel[m];
            if (s <= 0) {
                index[m] = last + 1; // the DC slot
                continue;
            }
            double u = s / step;
            int k = (int) u;
            index[m] = Math.min(k, last);
            fraction[m] = k >= last ? 0f : (float) (u - k);
        }
        return new Positions(index, fraction);
    }

    /** The positions of the last spectrum size asked for, kept while memory allows. */
    private static volatile java.lang.ref.SoftReference<SpectrumPositions> lastSpectrum =
            new java.lang.ref.SoftReference<>(null);

    private record SpectrumPositions(int nx, int ny, double step, Positions positions) {
    }

    /**
     * {@link #positions} of every coefficient of an nx × ny half spectrum (row-major, nx / 2 + 1 columns, rows
     * in FFT order). The last size's are kept: a tilt series or a dataset is many movies of one size, and making
     * them again cost each 1024² tilt 8 MB of fresh memory and ~3 % of its time.
     */
    public Positions spectrumPositions(int nx, int ny) {
        SpectrumPositions last = lastSpectrum.get();
        if (last != null && last.nx() == nx && last.ny() == ny && last.step() == step) {
            return last.positions();
        }
        Positions made = positions(spectrumRadii(nx, ny));
        lastSpectrum = new java.lang.ref.SoftReference<>(new SpectrumPositions(nx, ny, step, made));
        return made;
    }

    /** |k| in cycles per pixel of each coefficient of an nx × ny half spectrum. */
    static float[] spectrumRadii(int nx, int ny) {
        int cols = nx / 2 + 1;
        float[] r = new float[cols * ny];
        for (int row = 0; row < ny; row++) {
            double sy = org.stillframe.image.Spectra.rowFrequency(row, ny) / (double) ny;
            for (int c = 0; c < cols; c++) {
                double sx = c / (double) nx;
                r[row * cols + c] = (float) Math.sqrt(sx * sx + sy * sy);
            }
        }
        return r;
    }

    /** Frame i's weight at every position, into {@code out}: the same values as {@link #weight} gives. */
    public void weights(int frame, Positions at, float[] out) {
        float[] t = table[frame];
        int[] index = at.index();
        float[] fraction = at.fraction();
        for (int m = 0; m < out.length; m++) {
            out[m] = interpolated(t, index[m], fraction[m]);
        }
    }
}
