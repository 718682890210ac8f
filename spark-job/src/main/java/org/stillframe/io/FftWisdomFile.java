package org.stillframe.io;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.stillframe.fft.FftPlans;

/**
 * Keeps FFTW's measured plans between runs in {@code $STILLFRAME_FFTW_WISDOM}, or
 * {@code ~/.cache/stillframe/fftw-wisdom-float}. Best effort: an unreadable or read-only cache only means
 * planning again.
 */
public final class FftWisdomFile {

    private FftWisdomFile() {
    }

    public static Path location() {
        String env = System.getenv("STILLFRAME_FFTW_WISDOM");
        if (env != null && !env.isBlank()) {
            return Path.of(env);
        }
        String cache = System.getenv("XDG_CACHE_HOME");
        Path base = cache != null && !cache.isBlank() ? Path.of(cache)
                : Path.of(System.getProperty("user.home"), ".cache");
        return base.resolve("stillframe").resolve("fftw-wisdom-float");
    }

    private static boolean loaded;

    /** Imports the saved wisdom, if any (once per process). */
    public static synchronized void load() {
        if (loaded) {
            return;
        }
        loaded = true;
        Path file = location();
        try {
            if (Files.isReadable(file)) {
                FftPlans.importWisdom(Files.readString(file, StandardCharsets.US_ASCII));
            }
        } catch (IOException | RuntimeException e) {
            // a damaged cache is ignored
        }
    }

    /** Saves the wisdom if new plans were measured since the last save. */
    public static void saveIfNew() {
        if (!FftPlans.hasNewWisdom()) {
            return;
        }
        try {
            AtomicFiles.writeString(location(), FftPlans.exportWisdom());
            FftPlans.wisdomSaved();
        } catch (IOException | RuntimeException e) {
            // read-only home: plan again next time
        }
    }
}
