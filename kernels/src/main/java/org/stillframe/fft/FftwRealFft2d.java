package org.stillframe.fft;

import static org.bytedeco.fftw.global.fftw3.FFTW_ESTIMATE;
import static org.bytedeco.fftw.global.fftw3.FFTW_MEASURE;
import static org.bytedeco.fftw.global.fftw3.fftwf_destroy_plan;
import static org.bytedeco.fftw.global.fftw3.fftwf_execute_dft_c2r;
import static org.bytedeco.fftw.global.fftw3.fftwf_execute_dft_r2c;
import static org.bytedeco.fftw.global.fftw3.fftwf_free;
import static org.bytedeco.fftw.global.fftw3.fftwf_malloc;
import static org.bytedeco.fftw.global.fftw3.fftwf_plan_dft_c2r_2d;
import static org.bytedeco.fftw.global.fftw3.fftwf_plan_dft_r2c_2d;

import java.util.ArrayList;
import java.util.List;
import org.bytedeco.fftw.global.fftw3.fftwf_plan;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.Pointer;

/**
 * Single-precision FFTW (through the JavaCPP presets), in place on one aligned native buffer per thread.
 *
 * <p>Plans are made once (planning is not thread-safe, so it is serialised on the class) and executed with
 * FFTW's new-array interface, which is thread-safe. Each calling thread gets its own native buffer, so several
 * frames transform at once on several cores.
 */
final class FftwRealFft2d implements RealFft2d, AutoCloseable {

    private static final Object PLANNER_LOCK = new Object();

    private final int nx;
    private final int ny;
    private final int paddedRow; // floats per row of the in-place real layout: 2·(nx/2+1)
    private final fftwf_plan forwardPlan;
    private final fftwf_plan inversePlan;
    private final List<FloatPointer> buffers = new ArrayList<>();
    private final ThreadLocal<FloatPointer> threadBuffer;

    FftwRealFft2d(int nx, int ny, boolean measure) {
        if (nx < 2 || ny < 2 || nx % 2 != 0) {
            throw new IllegalArgumentException("FFT size must be at least 2x2 with an even width: " + nx + "x" + ny);
        }
        this.nx = nx;
        this.ny = ny;
        this.paddedRow = 2 * (nx / 2 + 1);
        int flags = measure ? FFTW_MEASURE : FFTW_ESTIMATE;
        synchronized (PLANNER_LOCK) {
            FloatPointer scratch = allocate();
            forwardPlan = fftwf_plan_dft_r2c_2d(ny, nx, scratch, scratch, flags);
            inversePlan = fftwf_plan_dft_c2r_2d(ny, nx, scratch, scratch, flags);
            if (forwardPlan == null || forwardPlan.isNull() || inversePlan == null || inversePlan.isNull()) {
                throw new IllegalStateException("FFTW could not plan a " + nx + "x" + ny + " transform");
            }
        }
        threadBuffer = ThreadLocal.withInitial(this::allocate);
    }

    private FloatPointer allocate() {
        long floats = (long) paddedRow * ny;
        Pointer p = fftwf_malloc(floats * Float.BYTES);
        if (p == null || p.isNull()) {
            throw new OutOfMemoryError("FFTW could not allocate " + floats * Float.BYTES + " bytes");
        }
        FloatPointer fp = new FloatPointer(p).capacity(floats);
        synchronized (buffers) {
            buffers.add(fp);
        }
        return fp;
    }

    @Override
    public int width() {
        return nx;
    }

    @Override
    public int height() {
        return ny;
    }

    @Override
    public void forward(float[] image, float[] spectrum) {
        checkLengths(image, spectrum);
        FloatPointer buf = threadBuffer.get();
        for (int y = 0; y < ny; y++) {
            buf.position((long) y * paddedRow).put(image, y * nx, nx);
        }
        buf.position(0);
        fftwf_execute_dft_r2c(forwardPlan, buf, buf);
        buf.get(spectrum, 0, spectrumLength());
    }

    @Override
    public void inverse(float[] spectrum, float[] image) {
        checkLengths(image, spectrum);
        FloatPointer buf = threadBuffer.get();
        buf.position(0).put(spectrum, 0, spectrumLength());
        buf.position(0);
        fftwf_execute_dft_c2r(inversePlan, buf, buf);
        for (int y = 0; y < ny; y++) {
            buf.position((long) y * paddedRow).get(image, y * nx, nx);
        }
        buf.position(0);
    }

    @Override
    public NativeSpectrum newNativeSpectrum() {
        return new NativeSpectrum(nx, ny);
    }

    @Override
    public void forwardInPlace(NativeSpectrum frame) {
        if (frame.rowStride() != paddedRow || frame.buffer().capacity() < (long) paddedRow * ny) {
            throw new IllegalArgumentException("native buffer is not for a " + nx + "x" + ny + " transform");
        }
        fftwf_execute_dft_r2c(forwardPlan, frame.pointer(), frame.pointer());
    }

    private void checkLengths(float[] image, float[] spectrum) {
        if (image.length < nx * ny || spectrum.length < spectrumLength()) {
            throw new IllegalArgumentException("arrays too short for a " + nx + "x" + ny + " FFT");
        }
    }

    @Override
    public void close() {
        synchronized (PLANNER_LOCK) {
            fftwf_destroy_plan(forwardPlan);
            fftwf_destroy_plan(inversePlan);
        }
        synchronized (buffers) {
            for (FloatPointer b : buffers) {
                fftwf_free(b.position(0));
            }
            buffers.clear();
        }
    }
}
