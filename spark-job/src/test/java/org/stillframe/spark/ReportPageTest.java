package org.stillframe.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.stillframe.movie.MovieStatus;
import org.stillframe.report.Thumbnails;

/**
 * The report's tilt series and particle sections and its escaping, from tables written here (no job): a series
 * acquired 0°, +30°, −30° is listed and its sums shown in angle order; a movie's particle plot opens in its detail;
 * an error holding markup is shown as text.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class ReportPageTest {

    @TempDir
    static Path dir;
    static Path out;
    static String html;

    @BeforeAll
    static void tables() throws Exception {
        out = dir.resolve("out");
        String[] stems = {"ts1_001", "ts1_002", "ts1_003"};
        double[] angles = {0, 30, -30};
        List<MovieOutcome> outcomes = new ArrayList<>();
        List<Row> tilts = new ArrayList<>();
        for (int i = 0; i < stems.length; i++) {
            outcomes.add(ok(stems[i], 1 + i));
            tilts.add(RowFactory.create("ts1", i, angles[i], i + 1, 3.0 * i, 3.0, stems[i], i, "ok", ""));
            picture(Thumbnails.sumFile(out, stems[i]), 40 + 60 * i);
        }
        outcomes.add(MovieOutcome.failed(new MovieEntry("/data/bad.mrc", "bad", 1, 1), "hash", "1.0", "cpu", "h",
                "/data/bad.mrc: header says <b>mode 9</b> & more", 0.1));
        Tables.writeFromDriver(outcomes, out.resolve("tables").toString());
        TableFile.write(tilts, TiltSeriesJob.TILTS, out.resolve("tables/tilts").toString());
        picture(out.resolve("Particles/ts1_002_trajectories.png"), 200);
        String written = ReportRun.write(out.resolve("tables").toString(), null);
        html = Files.readString(Path.of(written));
    }

    @Test
    void theTiltTableIsInAngleOrderAndMarkupInAnErrorIsText() {
        Matcher m = Pattern.compile("<tr data-stem=\"(ts1_\\d+)\" data-angle=\"([-0-9.]+)\"").matcher(html);
        List<String> angles = new ArrayList<>();
        while (m.find()) {
            angles.add(m.group(2));
        }
        assertEquals(List.of("-30.0", "0.0", "30.0"), angles);
        assertTrue(html.contains("header says &lt;b&gt;mode 9&lt;/b&gt; &amp; more"));
        assertFalse(html.contains("<b>mode 9</b>"));
    }

    @Test
    void chromiumShowsTheSeriesSumsInAngleOrderAndTheParticlePlot() throws Exception {
        HeadlessChromium chromium = HeadlessChromium.require();
        String dom = chromium.dumpDom(out.resolve("report.html").toUri() + "#series=ts1&movie=ts1_002",
                dir.resolve("profile")).stdout();
        Matcher strip = Pattern.compile("<figure class=\"tilt\"><img class=\"tilt-sum\" alt=\"([^\"]+)\""
                + "[^>]*data-loaded=\"(\\d+)x").matcher(dom);
        List<String> order = new ArrayList<>();
        while (strip.find()) {
            order.add(strip.group(1));
            assertTrue(Integer.parseInt(strip.group(2)) > 0);
        }
        assertEquals(List.of("-30.0°", "0.0°", "30.0°"), order);
        assertTrue(Pattern.compile("<img class=\"detail-particles\"[^>]*data-loaded=\"200x").matcher(dom).find(),
                "the particle plot decoded");
        assertTrue(dom.contains("header says &lt;b&gt;mode 9&lt;/b&gt; &amp; more"));
    }

    private static void picture(Path png, int side) throws Exception {
        Files.createDirectories(png.getParent());
        BufferedImage img = new BufferedImage(side, side, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < side; y++) {
            for (int x = 0; x < side; x++) {
                img.getRaster().setSample(x, y, 0, (x * 7 + y * 3) & 255);
            }
        }
        ImageIO.write(img, "png", png.toFile());
    }

    private static MovieOutcome ok(String stem, double drift) {
        int frames = 5;
        double[] x = new double[frames];
        double[] y = new double[frames];
        for (int i = 0; i < frames; i++) {
            x[i] = drift * i / 4;
            y[i] = -drift * i / 8;
        }
        return new MovieOutcome("/data/" + stem + ".mrc", stem, MovieStatus.OK, "", "hash", "1.0", "cpu", "h", 1, 1,
                512, 512, frames, 1, 1.0, 3.0, drift, 0, drift, 0, 0, 3, 0.1, 0.1, 0.1, 0.1, 0.5, x, y,
                new double[frames], new double[0], new double[0], new boolean[0], new double[0][],
                new double[0][], new double[0], List.of(), "");
    }
}
