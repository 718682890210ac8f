package org.stillframe.tomo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stillframe.cli.Main;
import org.stillframe.io.mdoc.Mdoc;
import org.stillframe.io.mrc.MrcMode;
import org.stillframe.io.star.StarFile;
import org.stillframe.parallel.Workers;
import org.stillframe.sim.SimulationParams;
import org.stillframe.sim.io.SimulationWriter;

/**
 * Acquisition order comes from DateTime, not from the ZValue numbering or the order of the sections: an mdoc whose
 * sections are numbered in angle order (as for a stack sorted by angle) while DateTime says the tilts were taken
 * dose-symmetrically, across midnight.
 */
class TiltAcquisitionOrderTest {

    static final int FRAMES = 4;
    /** Per ZValue: tilt angle, DateTime, ExposureDose (e/Å²). */
    static final double[] ANGLE = {-6, -3, 0, 3, 6};
    static final String[] ACQUIRED = {"01-Dec-15  00:02:30", "01-Dec-15  00:01:05", "30-Nov-15  23:58:10",
        "30-Nov-15  23:59:40", "01-Dec-15  00:03:55"};
    static final double[] DOSE = {3.4, 3.2, 3.0, 3.1, 3.8};
    /**
     * Worked out by hand from the DateTimes: taken 0°, +3°, −3°, −6°, +6° (ZValues 2, 3, 1, 0, 4), so the
     * pre-exposures are 0, 3.0, 3.0 + 3.1, 6.1 + 3.2, 9.3 + 3.4. Section order would give ZValues 0..4, sorting
     * DateTime as text would put 01-Dec first, and sorting by time of day would put 00:01:05 first.
     */
    static final int[] ORDER_BY_Z = {4, 3, 1, 2, 5};
    static final double[] PRE_EXPOSURE_BY_Z = {9.3, 6.1, 0, 3.0, 12.7};

    @TempDir
    Path dir;

    static String mdoc() {
        StringBuilder sb = new StringBuilder("PixelSpacing = 1\nImageFile = TS_order.mrc\nImageSize = 256 256\n\n"
                + "[T = SerialEM: sections numbered in angle order]\n\n");
        for (int z = 0; z < ANGLE.length; z++) {
            sb.append(String.format(Locale.ROOT, "[ZValue = %d]\r\nTiltAngle = %.2f\r\nExposureDose = %.1f\r\n"
                    + "SubFramePath = X:\\\\frames\\\\TS_order_%d.mrc\r\nNumSubFrames = %d\r\nDateTime = %s\r\n\r\n",
                    z, ANGLE[z], DOSE[z], z, FRAMES, ACQUIRED[z]));
        }
        return sb.toString();
    }

    @Test
    void theTiltSeriesPlanOrdersByDateTimeAndSumsEarlierDosesInThatOrder() throws Exception {
        List<Tilt> tilts = TiltSeriesPlan.tilts(Mdoc.parse(mdoc(), "TS_order.mrc.mdoc"), "TS_order.mrc.mdoc", 1.0);
        List<Integer> zInOrder = tilts.stream().map(Tilt::zValue).toList();
        assertEquals(List.of(2, 3, 1, 0, 4), zInOrder, "acquisition order");
        for (int k = 0; k < tilts.size(); k++) {
            Tilt t = tilts.get(k);
            assertEquals(k, t.order());
            assertEquals(ORDER_BY_Z[t.zValue()], t.order() + 1, "order of ZValue " + t.zValue());
            assertEquals(PRE_EXPOSURE_BY_Z[t.zValue()], t.preExposure(), 1e-9, "pre-exposure of ZValue " + t.zValue());
            assertEquals(ANGLE[t.zValue()], t.angle(), 1e-9);
            assertEquals(DOSE[t.zValue()], t.dose(), 1e-9);
            assertEquals("TS_order_" + t.zValue() + ".mrc", t.movie());
        }
        // -InitDose of each tilt's correction is its pre-exposure.
        assertEquals(9.3, tilts.get(3).perMovie().initDose());
        assertEquals(true, tilts.get(3).perMovie().splitSum());
    }

    @Test
    void theTiltsCommandListsAndCorrectsEachTiltWithItsDateTimePreExposure() throws Exception {
        Path frames = Files.createDirectories(dir.resolve("frames"));
        Path sim = Files.createDirectories(dir.resolve("sim"));
        try (Workers w = new Workers(2)) {
            for (int z = 0; z < ANGLE.length; z++) {
                SimulationParams p = SimulationParams.defaults(256, 256, FRAMES, 700 + z).withDose(DOSE[z] / FRAMES)
                        .withContrast(0.4).withGain(false).withDrift(3);
                SimulationWriter.Files f = SimulationWriter.write(p, sim, "TS_order_" + z, MrcMode.INT16, w);
                Files.move(f.movie(), frames.resolve("TS_order_" + z + ".mrc"));
            }
        }
        Path mdoc = frames.resolve("TS_order.mrc.mdoc");
        Files.writeString(mdoc, mdoc());
        Path out = dir.resolve("out");
        StringWriter stdout = new StringWriter();
        StringWriter err = new StringWriter();
        int status = Main.execute(new PrintWriter(stdout, true), new PrintWriter(err, true), "tilts", "--mdoc",
                mdoc.toString(), "--out", out.toString(), "--threads", "2", "--", "-LogDir",
                out.resolve("logs").toString());
        assertEquals(0, status, stdout + "\n" + err);

        // NAME_tilts.tsv (angle order): the acquisition order and pre-exposure of each ZValue.
        Map<Integer, String[]> byZ = new HashMap<>();
        for (String line : Files.readAllLines(out.resolve("TS_order_tilts.tsv"))) {
            String[] t = line.split("\t");
            if (!line.startsWith("#") && !t[0].equals("stack_index")) {
                byZ.put(Integer.parseInt(t[1]), t);
            }
        }
        assertEquals(ANGLE.length, byZ.size());
        for (int z = 0; z < ANGLE.length; z++) {
            String[] t = byZ.get(z);
            assertEquals(ORDER_BY_Z[z], Integer.parseInt(t[3]), "order of ZValue " + z);
            assertEquals(PRE_EXPOSURE_BY_Z[z], Double.parseDouble(t[4]), 1e-6, "pre-exposure of ZValue " + z);
            assertEquals(z, Integer.parseInt(t[0]), "stack index: the angle order");
            assertEquals("ok", t[7]);
        }

        // The RELION tilt-series STAR lists the tilts in acquisition order with their pre-exposure.
        StarFile.Block series = StarFile.parse(Files.readString(out.resolve("TS_order.star")), "TS_order.star")
                .blocks().get("TS_order");
        List<String> movies = new ArrayList<>();
        for (String[] row : series.rows()) {
            String movie = row[series.column("_rlnMicrographMovieName")];
            movies.add(movie);
            int z = Integer.parseInt(movie.replaceAll("\\D", ""));
            assertEquals(PRE_EXPOSURE_BY_Z[z], Double.parseDouble(row[series.column("_rlnMicrographPreExposure")]),
                    1e-6, movie);
        }
        assertEquals(List.of("TS_order_2.mrc", "TS_order_3.mrc", "TS_order_1.mrc", "TS_order_0.mrc",
                "TS_order_4.mrc"), movies);

        // Each tilt was corrected with its pre-exposure: frame i ends at pre-exposure + i × dose per frame.
        for (int z = 0; z < ANGLE.length; z++) {
            List<String[]> rows = Files.readAllLines(out.resolve("logs/TS_order_" + z + ".shifts.tsv")).stream()
                    .filter(l -> !l.startsWith("#") && !l.startsWith("frame")).map(l -> l.split("\t")).toList();
            assertEquals(FRAMES, rows.size());
            for (int i = 0; i < FRAMES; i++) {
                assertEquals(PRE_EXPOSURE_BY_Z[z] + (i + 1) * DOSE[z] / FRAMES, Double.parseDouble(rows.get(i)[4]),
                        1e-3, "exposure at the end of frame " + (i + 1) + " of ZValue " + z);
            }
        }

        // Tilts are corrected two at a time: a tilt whose movie is cut short fails alone, named, and the rest of
        // the series is stacked without it.
        Path movie = frames.resolve("TS_order_3.mrc");
        try (var ch = java.nio.channels.FileChannel.open(movie, java.nio.file.StandardOpenOption.WRITE)) {
            ch.truncate(ch.size() / 2);
        }
        Path again = dir.resolve("again");
        StringWriter log = new StringWriter();
        status = Main.execute(new PrintWriter(log, true), new PrintWriter(err, true), "tilts", "--mdoc",
                mdoc.toString(), "--out", again.toString(), "--threads", "2");
        assertEquals(0, status, log + "\n" + err);
        assertTrue(log.toString().contains("tilt 3: failed: ") && log.toString().contains("TS_order_3.mrc"),
                log.toString());
        long failed = Files.readAllLines(again.resolve("TS_order_tilts.tsv")).stream()
                .filter(l -> l.contains("\tfailed\t")).count();
        assertEquals(1, failed);
        try (var st = org.stillframe.io.mrc.MrcReader.open(again.resolve("TS_order.st"))) {
            assertEquals(ANGLE.length - 1, st.frameCount());
        }
    }
}
