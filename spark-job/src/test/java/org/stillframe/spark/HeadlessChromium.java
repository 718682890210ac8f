package org.stillframe.spark;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Debian's {@code chromium}, headless, for the report's tests: the DOM after the page's scripts ran, a screenshot.
 * A test that needs it is skipped (an assumption) where it is not installed; CI installs it (.ci/run).
 */
final class HeadlessChromium {

    private final String executable;

    private HeadlessChromium(String executable) {
        this.executable = executable;
    }

    /** The installed browser, or the calling test skipped. */
    static HeadlessChromium require() {
        HeadlessChromium c = maybe();
        assumeTrue(c != null, "no chromium on PATH: the report's browser test is skipped (apt-get install chromium)");
        return c;
    }

    /** The installed browser, or null; {@code -Dstillframe.chromium=PATH} names one, {@code =none} acts as if none. */
    static HeadlessChromium maybe() {
        String named = System.getProperty("stillframe.chromium");
        if (named != null) {
            return named.equals("none") || !Files.isExecutable(Path.of(named)) ? null : new HeadlessChromium(named);
        }
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(java.io.File.pathSeparator)) {
            for (String name : List.of("chromium", "chromium-browser")) {
                Path p = Path.of(dir, name);
                if (Files.isExecutable(p)) {
                    return new HeadlessChromium(p.toString());
                }
            }
        }
        return null;
    }

    /** What a run printed and how long it took (s, the browser's start included). */
    record Result(String stdout, double seconds) {
    }

    /**
     * The DOM of {@code url} once loaded (virtual time lets its load and image decoding finish), from a fresh
     * profile in {@code profile}.
     */
    Result dumpDom(String url, Path profile) throws IOException, InterruptedException {
        return run(profile, List.of("--dump-dom", "--virtual-time-budget=5000", url));
    }

    /** A screenshot of {@code url} into {@code png}. */
    Result screenshot(String url, Path png, int width, int height, Path profile)
            throws IOException, InterruptedException {
        Files.createDirectories(png.toAbsolutePath().getParent());
        return run(profile, List.of("--screenshot=" + png.toAbsolutePath(), "--window-size=" + width + "," + height,
                "--hide-scrollbars", "--virtual-time-budget=5000", url));
    }

    private Result run(Path profile, List<String> args) throws IOException, InterruptedException {
        Files.createDirectories(profile);
        List<String> cmd = new ArrayList<>(List.of(executable, "--headless", "--no-sandbox", "--disable-gpu",
                "--no-first-run", "--disable-background-networking", "--disable-dev-shm-usage",
                "--user-data-dir=" + profile.toAbsolutePath()));
        cmd.addAll(args);
        Path stdout = Files.createTempFile(profile.getParent(), "chromium", ".out");
        Path stderr = Files.createTempFile(profile.getParent(), "chromium", ".err");
        long t0 = System.nanoTime();
        Process p = new ProcessBuilder(cmd).redirectOutput(stdout.toFile()).redirectError(stderr.toFile()).start();
        if (!p.waitFor(90, TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            throw new IllegalStateException("chromium did not finish in 90 s: " + String.join(" ", cmd));
        }
        double seconds = (System.nanoTime() - t0) * 1e-9;
        if (p.exitValue() != 0) {
            throw new IllegalStateException("chromium exited " + p.exitValue() + ": "
                    + Files.readString(stderr, StandardCharsets.UTF_8));
        }
        return new Result(Files.readString(stdout, StandardCharsets.UTF_8), seconds);
    }
}
