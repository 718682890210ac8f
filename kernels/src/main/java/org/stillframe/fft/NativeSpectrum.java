package org.stillframe.fft;

import static org.bytedeco.fftw.global.fftw3.fftwf_free;
import static org.bytedeco.fftw.global.fftw3.fftwf_malloc;

import java.nio.FloatBuffer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.Pointer;

/**
 * A frame transformed in place in native memory: written as a real image with rows of {@link #rowStride()}
 * floats, then holding its spectrum (the {@link RealFft2d} layout) after {@link RealFft2d#forwardInPlace}.
 * Keeping spectra here rather than in Java arrays saves a copy in, a copy out and the JVM's zeroing of every
 * frame-sized array: memory traffic that dominates reading a movie on two cores.
 */
public final class NativeSpectrum implements AutoCloseable {

    private final FloatPointer pointer;
    private final FloatBuffer buffer;
    private final int rowStride;
    private final int nx;
    private final int ny;
    private boolean closed;

    NativeSpectrum(int nx, int ny) {
        this.nx = nx;
        this.ny = ny;
        this.rowStride = 2 * (nx / 2 + 1);
        long floats = (long) rowStride * ny;
        if (floats > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("frame too large for one native buffer: " + nx + "x" + ny);
        }
        Pointer p = fftwf_malloc(floats * Float.BYTES);
        if (p == null || p.isNull()) {
            throw new OutOfMemoryError("FFTW could not allocate " + floats * Float.BYTES + " bytes");
        }
        this.pointer = new FloatPointer(p).capacity(floats);
        this.buffer = pointer.asBuffer();
    }

    FloatPointer pointer() {
        return pointer;
    }

    /** The floats: real rows of {@link #rowStride()} before the transform, the spectrum after. */
    public FloatBuffer buffer() {
        return buffer;
    }

    /** Floats per row of the real image (2·(nx/2 + 1)); pixels beyond nx in a row are padding. */
    public int rowStride() {
        return rowStride;
    }

    /** The image width it transforms. */
    public int width() {
        return nx;
    }

    /** The image height it transforms. */
    public int height() {
        return ny;
    }

    /** Native bytes held. */
    public long bytes() {
        return (long) rowStride * ny * Float.BYTES;
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            fftwf_free(pointer);
        }
    }
}
