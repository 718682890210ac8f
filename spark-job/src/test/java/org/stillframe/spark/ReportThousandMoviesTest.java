package org.stillframe.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.stillframe.movie.MovieStatus;
import org.stillframe.report.Thumbnails;

/**
 * The report of a 1,000-movie dataset (simulated tables: 40 frames and 5 × 5 patches a movie, 10 failed, 5 drifting
 * far; each movie's two thumbnails made by {@link Thumbnails} from a noisy 2048² image with Thon-like rings): under
 * 20 MB, and every row present in the DOM Chromium renders. The times (the report's drawing, Chromium's load, a
 * movie's detail) are printed and kept in target/report-1000.txt for docs/benchmarks.md (there with
 * {@code -Dstillframe.report.runs=3}): speed is measured here, not asserted.
 */
@Timeout(value = 9, unit = TimeUnit.MINUTES)
class ReportThousandMoviesTest {

    static final int MOVIES = 1000;

    @TempDir
    Path dir;

    @Test
    void aThousandMoviesReportIsUnder20MbAndRendersEveryRow() throws Exception {
        Path out = dir.resolve("out");
        List<MovieOutcome> outcomes = new ArrayList<>();
        Random random = new Random(24);
        byte[][][] thumbnails = thumbnailVariants(dir.resolve("variants"), 4);
        for (int m = 0; m < MOVIES; m++) {
            String stem = String.format(Locale.ROOT, "FoilHole_%05d_Data", m);
            if (m % 100 == 7) {
                outcomes.add(MovieOutcome.failed(new MovieEntry("/data/" + stem + ".tif", stem, 1, 1), "hash", "1.0",
                        "gpu:0", "node1", "/data/" + stem + ".tif: frame 17: strip 4 ends past end of file", 1.0));
                continue;
            }
            outcomes.add(outcome(stem, random, m % 200 == 3 ? 10 : 1));
            byte[][] t = thumbnails[m % thumbnails.length];
            Files.createDirectories(Thumbnails.folder(out));
            Files.write(Thumbnails.sumFile(out, stem), t[0]);
            Files.write(Thumbnails.spectrumFile(out, stem), t[1]);
        }
        Tables.writeFromDriver(outcomes, out.resolve("tables").toString());

        long t0 = System.nanoTime();
        StringWriter text = new StringWriter();
        assertEquals(0, ReportRun.run(out.resolve("tables").toString(), null, new PrintWriter(text),
                new PrintWriter(text)), text.toString());
        double drawSeconds = (System.nanoTime() - t0) * 1e-9;
        Path report = out.resolve("report.html");
        long bytes = Files.size(report);
        assertTrue(bytes < 20_000_000L, "report of 1,000 movies: " + bytes + " bytes");

        StringBuilder numbers = new StringBuilder(String.format(Locale.ROOT,
                "report of %d movies: %.2f MB, drawn in %.1f s on %d threads%n", MOVIES, bytes / 1e6, drawSeconds,
                Math.min(4, Runtime.getRuntime().availableProcessors())));
        HeadlessChromium chromium = Boolean.getBoolean("stillframe.report.noBrowser") ? null
                : HeadlessChromium.maybe();
        if (chromium != null) {
            int runs = Integer.getInteger("stillframe.report.runs", 1); // 3 for docs/benchmarks.md
            for (int run = 0; run < runs; run++) {
                HeadlessChromium.Result r = chromium.dumpDom(report.toUri().toString(),
                        dir.resolve("profile-" + run));
                assertEquals(MOVIES, ReportEndToEndTest.rowOrder(r.stdout()).size());
                numbers.append(String.format(Locale.ROOT, "chromium --dump-dom: %.2f s (process, start included);"
                        + " page script ready at %s ms, load event at %s ms%n", r.seconds(),
                        attribute(r.stdout(), "data-ready-ms"), attribute(r.stdout(), "data-load-ms")));
            }
            // --dump-dom serialises the whole DOM (the pictures' 12 MB of text too), which takes Chromium seconds
            // after the page has loaded; a screenshot run is the time to open and draw it.
            Path tiny = dir.resolve("tiny.html");
            Files.writeString(tiny, "<!DOCTYPE html><html><body>tiny</body></html>");
            for (int run = 0; run < runs; run++) {
                double base = chromium.screenshot(tiny.toUri().toString(), dir.resolve("tiny.png"), 1280, 900,
                        dir.resolve("profile-tiny-" + run)).seconds();
                double full = chromium.screenshot(report.toUri().toString(), dir.resolve("shot.png"), 1280, 900,
                        dir.resolve("profile-shot-" + run)).seconds();
                numbers.append(String.format(Locale.ROOT, "chromium --screenshot: %.2f s (a one-line page: %.2f s,"
                        + " so %.2f s for this page)%n", full, base, full - base));
            }
            HeadlessChromium.Result detail = chromium.dumpDom(report.toUri() + "#sort=-drift_total&movie="
                    + "FoilHole_00003_Data", dir.resolve("profile-detail"));
            assertTrue(detail.stdout().contains("class=\"detail-traj\""));
            numbers.append(String.format(Locale.ROOT, "with a movie's detail open and the table sorted: %.2f s"
                    + " (process); script ready at %s ms, load event at %s ms%n", detail.seconds(),
                    attribute(detail.stdout(), "data-ready-ms"), attribute(detail.stdout(), "data-load-ms")));
        } else {
            numbers.append("chromium not installed: load not measured\n");
        }
        System.out.print(numbers);
        Files.createDirectories(Path.of("target"));
        Files.writeString(Path.of("target", "report-1000.txt"), numbers);
        Files.copy(report, Path.of("target", "report-1000.html"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

    private static String attribute(String dom, String name) {
        Matcher m = Pattern.compile(name + "=\"([^\"]*)\"").matcher(dom);
        return m.find() ? m.group(1) : "?";
    }

    /** A movie's outcome: a smooth drift of about {@code scale} × 10 px over 40 frames, 25 patches, 4 k × 4 k. */
    private static MovieOutcome outcome(String stem, Random random, double scale) {
        int frames = 40;
        double[] x = new double[frames];
        double[] y = new double[frames];
        double[] exposure = new double[frames];
        double vx = random.nextGaussian() * 0.3 * scale;
        double vy = random.nextGaussian() * 0.3 * scale;
        for (int i = 1; i < frames; i++) {
            x[i] = x[i - 1] + vx * Math.exp(-i / 10.0) + random.nextGaussian() * 0.05;
            y[i] = y[i - 1] + vy * Math.exp(-i / 10.0) + random.nextGaussian() * 0.05;
            exposure[i] = i * 1.25;
        }
        int patches = 25;
        double[] cx = new double[patches];
        double[] cy = new double[patches];
        boolean[] rejected = new boolean[patches];
        double[][] px = new double[patches][frames];
        double[][] py = new double[patches][frames];
        for (int p = 0; p < patches; p++) {
            cx[p] = 400 + 820 * (p % 5);
            cy[p] = 400 + 820 * (p / 5);
            rejected[p] = random.nextInt(20) == 0;
            for (int f = 0; f < frames; f++) {
                px[p][f] = random.nextGaussian() * 0.2 + f * 0.01 * (p % 5 - 2);
                py[p][f] = random.nextGaussian() * 0.2 + f * 0.01 * (p / 5 - 2);
            }
        }
        double total = 0;
        for (int i = 1; i < frames; i++) {
            total += Math.hypot(x[i] - x[i - 1], y[i] - y[i - 1]);
        }
        double early = 0;
        for (int i = 1; i < 4; i++) {
            early += Math.hypot(x[i] - x[i - 1], y[i] - y[i - 1]);
        }
        return new MovieOutcome("/data/" + stem + ".tif", stem, MovieStatus.OK, "", "hash", "1.0",
                "gpu:" + random.nextInt(4), "node" + random.nextInt(8), 400_000_000, 1, 4096, 4096, frames, 1, 0.83,
                1.25, total * 0.83, early * 0.83, (total - early) * 0.83, random.nextInt(50), random.nextInt(5), 6,
                1.0, 2.0, 0.5, 0.3, 4.0 + random.nextDouble(), x, y, exposure, cx, cy, rejected, px, py,
                new double[0], List.of(), "");
    }

    /**
     * Thumbnails of {@code n} noisy 2048² images with rings in their power spectrum (the worst case for PNG
     * size: little but noise): {sum PNG, spectrum PNG} each.
     */
    private static byte[][][] thumbnailVariants(Path dir, int n) throws Exception {
        byte[][][] out = new byte[n][][];
        int side = 2048;
        for (int v = 0; v < n; v++) {
            Random r = new Random(v);
            float[] img = new float[side * side];
            for (int yy = 0; yy < side; yy++) {
                for (int xx = 0; xx < side; xx++) {
                    double d = Math.hypot(xx - side / 2.0, yy - side / 2.0);
                    img[yy * side + xx] = (float) (r.nextGaussian() + 0.3 * Math.sin(d * d / 4000.0)
                            + 0.5 * Math.sin(xx / 90.0 + v) * Math.cos(yy / 70.0));
                }
            }
            List<Path> files = Thumbnails.write(dir, "v" + v, img, side, side);
            out[v] = new byte[][] {Files.readAllBytes(files.get(0)), Files.readAllBytes(files.get(1))};
        }
        return out;
    }
}
