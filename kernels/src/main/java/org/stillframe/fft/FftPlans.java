package org.stillframe.fft;

import static org.bytedeco.fftw.global.fftw3.fftwf_export_wisdom_to_filename;
import static org.bytedeco.fftw.global.fftw3.fftwf_import_wisdom_from_filename;
import static org.bytedeco.fftw.global.fftw3.fftwf_set_timelimit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The process-wide cache of FFTs, one per size: a plan is made the first time a size is asked for and reused
 * by every later movie, thread and stage.
 *
 * <p>Sizes with only factors 2, 3, 5, 7 are planned with FFTW's measuring planner, which runs 1.7× faster than
 * its estimate (2048²: 14.8 against 25 ms) but takes 1–5 s to plan; the plans are kept as FFTW "wisdom" in a
 * file, so that only the first run on a machine pays for them. Other sizes use the estimate planner (measuring
 * 5760 × 4092 took 140 s). The file is {@code $STILLFRAME_FFTW_WISDOM}, or
 * {@code ~/.cache/stillframe/fftw-wisdom-float}; the system property {@code stillframe.fftw.planner=estimate}
 * turns measuring off (the tests use it).
 */
public final class FftPlans {

    private static final ConcurrentMap<Long, RealFft2d> PLANS = new ConcurrentHashMap<>();
    private static final double PLAN_TIME_LIMIT_S = 5;
    private static final boolean MEASURE =
            !"estimate".equalsIgnoreCase(System.getProperty("stillframe.fftw.planner", "measure"));
    private static final Path WISDOM = wisdomFile();
    private static boolean wisdomLoaded;

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
            loadWisdom();
            fftwf_set_timelimit(PLAN_TIME_LIMIT_S);
            long t0 = System.nanoTime();
            RealFft2d plan = new FftwRealFft2d(nx, ny, true);
            if (System.nanoTime() - t0 > 50_000_000L) { // new wisdom, not just recalled: keep it
                saveWisdom();
            }
            return plan;
        }
    }

    private static Path wisdomFile() {
        String env = System.getenv("STILLFRAME_FFTW_WISDOM");
        if (env != null && !env.isBlank()) {
            return Path.of(env);
        }
        String cache = System.getenv("XDG_CACHE_HOME");
        Path base = cache != null && !cache.isBlank() ? Path.of(cache) : Path.of(System.getProperty("user.home"), ".cache");
        return base.resolve("stillframe").resolve("fftw-wisdom-float");
    }

    private static void loadWisdom() {
        if (!wisdomLoaded) {
            wisdomLoaded = true;
            if (Files.isReadable(WISDOM)) {
                fftwf_import_wisdom_from_filename(WISDOM.toString());
            }
        }
    }

    /** Best effort: a read-only home just means planning again next time. */
    private static void saveWisdom() {
        try {
            Files.createDirectories(WISDOM.getParent());
            Path temp = Files.createTempFile(WISDOM.getParent(), ".fftw-wisdom", ".part");
            if (fftwf_export_wisdom_to_filename(temp.toString()) != 0) {
                Files.move(temp, WISDOM, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } else {
                Files.deleteIfExists(temp);
            }
        } catch (IOException | RuntimeException e) {
            // ignore: wisdom is only a speed-up
        }
    }
}
