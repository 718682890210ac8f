package org.stillframe.fft;

import static org.bytedeco.fftw.global.fftw3.FFTW_ESTIMATE;
import static org.bytedeco.fftw.global.fftw3.fftwf_destroy_plan;
import static org.bytedeco.fftw.global.fftw3.fftwf_execute;
import static org.bytedeco.fftw.global.fftw3.fftwf_free;
import static org.bytedeco.fftw.global.fftw3.fftwf_malloc;
import static org.bytedeco.fftw.global.fftw3.fftwf_plan_dft_c2r_3d;
import static org.bytedeco.fftw.global.fftw3.fftwf_plan_dft_r2c_3d;

import org.bytedeco.fftw.global.fftw3.fftwf_plan;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.Pointer;

/**
 * One-off 3-D real FFTs (a reference map is transformed once): n³ real values (index (z·n + y)·n + x) to
 * n × n × (n/2 + 1) complex values, interleaved, index ((z·n + y)·(n/2 + 1) + x), unnormalised; and back.
 */
public final class RealFft3d {

    private static final Object PLANNER_LOCK = new Object();

    private RealFft3d() {
    }

    /** What {@link #forEachFrequency} calls for each coefficient. */
    @FunctionalInterface
    public interface FrequencyVisitor {
        /**
         * @param index  the coefficient's index (its real part is at 2·index of the transform)
         * @param x      its x frequency (0 .. n/2: the half-spectrum holds x &gt; 0 once for two conjugates)
         * @param radius |k| in cycles per n voxels
         */
        void visit(int index, int x, double radius);
    }

    /** Visits every coefficient of an n³ transform's layout in order, with its frequency radius. */
    public static void forEachFrequency(int n, FrequencyVisitor visitor) {
        int cols = n / 2 + 1;
        for (int z = 0; z < n; z++) {
            int kz = z <= n / 2 ? z : z - n;
            for (int y = 0; y < n; y++) {
                int ky = y <= n / 2 ? y : y - n;
                int row = (z * n + y) * cols;
                for (int x = 0; x < cols; x++) {
                    visitor.visit(row + x, x, Math.sqrt((double) x * x + ky * ky + kz * kz));
                }
            }
        }
    }

    public static float[] forward(float[] volume, int n) {
        check(volume.length, n, n * n * n);
        float[] out = new float[2 * n * n * (n / 2 + 1)];
        transform(volume, out, n, true);
        return out;
    }

    /** The inverse of {@link #forward}, unnormalised (forward then inverse multiplies by n³). */
    public static float[] inverse(float[] spectrum, int n) {
        check(spectrum.length, n, 2 * n * n * (n / 2 + 1));
        float[] out = new float[n * n * n];
        transform(spectrum, out, n, false);
        return out;
    }

    private static void check(int length, int n, int expected) {
        if (n < 2 || n % 2 != 0 || length != expected) {
            throw new IllegalArgumentException("a 3-D FFT needs n³ values with n even, got " + length
                    + " for n = " + n);
        }
    }

    private static void transform(float[] in, float[] out, int n, boolean forward) {
        int cols = n / 2 + 1;
        long floats = 2L * n * n * cols;
        Pointer raw = fftwf_malloc(floats * Float.BYTES);
        if (raw == null || raw.isNull()) {
            throw new OutOfMemoryError("FFTW could not allocate " + floats * Float.BYTES + " bytes");
        }
        FloatPointer buf = new FloatPointer(raw).capacity(floats);
        try {
            fftwf_plan plan;
            synchronized (PLANNER_LOCK) {
                plan = forward ? fftwf_plan_dft_r2c_3d(n, n, n, buf, buf, FFTW_ESTIMATE)
                        : fftwf_plan_dft_c2r_3d(n, n, n, buf, buf, FFTW_ESTIMATE);
            }
            if (plan == null || plan.isNull()) {
                throw new IllegalStateException("FFTW could not plan a " + n + "³ transform");
            }
            int padded = 2 * cols; // in-place layout: each x row padded to 2·(n/2 + 1) floats
            if (forward) {
                for (int zy = 0; zy < n * n; zy++) {
                    buf.position((long) zy * padded).put(in, zy * n, n);
                }
            } else {
                buf.position(0).put(in, 0, in.length);
            }
            buf.position(0);
            fftwf_execute(plan);
            synchronized (PLANNER_LOCK) {
                fftwf_destroy_plan(plan);
            }
            if (forward) {
                buf.position(0).get(out, 0, out.length);
            } else {
                for (int zy = 0; zy < n * n; zy++) {
                    buf.position((long) zy * padded).get(out, zy * n, n);
                }
            }
        } finally {
            fftwf_free(buf.position(0));
        }
    }
}
