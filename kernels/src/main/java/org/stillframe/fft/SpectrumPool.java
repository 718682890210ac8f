package org.stillframe.fft;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Native spectra kept between movies of one size, up to {@value #CAP_BYTES} bytes in all: a run of small movies
 * (a tilt series) reuses the same memory instead of faulting in fresh pages for every frame of every movie,
 * which cost as much as the transform it saves (41 tilts of 1024² × 8 frames, measured).
 */
public final class SpectrumPool {

    /** The most native memory kept idle between movies. */
    public static final long CAP_BYTES = 192L << 20;

    private static final Map<Long, ConcurrentLinkedDeque<NativeSpectrum>> IDLE = new ConcurrentHashMap<>();
    private static final AtomicLong IDLE_BYTES = new AtomicLong();

    private SpectrumPool() {
    }

    /** A native spectrum for {@code fft}'s size: an idle one when there is one, else a new one. */
    public static NativeSpectrum take(RealFft2d fft) {
        ConcurrentLinkedDeque<NativeSpectrum> idle = IDLE.get(key(fft.width(), fft.height()));
        NativeSpectrum s = idle == null ? null : idle.pollFirst();
        if (s == null) {
            return fft.newNativeSpectrum();
        }
        IDLE_BYTES.addAndGet(-s.bytes());
        return s;
    }

    /** Hands a spectrum back: kept for the next movie while the pool has room, freed otherwise. */
    public static void give(NativeSpectrum s) {
        long bytes = s.bytes();
        if (IDLE_BYTES.addAndGet(bytes) > CAP_BYTES) {
            IDLE_BYTES.addAndGet(-bytes);
            s.close();
            return;
        }
        IDLE.computeIfAbsent(key(s.width(), s.height()), k -> new ConcurrentLinkedDeque<>()).offerFirst(s);
    }

    /** Bytes held idle now (for tests). */
    static long idleBytes() {
        return IDLE_BYTES.get();
    }

    private static long key(int nx, int ny) {
        return ((long) nx << 32) | (ny & 0xffffffffL);
    }
}
