package org.stillframe.cli;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.stillframe.io.BadInputException;
import org.stillframe.io.FrameSource;
import org.stillframe.io.formats.MovieFiles;
import org.stillframe.io.MovieReadOptions;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code stillframe info}: what a movie file is (format, size, frames, encoding, pixel size), from its headers,
 * without decoding the frames; with {@code --decode}, also how long decoding each frame takes.
 */
@Command(name = "info", mixinStandardHelpOptions = true,
        description = "Describe movie files (MRC, TIFF, EER, .bz2; local paths or Hadoop URIs) without decoding them.")
public final class InfoCommand implements Callable<Integer> {

    @Parameters(arity = "1..*", paramLabel = "FILE")
    String[] files;

    @Option(names = "--eer-sampling", defaultValue = "1", description = "EER rendering: 1, 2 or 3 (1x, 2x, 4x).")
    int eerSampling;

    @Option(names = "--decode", description = "Also decode every frame (up to --frames) and print the time per frame.")
    boolean decode;

    @Option(names = "--frames", defaultValue = "2147483647", description = "With --decode: at most this many frames.")
    int maxFrames;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (eerSampling < 1 || eerSampling > 3) {
            err.println("stillframe info: --eer-sampling must be 1, 2 or 3");
            return Main.BAD_INPUT;
        }
        int status = Main.OK;
        for (String f : files) {
            try (FrameSource r = MovieFiles.open(f, new MovieReadOptions(eerSampling, false))) {
                double p = r.pixelSizeA();
                out.printf(Locale.ROOT, "%s: %s, %d x %d, %d frames, pixel size %s, dose unknown%n", f, r.format(),
                        r.width(), r.height(), r.frameCount(), Double.isNaN(p) ? "unknown"
                                : String.format(Locale.ROOT, "%.4f A", p));
                if (decode) {
                    decodeTiming(r, out);
                }
            } catch (BadInputException e) {
                err.println("stillframe info: " + e.getMessage());
                status = Main.BAD_INPUT;
            }
            out.flush();
        }
        return status;
    }

    private void decodeTiming(FrameSource r, PrintWriter out) throws java.io.IOException {
        float[] frame = new float[Math.multiplyExact(r.width(), r.height())];
        int n = Math.min(maxFrames, r.frameCount());
        double total = 0;
        long start = System.nanoTime();
        for (int k = 0; k < n; k++) {
            r.read(k, frame);
        }
        double seconds = (System.nanoTime() - start) * 1e-9;
        for (float v : frame) {
            total += v; // the last frame's mean, so the decoding is not optimised away
        }
        out.printf(Locale.ROOT, "  decoded %d frames in %.3f s: %.2f ms per frame (one thread), last frame's mean"
                + " %.4f per pixel%n", n, seconds, 1e3 * seconds / Math.max(1, n), total / frame.length);
    }
}
