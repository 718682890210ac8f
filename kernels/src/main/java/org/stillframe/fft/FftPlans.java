package org.stillframe.fft;

import static org.bytedeco.fftw.global.fftw3.fftwf_export_wisdom_to_string;
import static org.bytedeco.fftw.global.fftw3.fftwf_import_wisdom_from_string;
import static org.bytedeco.fftw.global.fftw3.fftwf_set_timelimit;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.bytedeco.javacpp.BytePointer;

/**
 * The process-wide cache of FFTs, one per size: a plan is made the first time a size is asked for and reused
 * by every later movie, thread and stage.
 *
 * <p>Sizes with only factors 2, 3, 5, 7 are planned with FFTW's measuring planner, which runs 1.7× faster than
 * its estimate (2048²: 14.8 against 25 ms) but takes 1–5 s to plan. What it learns ("wisdom") can be exported
 * and imported as text, so that the caller can keep it in a file and only the first run on a machine pays
 * for planning. Other sizes use the estimate planner (measuring 5760 × 4092 took 140 s). The system property
 * {@code stillframe.fftw.planner=estimate} turns measuring off (the tests use it).
 */
public final class FftPlans {

    private static final ConcurrentMap<Long, RealFft2d> PLANS = new ConcurrentHashMap<>();
    private static final double PLAN_TIME_LIMIT_S = 5;
    private static final boolean MEASURE =
            !"estimate".equalsIgnoreCase(System.getProperty("stillframe.fftw.planner", "measure"));
    private static volatile boolean newWisdom;

    private FftPlans() {
    }

    /** The shared FFT for images nx wide and ny high (nx even). */
    public static RealFft2d of(int nx, int ny) {
        long key = ((long) nx << 32) | (ny & 0xffffffffL);
        RealFft2d plan = PLANS.get(key);
        return plan != null ? plan : PLANS.computeIfAbsent(key, k -> create(nx, ny));
    }

    private static RealFft2d create(int nx, int ny) {
        boolean measure = MEASURE && FftSizes.isGood(nx) && FftSizes.isGood(ny);
        if (!measure) {
            return new FftwRealFft2d(nx, ny, false);
        }
        synchronized (FftPlans.class) {
            fftwf_set_timelimit(PLAN_TIME_LIMIT_S);
            long t0 = System.nanoTime();
            RealFft2d plan = new FftwRealFft2d(nx, ny, true);
            if (System.nanoTime() - t0 > 50_000_000L) { // planned, not recalled from wisdom
                newWisdom = true;
            }
            return plan;
        }
    }

    /** Adds wisdom exported by an earlier run; false if FFTW did not accept the text. */
    public static synchronized boolean importWisdom(String wisdom) {
        return fftwf_import_wisdom_from_string(wisdom) != 0;
    }

    /** All wisdom gathered so far, as text for {@link #importWisdom}. */
    public static synchronized String exportWisdom() {
        BytePointer p = fftwf_export_wisdom_to_string();
        try {
            return p == null || p.isNull() ? "" : p.getString();
        } finally {
            if (p != null && !p.isNull()) {
                org.bytedeco.fftw.global.fftw3.fftwf_free(p);
            }
        }
    }

    /** True once a plan has been measured since the last {@link #exportWisdom} worth keeping. */
    public static boolean hasNewWisdom() {
        return newWisdom;
    }

    /** Marks the current wisdom as kept. */
    public static void wisdomSaved() {
        newWisdom = false;
    }
}
