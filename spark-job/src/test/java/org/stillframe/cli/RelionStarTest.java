package org.stillframe.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stillframe.io.mrc.MrcMode;
import org.stillframe.io.star.StarFile;
import org.stillframe.io.star.StarWriter;
import org.stillframe.parallel.Workers;
import org.stillframe.relion.AccumulatedMotion;
import org.stillframe.sim.SimulationParams;
import org.stillframe.sim.io.SimulationWriter;
import org.stillframe.testing.ShiftTables;

/**
 * Our STAR files against RELION's: its own motion STAR and accumulated-motion rule, our writer, and the files
 * motioncor --relion-star and -LogFile write. (it/relion-interop.sh has RELION itself read them.)
 */
class RelionStarTest {

    @TempDir
    static Path dir;
    static SimulationWriter.Files movie;

    @BeforeAll
    static void simulate() throws Exception {
        SimulationParams p = SimulationParams.defaults(512, 512, 16, 77).withDose(4).withContrast(0.3);
        try (Workers w = new Workers(2)) {
            movie = SimulationWriter.write(p, dir, "movie", MrcMode.INT16, w);
        }
    }

    static String fixture(String name) throws Exception {
        try (InputStream in = RelionStarTest.class.getResourceAsStream("/fixtures/star/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void relionsAccumulatedMotionIsReproducedFromItsOwnMotionStar() throws Exception {
        StarFile star = StarFile.parse(fixture("20170629_00021_frameImage.star"), "tutorial.star");
        assertEquals("1.277000", star.blocks().get("general").values().get("_rlnMicrographDoseRate"));
        StarFile.Block shifts = star.blocks().get("global_shift");
        int n = shifts.rows().size();
        double[] x = new double[n];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = Double.parseDouble(shifts.rows().get(i)[shifts.column("_rlnMicrographShiftX")]);
            y[i] = Double.parseDouble(shifts.rows().get(i)[shifts.column("_rlnMicrographShiftY")]);
        }
        AccumulatedMotion m = AccumulatedMotion.of(x, y, 1, 1.277, 0);
        // RELION's corrected_micrographs.star row for this movie: 16.420495 2.506308 13.914187
        assertEquals(16.420495, m.total(), 2e-5);
        assertEquals(2.506308, m.early(), 2e-5);
        assertEquals(13.914187, m.late(), 2e-5);
        assertEquals(36, star.blocks().get("local_motion_model").rows().size());
    }

    @Test
    void ourMotionStarHasRelionsBlocksAndTheShiftsWeLogged() throws Exception {
        Path out = dir.resolve("mc/movie.mrc");
        Object[] r = MotionCorCommandTest.run("motioncor", "-InMrc", movie.movie().toString(), "-OutMrc",
                out.toString(), "-Gain", movie.gain().toString(), "-Kv", "300", "-PixSize", "1", "-FmDose", "4",
                "--relion-star", "-LogDir", dir.resolve("logs").toString());
        assertEquals(0, r[0], (String) r[2]);
        StarFile star = StarFile.parse(Files.readString(dir.resolve("mc/movie.star")), "movie.star");
        var general = star.blocks().get("general").values();
        assertEquals("512", general.get("_rlnImageSizeX"));
        assertEquals("16", general.get("_rlnImageSizeZ"));
        assertEquals("1", general.get("_rlnMicrographStartFrame"));
        assertEquals("0", general.get("_rlnMotionModelVersion"));
        assertEquals("300.000000", general.get("_rlnVoltage"));
        List<String[]> rows = star.blocks().get("global_shift").rows();
        double[][] logged = ShiftTables.shifts(dir.resolve("logs/movie-Full.log"));
        assertEquals(16, rows.size());
        for (int i = 0; i < 16; i++) {
            assertEquals(logged[i][0], Double.parseDouble(rows.get(i)[1]), 0.006);
            assertEquals(logged[i][1], Double.parseDouble(rows.get(i)[2]), 0.006);
        }
        StarFile mics = StarFile.parse(Files.readString(dir.resolve("mc/corrected_micrographs.star")), "c.star");
        StarFile.Block micrographs = mics.blocks().get("micrographs");
        assertEquals(1, micrographs.rows().size());
        assertTrue(micrographs.rows().get(0)[micrographs.column("_rlnMicrographName")].endsWith("movie_DW.mrc"));
        assertTrue(micrographs.rows().get(0)[micrographs.column("_rlnMicrographNameNoDW")].endsWith("movie.mrc"));
        assertFalse(mics.blocks().get("optics").rows().isEmpty());
    }

    @Test
    void logFileWritesOldMotionCor2NamesWithSevenColumnPatchRows() throws Exception {
        Path stem = dir.resolve("old/movie");
        Object[] r = MotionCorCommandTest.run("motioncor", "-InMrc", movie.movie().toString(), "-OutMrc",
                dir.resolve("old/movie.mrc").toString(), "-Gain", movie.gain().toString(), "-LogFile",
                stem.toString(), "-Patch", "3", "3", "-kV", "300", "-Gpu", "0");
        assertEquals(0, r[0], (String) r[2]);
        assertTrue(((String) r[1]).contains("Full-frame alignment shift"));
        assertTrue(Files.exists(dir.resolve("old/movie0-Patch-Full.log")));
        List<String> lines = Files.readAllLines(dir.resolve("old/movie0-Patch-Patch.log"));
        long data = lines.stream().filter(l -> !l.isBlank() && !l.startsWith("#")).count();
        assertEquals(9 * 16, data);
        for (String l : lines) {
            if (!l.isBlank() && !l.startsWith("#")) {
                assertEquals(7, l.trim().split("\\s+").length, l); // RELION takes only 7-token lines
                assertFalse(l.contains("NaN"), l);
            }
        }
    }

    @Test
    void writerQuotesEmptyAndSpacedValues() throws Exception {
        String text = new StarWriter().values("general", "_rlnA", "", "_rlnB", "a b").toString();
        StarFile f = StarFile.parse(text, "x.star");
        assertEquals("", f.blocks().get("general").values().get("_rlnA"));
        assertEquals("a b", f.blocks().get("general").values().get("_rlnB"));
    }
}
