package org.stillframe.fft;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The process-wide cache of FFTs, one per size: a plan is made the first time a size is asked for and reused
 * by every later movie, thread and stage. FFTW's estimate planner is used: measuring planners cost seconds per
 * size, more than a whole movie's transforms save on a 2-core machine.
 */
public final class FftPlans {

    private static final ConcurrentMap<Long, RealFft2d> PLANS = new ConcurrentHashMap<>();

    private FftPlans() {
    }

    /** The shared FFT for images nx wide and ny high (nx even). */
    public static RealFft2d of(int nx, int ny) {
        long key = ((long) nx << 32) | (ny & 0xffffffffL);
        return PLANS.computeIfAbsent(key, k -> new FftwRealFft2d(nx, ny, false));
    }
}
