package org.stillframe.cli;

import org.stillframe.config.Defaults;
import org.stillframe.fft.FftPlans;
import org.stillframe.io.FftWisdomFile;

/**
 * Loads what every run needs — FFTW's native library (~90 ms), its saved wisdom, the configuration — on a
 * background thread while the command line is parsed and the movie's header and gain are read.
 */
final class Warmup {

    private Warmup() {
    }

    static void start() {
        Thread t = new Thread(() -> {
            try {
                FftWisdomFile.load();
                FftPlans.of(16, 16);
                Defaults.root();
            } catch (RuntimeException | LinkageError e) {
                // the foreground will meet the same problem and report it properly
            }
        }, "stillframe-warmup");
        t.setDaemon(true);
        t.start();
    }
}
