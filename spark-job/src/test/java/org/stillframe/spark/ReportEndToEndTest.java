package org.stillframe.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.stillframe.io.mrc.MrcMode;
import org.stillframe.parallel.Workers;
import org.stillframe.sim.SimulationParams;
import org.stillframe.sim.io.SimulationWriter;

/**
 * The QC report end to end: the job in local mode on 6 simulated movies (one drifting 8× more than the rest, one
 * truncated) writes the page and each ok movie's thumbnails; headless Chromium opens it and the rendered DOM shows
 * the movie count, the failed movie's error, the outlier marked, the table sorted by the fragment's column and the
 * outlier's trajectory image decoded. A screenshot is kept under target/.
 */
@Timeout(value = 8, unit = TimeUnit.MINUTES)
class ReportEndToEndTest {

    @TempDir
    static Path dir;
    static Path out;
    static SparkSession spark;
    static String jobLog;

    @BeforeAll
    static void runJob() throws Exception {
        Path movies = Files.createDirectories(dir.resolve("movies"));
        Path sim = Files.createDirectories(dir.resolve("sim"));
        try (Workers w = new Workers(2)) {
            for (int m = 0; m < 5; m++) {
                SimulationParams p = SimulationParams.defaults(512, 512, 8, 700 + m).withDose(8).withContrast(0.4)
                        .withGain(false).withDrift(m == 4 ? 32 : 4);
                String stem = m == 4 ? "movie_outlier" : "movie" + m;
                SimulationWriter.Files f = SimulationWriter.write(p, sim, stem, MrcMode.INT16, w);
                Files.move(f.movie(), movies.resolve(stem + ".mrc"));
            }
        }
        byte[] whole = Files.readAllBytes(movies.resolve("movie0.mrc"));
        Files.write(movies.resolve("truncated.mrc"), java.util.Arrays.copyOf(whole, whole.length / 2));
        spark = TestSessions.kryo("local[2]");
        out = dir.resolve("out");
        StringWriter text = new StringWriter();
        StillframeJob.execute(new StillframeJob.Options(movies.toString(), out.toString(),
                List.of("-Threads", "1", "-Patch", "2", "2"), Map.of(), 60, true), new PrintWriter(text, true));
        jobLog = text.toString();
        System.out.println(jobLog);
    }

    @AfterAll
    static void stop() {
        if (spark != null) {
            spark.stop();
        }
    }

    @Test
    void theJobWritesASelfContainedReportAndEachOkMoviesThumbnails() throws Exception {
        Path report = out.resolve("report.html");
        assertTrue(Files.isRegularFile(report), jobLog);
        String html = Files.readString(report);
        assertFalse(Pattern.compile("(src|href)=\"(https?:)?//").matcher(html).find(), "nothing fetched");
        assertFalse(html.contains("<link"), "no external style sheet");
        for (String stem : List.of("movie0", "movie1", "movie2", "movie3", "movie_outlier")) {
            for (String suffix : List.of("_sum.png", "_ps.png")) {
                Path png = out.resolve("thumbnails").resolve(stem + suffix);
                assertTrue(Files.size(png) > 1000, png.toString());
                java.awt.image.BufferedImage img = javax.imageio.ImageIO.read(png.toFile());
                assertTrue(img.getWidth() <= 256 && img.getHeight() <= 256 && img.getWidth() >= 128, suffix);
            }
        }
        assertFalse(Files.exists(out.resolve("thumbnails/truncated_sum.png")));
        // Listed among the movie's outputs, as the sums are.
        List<Row> outputs = spark.read().parquet(out.resolve("tables/movies").toString())
                .where("stem = 'movie2'").select("outputs").collectAsList();
        List<String> files = outputs.get(0).getList(0);
        assertTrue(files.stream().anyMatch(f -> f.endsWith("thumbnails/movie2_sum.png")), files.toString());
        assertTrue(files.stream().anyMatch(f -> f.endsWith("thumbnails/movie2_ps.png")), files.toString());
    }

    @Test
    void theReportCommandWritesWhereAskedAndRefusesAFolderWithoutTables() throws Exception {
        Path target = dir.resolve("elsewhere/qc.html");
        StringWriter o = new StringWriter();
        StringWriter e = new StringWriter();
        assertEquals(0, ReportRun.run(out.toString(), target.toString(), new PrintWriter(o), new PrintWriter(e)),
                e.toString());
        assertTrue(Files.size(target) > 10_000);
        assertEquals(2, ReportRun.run(dir.resolve("movies").toString(), null, new PrintWriter(o),
                new PrintWriter(e)));
        assertTrue(e.toString().contains("no job tables here"), e.toString());
    }

    @Test
    void chromiumShowsCountsTheFailureTheOutlierTheSortedTableAndALoadedTrajectory() throws Exception {
        HeadlessChromium chromium = HeadlessChromium.require();
        String url = out.resolve("report.html").toUri() + "#sort=-drift_total&movie=movie_outlier";
        String dom = chromium.dumpDom(url, dir.resolve("profile-dom")).stdout();

        assertTrue(dom.contains("<span id=\"movie-count\">6</span>"), "6 movies");
        assertTrue(dom.contains("<span id=\"failed-count\" class=\"failed\">1</span>"), "1 failed");
        assertTrue(dom.contains("<span id=\"outlier-count\">1</span>"), "1 drift outlier, as stillframe qc says");
        Matcher failed = Pattern.compile("<li data-stem=\"truncated\">.*?<span class=\"error\">([^<]*)</span>")
                .matcher(dom);
        assertTrue(failed.find(), "the failed movie listed");
        assertTrue(failed.group(1).contains("truncated.mrc"), failed.group(1));

        List<String> order = rowOrder(dom);
        assertEquals(6, order.size());
        assertEquals("movie_outlier", order.get(0), "sorted by total drift, largest first: " + order);
        assertEquals("truncated", order.get(5), "a failed movie (no drift) last: " + order);
        Matcher outlierRow = Pattern.compile("<tr id=\"row-movie_outlier\" class=\"([^\"]*)\"").matcher(dom);
        assertTrue(outlierRow.find() && List.of(outlierRow.group(1).split(" ")).contains("outlier"),
                "the outlier marked");
        for (String stem : List.of("movie0", "movie1", "movie2", "movie3")) {
            Matcher row = Pattern.compile("<tr id=\"row-" + stem + "\" class=\"([^\"]*)\"").matcher(dom);
            assertTrue(row.find() && !List.of(row.group(1).split(" ")).contains("outlier"), stem + " not marked");
        }
        assertTrue(Pattern.compile("<th data-key=\"drift_total\"[^>]*data-dir=\"desc\"").matcher(dom).find(),
                "the sorted column shown");

        Matcher traj = Pattern.compile("<img class=\"detail-traj\"[^>]*data-loaded=\"(\\d+)x(\\d+)\"").matcher(dom);
        assertTrue(traj.find(), "the outlier's trajectory decoded");
        assertTrue(Integer.parseInt(traj.group(1)) > 0);
        for (String kind : List.of("detail-field", "detail-sum", "detail-ps")) {
            assertTrue(Pattern.compile("<img class=\"" + kind + "\"[^>]*data-loaded=\"[1-9]\\d*x").matcher(dom)
                    .find(), kind + " decoded");
        }
        Matcher dist = Pattern.compile("<img class=\"dist\"[^>]*data-loaded=\"([1-9]\\d*)\"").matcher(dom);
        int charts = 0;
        while (dist.find()) {
            charts++;
        }
        assertEquals(4, charts, "total, early, late drift and local motion distributions decoded");

        // Ascending by the same column: the smallest drift first, the failed movie still last.
        List<String> ascending = rowOrder(chromium.dumpDom(out.resolve("report.html").toUri() + "#sort=drift_total",
                dir.resolve("profile-asc")).stdout());
        assertEquals("movie_outlier", ascending.get(4), ascending.toString());
        assertEquals("truncated", ascending.get(5), ascending.toString());

        Path shot = Path.of("target", "report-e2e.png");
        chromium.screenshot(url, shot, 1280, 2400, dir.resolve("profile-shot"));
        assertTrue(Files.size(shot) > 10_000, "screenshot kept at " + shot.toAbsolutePath());
    }

    /** The stems of the movie table's rows in the order the DOM has them. */
    static List<String> rowOrder(String dom) {
        Matcher m = Pattern.compile("<tr id=\"row-([^\"]+)\"").matcher(dom);
        List<String> order = new java.util.ArrayList<>();
        while (m.find()) {
            order.add(m.group(1));
        }
        return order;
    }
}
