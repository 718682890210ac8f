package org.stillframe.correct;

import org.stillframe.align.global.FrameShifts;
import org.stillframe.compute.ComputeBackend;
import org.stillframe.dose.DoseWeights;
import org.stillframe.image.Spectra;

/**
 * Accumulates every requested sum from the aligned frames' spectra in one pass: the plain sum, the
 * dose-weighted sum, its -SumRange selection and the even/odd halves. Each worker adds into its own partial
 * spectra; {@link #add} is called once per frame with the frame's shifted spectrum.
 */
final class WeightedSums {

    private static final int PLAIN = 0;
    private static final int DW = 1;
    private static final int DWS = 2;
    private static final int EVN = 3;
    private static final int ODD = 4;

    private final int nx;
    private final int ny;
    private final SumRequest request;
    private final boolean[] active = new boolean[5];
    private final boolean dwFromHalves; // the DW sum is the even plus the odd half: both are dose-weighted
    private final float[][] weightBuf;  // [worker] the current frame's weight per coefficient
    private final float[][][] partial; // [worker][kind][spectrum]
    private final DoseWeights.Positions positions; // each coefficient's place in the dose-weight table
    private final float[] motionNorm;  // Σ_j (A_j·B_j)² per coefficient when -InFmMotion, else null
    private final FrameShifts shifts;
    private final ComputeBackend compute;

    WeightedSums(int nx, int ny, int workers, SumRequest request, FrameShifts shifts, ComputeBackend compute) {
        this.compute = compute;
        this.nx = nx;
        this.ny = ny;
        this.request = request;
        this.shifts = shifts;
        boolean dw = request.doseWeights() != null;
        active[PLAIN] = true;
        active[DW] = dw;
        active[DWS] = request.dwsFrames() != null;
        active[EVN] = request.splitSum();
        active[ODD] = request.splitSum();
        dwFromHalves = dw && request.splitSum();
        int length = Spectra.length(nx, ny);
        partial = new float[workers][5][];
        for (float[][] p : partial) {
            for (int k = 0; k < 5; k++) {
                if (accumulated(k)) {
                    p[k] = new float[length];
                }
            }
        }
        positions = dw ? request.doseWeights().spectrumPositions(nx, ny) : null;
        weightBuf = dw ? new float[workers][length / 2] : null;
        motionNorm = request.inFrameMotion() ? motionNormalisation() : null;
    }

    /** Whether sum k is accumulated frame by frame (the DW sum made from the halves is not). */
    private boolean accumulated(int k) {
        return active[k] && !(k == DW && dwFromHalves);
    }

    /** Adds frame i's spectrum, shifted by its alignment (in place), to every sum it belongs to. */
    void add(int worker, int i, float[] spectrum) {
        add(worker, i, spectrum, false);
    }

    /** As {@link #add(int, int, float[])}; {@code aligned} says the spectrum is already fully aligned. */
    void add(int worker, int i, float[] spectrum, boolean aligned) {
        float[][] p = partial[worker];
        if (!aligned && !active[DW] && !active[EVN]) {
            compute.shift(spectrum, nx, ny, shifts.x(i), shifts.y(i), p[PLAIN], true); // shift and add in one pass
            return;
        }
        if (!aligned) {
            compute.shift(spectrum, nx, ny, shifts.x(i), shifts.y(i), spectrum, false);
        }
        Spectra.add(spectrum, p[PLAIN], spectrum.length);
        boolean even = i % 2 == 1; // 0-based odd index = 1-based even frame number
        if (active[DW]) {
            float[] w = frameWeights(worker, i);
            if (!dwFromHalves) {
                addWeighted(spectrum, w, p[DW]);
            }
            if (active[DWS] && request.dwsFrames()[i]) {
                addWeighted(spectrum, w, p[DWS]);
            }
            if (active[EVN]) {
                addWeighted(spectrum, w, p[even ? EVN : ODD]);
            }
        } else if (active[EVN]) {
            Spectra.add(spectrum, p[even ? EVN : ODD], spectrum.length);
        }
    }

    /** The frame's weight per complex coefficient, in the worker's buffer. */
    private float[] frameWeights(int worker, int i) {
        DoseWeights dose = request.doseWeights();
        float[] w = weightBuf[worker];
        dose.weights(i, positions, w);
        if (motionNorm != null) {
            float[] b = blur(i);
            for (int m = 0; m < w.length; m++) {
                // w = A·B / sqrt(Σ (A·B)²); dose weights are A / sqrt(Σ A²), and Σ A² cancels within the ratio
                // only per radius, so the full normalisation was precomputed per coefficient.
                w[m] = motionNorm[m] > 0 ? w[m] * b[m] / motionNorm[m] : w[m];
            }
        }
        return w;
    }

    private void addWeighted(float[] spectrum, float[] w, float[] dst) {
        compute.addWeighted(spectrum, w, dst);
    }

    /**
     * |sinc(π k·v_i)|: the attenuation of a frame whose content moved by v_i (its own displacement over the
     * frame's exposure, from the neighbouring frames' shifts) while it was recorded.
     */
    private float[] blur(int i) {
        int n = shifts.frames();
        int a = Math.max(0, i - 1);
        int b = Math.min(n - 1, i + 1);
        double vx = (shifts.x(b) - shifts.x(a)) / Math.max(1, b - a);
        double vy = (shifts.y(b) - shifts.y(a)) / Math.max(1, b - a);
        int cols = nx / 2 + 1;
        float[] out = new float[cols * ny];
        for (int row = 0; row < ny; row++) {
            double sy = Spectra.rowFrequency(row, ny) / (double) ny;
            for (int c = 0; c < cols; c++) {
                double u = Math.PI * (c / (double) nx * vx + sy * vy);
                out[row * cols + c] = (float) (Math.abs(u) < 1e-6 ? 1 : Math.abs(Math.sin(u) / u));
            }
        }
        return out;
    }

    /** For -InFmMotion, the per-coefficient factor that turns the dose weights A/√ΣA² into AB/√Σ(AB)². */
    private float[] motionNormalisation() {
        DoseWeights dose = request.doseWeights();
        int n = dose.frames();
        float[] sum = new float[positions.index().length];
        float[] w = new float[sum.length];
        for (int i = 0; i < n; i++) {
            float[] b = blur(i);
            dose.weights(i, positions, w);
            for (int m = 0; m < sum.length; m++) {
                float ab = w[m] * b[m];
                sum[m] += ab * ab;
            }
        }
        for (int m = 0; m < sum.length; m++) {
            sum[m] = (float) Math.sqrt(sum[m]);
        }
        return sum;
    }

    /** The finished sums: partials added, binned by Fourier cropping, transformed back. */
    Sums finish(int outX, int outY) {
        float[][] images = new float[5][];
        float[][] totals = new float[5][];
        var outFft = compute.fft(outX, outY);
        for (int k = 0; k < 5; k++) {
            if (!accumulated(k)) {
                continue;
            }
            totals[k] = partial[0][k];
            for (int w = 1; w < partial.length; w++) {
                Spectra.add(partial[w][k], totals[k], totals[k].length);
            }
        }
        for (int k = 0; k < 5; k++) {
            if (totals[k] != null) {
                images[k] = inverse(totals[k], outFft, outX, outY);
            }
        }
        if (dwFromHalves) { // the transform is linear: the halves' images add up to the DW sum's
            images[DW] = images[EVN].clone();
            Spectra.add(images[ODD], images[DW], images[DW].length);
        }
        return new Sums(outX, outY, (double) nx / outX, images[PLAIN], images[DW], images[DWS], images[EVN],
                images[ODD]);
    }

    /** Crops a full-size spectrum to outX × outY (Fourier binning) and transforms back, in pixel units. */
    float[] inverse(float[] spectrum, org.stillframe.fft.RealFft2d outFft, int outX, int outY) {
        float[] s = spectrum;
        if (outX != nx || outY != ny) {
            s = new float[Spectra.length(outX, outY)];
            Spectra.crop(spectrum, nx, ny, s, outX, outY, 1f);
        }
        float[] image = new float[outX * outY];
        outFft.inverse(s, image);
        // Unnormalised inverse of a spectrum summed from nx·ny-pixel frames; binning keeps the per-pixel
        // values of a sum (a binned pixel holds the mean of the pixels it covers).
        float norm = 1f / ((float) nx * ny);
        for (int i = 0; i < image.length; i++) {
            image[i] *= norm;
        }
        return image;
    }
}
