package org.stillframe.tomo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stillframe.cli.Main;
import org.stillframe.io.BadInputException;
import org.stillframe.io.mdoc.Mdoc;
import org.stillframe.io.mrc.MrcMode;
import org.stillframe.io.mrc.MrcReader;
import org.stillframe.parallel.Workers;
import org.stillframe.sim.SimulationParams;
import org.stillframe.sim.io.SimulationWriter;
import org.stillframe.testing.ShiftTables;

/**
 * Tilt series: a real SerialEM mdoc, and a simulated 41-tilt series (±60°, 3° steps, dose-symmetric order, each
 * tilt a short movie with its own drift) corrected end to end by {@code stillframe tilts}.
 */
class TiltSeriesTest {

    static final int TILTS = 41;
    static final int FRAMES = 6;
    static final double FRAME_DOSE = 8; // bright enough that the bound tests the pipeline, not the photon noise

    @TempDir
    static Path dir;
    static double[] angleOfZ = new double[TILTS];
    static List<double[][]> truth = new ArrayList<>();
    static Object[] run;

    static String fixture(String name) throws Exception {
        try (InputStream in = TiltSeriesTest.class.getResourceAsStream("/fixtures/mdoc/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** Dose-symmetric (Hagen) order: 0, +3, -3, -6, +6, +9, -9, -12, +12, ... */
    static double[] doseSymmetric() {
        double[] a = new double[TILTS];
        // Build it plainly: pairs (+k, -k) alternating which side starts, each side moving out in pairs.
        List<Double> order = new ArrayList<>(List.of(0.0));
        int pos = 0;
        int neg = 0;
        boolean plus = true;
        while (order.size() < TILTS) {
            for (int j = 0; j < 2 && order.size() < TILTS; j++) {
                if (plus) {
                    order.add(3.0 * ++pos);
                } else {
                    order.add(-3.0 * ++neg);
                }
                if (j == 0 && order.size() == 2) {
                    break; // the first step is a single +3
                }
            }
            plus = !plus;
        }
        for (int i = 0; i < TILTS; i++) {
            a[i] = order.get(i);
        }
        return a;
    }

    @BeforeAll
    static void simulateAndCorrect() throws Exception {
        Path movies = Files.createDirectories(dir.resolve("frames"));
        Path sim = Files.createDirectories(dir.resolve("sim"));
        angleOfZ = doseSymmetric();
        StringBuilder mdoc = new StringBuilder("PixelSpacing = 1\nImageFile = TS_sim.mrc\nImageSize = 512 512\n\n"
                + "[T = SerialEM: simulated by stillframe's test]\n\n");
        try (Workers w = new Workers(2)) {
            for (int z = 0; z < TILTS; z++) {
                SimulationParams p = SimulationParams.defaults(512, 512, FRAMES, 4000 + z).withDose(FRAME_DOSE)
                        .withContrast(0.4).withGain(false).withDrift(6);
                SimulationWriter.Files f = SimulationWriter.write(p, sim, "TS_sim_" + z, MrcMode.INT16, w);
                Files.move(f.movie(), movies.resolve("TS_sim_" + z + ".mrc"));
                truth.add(ShiftTables.truth(f.truthTable()));
                mdoc.append(String.format(Locale.ROOT, "[ZValue = %d]\r\nTiltAngle = %.2f\r\nExposureDose = %.1f\r\n"
                        + "SubFramePath = X:\\\\frames\\\\TS_sim_%d.mrc\r\nNumSubFrames = %d\r\n"
                        + "DateTime = 25-Nov-26  10:%02d:%02d\r\n\r\n", z, angleOfZ[z], FRAME_DOSE * FRAMES, z, FRAMES,
                        z / 2, (z % 2) * 30));
            }
        }
        Files.writeString(movies.resolve("TS_sim.mrc.mdoc"), mdoc.toString());
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = Main.execute(new PrintWriter(out, true), new PrintWriter(err, true), "tilts", "--mdoc",
                movies.resolve("TS_sim.mrc.mdoc").toString(), "--out", dir.resolve("out").toString(), "--threads", "2",
                "--", "-LogDir", dir.resolve("out/logs").toString(), "-Kv", "300",
                "-PixSize", "1");
        run = new Object[] {status, out.toString(), err.toString()};
    }

    @Test
    void aRealMdocParsesWithEitherLineEndingAndKeepsSerialEmsOrder() throws Exception {
        Mdoc crlf = Mdoc.parse(fixture("TS_01.mrc.mdoc"), "TS_01.mrc.mdoc");
        Mdoc lf = Mdoc.parse(fixture("tilt_series.mdoc"), "tilt_series.mdoc");
        assertEquals(41, crlf.sections().size());
        assertEquals(crlf, lf);
        assertEquals("5.4", crlf.header().get("PixelSpacing"));
        assertEquals(85.3, crlf.tiltAxisAngle(), 1e-9); // from the title line "Tilt axis angle = 85.3, binning = 4"
        // ExposureDose is 0 in this sample: the dose must be given.
        BadInputException e = assertThrows(BadInputException.class,
                () -> TiltSeriesPlan.tilts(crlf, "TS_01.mrc.mdoc", Double.NaN));
        assertTrue(e.getMessage().contains("--dose-per-tilt"), e.getMessage());
        List<Tilt> tilts = TiltSeriesPlan.tilts(crlf, "TS_01.mrc.mdoc", 3.0);
        // SerialEM recorded the tilts in acquisition order: ordering by DateTime keeps the ZValue order.
        for (int i = 0; i < 41; i++) {
            assertEquals(i, tilts.get(i).zValue());
            assertEquals(3.0 * i, tilts.get(i).preExposure(), 1e-9);
        }
        assertEquals(3.00113, tilts.get(1).angle(), 1e-9);
        assertEquals(-2.99863, tilts.get(2).angle(), 1e-9);
        assertEquals("TS_01_000_0.0.mrc", tilts.get(0).movie());
        assertEquals(8, tilts.get(0).frames());
    }

    @Test
    void malformedSectionsAreNamed() {
        BadInputException e = assertThrows(BadInputException.class,
                () -> Mdoc.parse("[ZValue = 0]\nTiltAngle = 1\nthis line has no equals sign\n", "bad.mdoc"));
        assertTrue(e.getMessage().startsWith("bad.mdoc: line 3"), e.getMessage());
        BadInputException n = assertThrows(BadInputException.class, () -> TiltSeriesPlan.tilts(Mdoc.parse(
                "[ZValue = 0]\nTiltAngle = abc\nSubFramePath = a.mrc\n", "n.mdoc"), "n.mdoc", 1));
        assertTrue(n.getMessage().contains("TiltAngle = 'abc' is not a number"), n.getMessage());
    }

    @Test
    void theSeriesIsStackedInAngleOrderWithDosesFromTheAcquisitionOrder() throws Exception {
        assertEquals(0, run[0], (String) run[2]);
        Path out = dir.resolve("out");
        List<String> tlt = Files.readAllLines(out.resolve("TS_sim.tlt"));
        double[] sorted = angleOfZ.clone();
        java.util.Arrays.sort(sorted);
        assertEquals(TILTS, tlt.size());
        for (int i = 0; i < TILTS; i++) {
            assertEquals(sorted[i], Double.parseDouble(tlt.get(i)), 1e-9);
        }
        assertEquals(tlt, Files.readAllLines(out.resolve("TS_sim.rawtlt")));
        // Dose table: the tilt acquired k-th received k tilts' worth of dose before it.
        for (String line : Files.readAllLines(out.resolve("TS_sim_tilts.tsv"))) {
            String[] t = line.split("\t");
            if (line.startsWith("#") || t[0].equals("stack_index")) {
                continue;
            }
            int z = Integer.parseInt(t[1]);
            int order = Integer.parseInt(t[3]);
            assertEquals(z + 1, order); // DateTime increases with z here
            assertEquals((order - 1) * FRAME_DOSE * FRAMES, Double.parseDouble(t[4]), 1e-6);
            assertEquals("ok", t[7]);
            assertEquals(angleOfZ[z], Double.parseDouble(t[2]), 1e-9);
        }
    }

    @Test
    void relion5TiltSeriesStarFilesListTheTiltsInAcquisitionOrder() throws Exception {
        Path out = dir.resolve("out");
        var global = org.stillframe.io.star.StarFile.parse(Files.readString(out.resolve("corrected_tilt_series.star")),
                "g.star").blocks().get("global");
        assertEquals("TS_sim", global.rows().get(0)[global.column("_rlnTomoName")]);
        var series = org.stillframe.io.star.StarFile.parse(Files.readString(out.resolve("TS_sim.star")), "s.star")
                .blocks().get("TS_sim");
        assertEquals(TILTS, series.rows().size());
        for (int k = 0; k < TILTS; k++) {
            String[] row = series.rows().get(k);
            assertEquals("TS_sim_" + k + ".mrc", row[series.column("_rlnMicrographMovieName")]);
            assertEquals(k * FRAME_DOSE * FRAMES, Double.parseDouble(row[series.column("_rlnMicrographPreExposure")]),
                    1e-6);
            assertEquals(angleOfZ[k], Double.parseDouble(row[series.column("_rlnTomoNominalStageTiltAngle")]), 1e-6);
            assertTrue(Files.exists(Path.of(row[series.column("_rlnMicrographNameEven")])));
        }
    }

    @Test
    void doseWeightedTiltsMakeADoseWeightedStackAndNoDwsSums() throws Exception {
        Path out = dir.resolve("out");
        try (MrcReader dw = MrcReader.open(out.resolve("TS_sim_DW.st"))) {
            assertEquals(TILTS, dw.frameCount());
        }
        try (var sums = Files.list(out.resolve("tilts"))) {
            List<String> names = sums.map(p -> p.getFileName().toString()).toList();
            assertTrue(names.stream().anyMatch(n -> n.endsWith("_DW.mrc")), names.toString());
            assertTrue(names.stream().noneMatch(n -> n.endsWith("_DWS.mrc")), "a _DWS sum was written");
        }
    }

    @Test
    void evenPlusOddIsTheStackAndNoHalfIsBlank() throws Exception {
        Path out = dir.resolve("out");
        // With dose weighting the halves are dose-weighted (as MotionCor2's), so they add up to the _DW stack.
        try (MrcReader st = MrcReader.open(out.resolve("TS_sim_DW.st"));
             MrcReader evn = MrcReader.open(out.resolve("TS_sim_EVN.st"));
             MrcReader odd = MrcReader.open(out.resolve("TS_sim_ODD.st"))) {
            assertEquals(TILTS, st.frameCount());
            int n = st.width() * st.height();
            float[] a = new float[n];
            float[] e = new float[n];
            float[] o = new float[n];
            for (int k = 0; k < TILTS; k++) {
                st.read(k, a);
                evn.read(k, e);
                odd.read(k, o);
                double se = 0;
                double so = 0;
                for (int p = 0; p < n; p++) {
                    assertEquals(a[p], e[p] + o[p], 1e-4 * Math.max(1, Math.abs(a[p])), "tilt " + k + " pixel " + p);
                    se += Math.abs(e[p]);
                    so += Math.abs(o[p]);
                }
                assertTrue(se > 0 && so > 0, "tilt " + k + ": a blank half");
            }
        }
    }

    @Test
    void everyTiltsShiftsAreWithinTheSkeletonsBound() throws Exception {
        double worst = 0;
        for (int z = 0; z < TILTS; z++) {
            double[][] ours = ShiftTables.shifts(dir.resolve("out/logs/TS_sim_" + z + "-Full.log"));
            double[][] t = truth.get(z);
            assertEquals(FRAMES, ours.length);
            double rms = ShiftTables.rmsAgainstTruth(ours, t);
            worst = Math.max(worst, rms);
            assertTrue(rms <= 0.15, "tilt " + z + ": " + rms + " px");
        }
        System.out.println("worst tilt shift RMS error: " + worst + " px");
    }

    @Test
    void eachStackSectionIsItsTiltsSumFile() throws Exception {
        // The stacks are written from memory while the tilts run: they must hold what the per-tilt files hold.
        Path out = dir.resolve("out");
        double[] sorted = angleOfZ.clone();
        java.util.Arrays.sort(sorted);
        for (String suffix : List.of("", "_EVN", "_ODD", "_DW")) {
            try (MrcReader stack = MrcReader.open(out.resolve("TS_sim" + suffix + ".st"))) {
                assertEquals(TILTS, stack.frameCount());
                int n = stack.width() * stack.height();
                float[] section = new float[n];
                float[] sum = new float[n];
                double meanOfMeans = 0;
                for (int k = 0; k < TILTS; k++) {
                    int z = zOfAngle(sorted[k]);
                    Path file = out.resolve(String.format(Locale.ROOT, "tilts/TS_sim_%03d%s.mrc", z, suffix));
                    stack.read(k, section);
                    try (MrcReader tilt = MrcReader.open(file)) {
                        tilt.read(0, sum);
                        meanOfMeans += tilt.header().dmean() / TILTS;
                        assertEquals(tilt.pixelSizeA(), stack.pixelSizeA(), 1e-6);
                    }
                    assertTrue(java.util.Arrays.equals(sum, section), suffix + " section " + k + " is not " + file);
                }
                assertEquals(meanOfMeans, stack.header().dmean(), 1e-5 * Math.abs(meanOfMeans) + 1e-9);
            }
        }
        try (var files = Files.list(out)) {
            assertEquals(List.of(), files.map(f -> f.getFileName().toString()).filter(f -> f.startsWith(".")).toList(),
                    "a temporary file was left behind");
        }
    }

    static int zOfAngle(double angle) {
        for (int z = 0; z < TILTS; z++) {
            if (angleOfZ[z] == angle) {
                return z;
            }
        }
        throw new AssertionError("no tilt at " + angle);
    }

    @Test
    void aTiltThatFailsIsLeftOutOfTheStacks(@TempDir Path small) throws Exception {
        // Three tilts, the middle one's movie cut short: the stacks hold the other two, in angle order.
        Path movies = Files.createDirectories(small.resolve("frames"));
        StringBuilder mdoc = new StringBuilder("PixelSpacing = 1\n\n");
        double[] angles = {0, 3, -3};
        try (Workers w = new Workers(2)) {
            for (int z = 0; z < 3; z++) {
                SimulationParams p = SimulationParams.defaults(128, 128, 4, 7000 + z).withDose(FRAME_DOSE)
                        .withGain(false).withDrift(2);
                SimulationWriter.Files f = SimulationWriter.write(p, small.resolve("sim"), "t" + z, MrcMode.INT16, w);
                Files.move(f.movie(), movies.resolve("t" + z + ".mrc"));
                mdoc.append(String.format(Locale.ROOT, "[ZValue = %d]\nTiltAngle = %.1f\nExposureDose = %.1f\n"
                        + "SubFramePath = t%d.mrc\nNumSubFrames = 4\n\n", z, angles[z], FRAME_DOSE * 4, z));
            }
        }
        Path cut = movies.resolve("t1.mrc");
        Files.write(cut, java.util.Arrays.copyOf(Files.readAllBytes(cut), (int) Files.size(cut) / 2));
        Files.writeString(movies.resolve("t.mrc.mdoc"), mdoc.toString());
        StringWriter err = new StringWriter();
        int status = Main.execute(new PrintWriter(new StringWriter(), true), new PrintWriter(err, true), "tilts",
                "--mdoc", movies.resolve("t.mrc.mdoc").toString(), "--out", small.resolve("out").toString(),
                "--threads", "2", "--", "-Kv", "300", "-PixSize", "1");
        assertEquals(0, status, err.toString());
        try (MrcReader stack = MrcReader.open(small.resolve("out/t.st"))) {
            assertEquals(2, stack.frameCount());
            float[] section = new float[stack.width() * stack.height()];
            float[] sum = new float[section.length];
            int k = 0;
            for (int z : new int[] {2, 0}) { // -3 then 0 degrees
                stack.read(k++, section);
                try (MrcReader tilt = MrcReader.open(small.resolve(String.format(Locale.ROOT, "out/tilts/t_%03d.mrc",
                        z)))) {
                    tilt.read(0, sum);
                }
                assertTrue(java.util.Arrays.equals(sum, section), "section " + (k - 1) + " is not tilt " + z);
            }
        }
        try (var files = Files.list(small.resolve("out"))) {
            assertEquals(List.of(), files.map(f -> f.getFileName().toString()).filter(f -> f.startsWith(".")).toList(),
                    "a temporary file was left behind");
        }
    }
}
