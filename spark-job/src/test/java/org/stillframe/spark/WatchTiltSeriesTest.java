package org.stillframe.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.stillframe.cli.Main;
import org.stillframe.io.mrc.MrcMode;
import org.stillframe.io.mrc.MrcReader;
import org.stillframe.parallel.Workers;
import org.stillframe.sim.SimulationParams;
import org.stillframe.sim.io.SimulationWriter;

/**
 * {@code job --watch --tilt-series}: two series acquired at once, each tilt's movie written and then its section
 * added to the series' mdoc, as SerialEM does. Each series is stacked while the watch runs, once its mdoc has been
 * quiet for series-stable-seconds and all its tilts are corrected, and stacked again when it grows afterwards.
 */
class WatchTiltSeriesTest {

    static final double[] ANGLES = {0, 3, -3, -6, 6};

    @TempDir
    Path dir;

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void eachSeriesIsStackedWhenItsMdocIsCompleteAndAgainWhenItGrows() throws Exception {
        Path frames = Files.createDirectories(dir.resolve("frames"));
        Path out = dir.resolve("out");
        Path stop = dir.resolve("STOP");
        Path profile = dir.resolve("fast.conf");
        Files.writeString(profile, "stillframe.watch { poll-seconds = 0.3, stable-seconds = 0.8,"
                + " series-stable-seconds = 6 }\n");
        StringWriter log = new StringWriter();
        int[] status = {-1};
        Thread watcher = new Thread(() -> status[0] = Main.execute(new PrintWriter(log, true), new PrintWriter(log,
                true), "job", "--watch", "--tilt-series", "--movies", frames.toString(), "--out", out.toString(),
                "--master", "local[2]", "--profile", profile.toString(), "--stop-file", stop.toString(), "--",
                "-Threads", "1"));
        watcher.start();
        long[] lastWrite = new long[2];
        try (Workers w = new Workers(1)) {
            for (int z = 0; z < ANGLES.length; z++) {
                for (int s = 0; s < 2; s++) {
                    tilt(w, frames, s, z, ANGLES[z]);
                    lastWrite[s] = System.currentTimeMillis();
                }
                if (z == 0) { // the watch is up and keeping pace before the rest is acquired
                    waitFor(() -> Files.isDirectory(out.resolve("tables/movies"))
                            && TableFile.read(out.resolve("tables/movies").toString(), List.of("stem")).size() == 2, log);
                }
                Thread.sleep(300);
            }
            Path stackA = out.resolve("A.st");
            Path stackB = out.resolve("B.st");
            // (a series quiet for the stable time while the watch started may be stacked early with its first
            // tilt, and again as it grows: the rule, not an error)
            waitFor(() -> sections(stackA) == 5 && sections(stackB) == 5 && lines(out.resolve("A.tlt")) == 5
                    && lines(out.resolve("B.tlt")) == 5, log);
            assertTrue(watcher.isAlive(), "stacked while the watch runs");
            for (Path st : List.of(stackA, stackB)) {
                assertEquals(5, sections(st));
                long stacked = Files.getLastModifiedTime(st).toMillis();
                assertTrue(stacked >= lastWrite[st == stackA ? 0 : 1] + 6000, st + " stacked "
                        + (stacked - lastWrite[0]) + " ms after its mdoc's last change: too early");
            }
            assertEquals(List.of("-6.00", "-3.00", "0.00", "3.00", "6.00"), Files.readAllLines(out.resolve("A.tlt")));
            // Series A goes on after a long pause: stacked again with its sixth tilt.
            tilt(w, frames, 0, 5, 9);
        }
        waitFor(() -> sections(out.resolve("A.st")) == 6 && lines(out.resolve("A.tlt")) == 6, log);
        Files.createFile(stop);
        watcher.join(TimeUnit.MINUTES.toMillis(2));
        assertEquals(Main.OK, status[0], log.toString());
        assertEquals(List.of("-6.00", "-3.00", "0.00", "3.00", "6.00", "9.00"), Files.readAllLines(out.resolve("A.tlt")));
        List<Map<String, Object>> rows = TableFile.read(out.resolve("tables/tilts").toString(), List.of("series",
                "z_value", "pre_exposure", "status"));
        assertEquals(11, rows.size(), "the tilts table: A's six tilts (its first stacking replaced) and B's five");
        for (Map<String, Object> r : rows) {
            assertEquals("ok", r.get("status"), r.toString());
            assertEquals(10.0 * (Integer) r.get("z_value"), (Double) r.get("pre_exposure"), 1e-9, r.toString());
        }
        assertEquals(11, TableFile.read(out.resolve("tables/movies").toString(), List.of("stem")).size());
    }

    /** Writes tilt z of series s (A or B): its movie, then its section appended to the series' mdoc. */
    private void tilt(Workers w, Path frames, int s, int z, double angle) throws Exception {
        String series = s == 0 ? "A" : "B";
        SimulationParams p = SimulationParams.defaults(192, 192, 6, 300 + 10 * s + z).withDose(10.0 / 6)
                .withContrast(0.4).withGain(false).withDrift(5);
        SimulationWriter.Files f = SimulationWriter.write(p, dir.resolve("sim"), series + "_" + z, MrcMode.INT16, w);
        Files.move(f.movie(), frames.resolve(series + "_" + z + ".mrc"));
        Path mdoc = frames.resolve(series + ".mrc.mdoc");
        String section = String.format(Locale.ROOT, "%s[ZValue = %d]\nTiltAngle = %.1f\nExposureDose = 10\n"
                + "SubFramePath = D:\\\\frames\\\\%s_%d.mrc\nNumSubFrames = 6\nDateTime = 25-Nov-26  11:%02d:00\n\n",
                Files.exists(mdoc) ? "" : "PixelSpacing = 1\n\n", z, angle, series, z, z);
        Files.writeString(mdoc, section, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    private static int sections(Path stack) {
        try (MrcReader r = MrcReader.open(stack)) {
            return r.frameCount();
        } catch (Exception e) {
            return -1;
        }
    }

    private static int lines(Path file) {
        try {
            return Files.readAllLines(file).size();
        } catch (Exception e) {
            return -1;
        }
    }

    interface Condition {
        boolean holds() throws Exception;
    }

    private static void waitFor(Condition c, StringWriter log) throws Exception {
        long until = System.currentTimeMillis() + 120_000;
        while (!c.holds()) {
            assertTrue(System.currentTimeMillis() < until, "timed out; the watch said: " + log);
            Thread.sleep(100);
        }
    }
}
