package org.stillframe.extract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stillframe.io.BadInputException;
import org.stillframe.io.star.StarFile;

class ParticlePicksTest {

    @TempDir
    Path dir;

    private static final String RELION31 = """
            # version 30001
            data_optics
            loop_
            _rlnOpticsGroupName #1
            _rlnOpticsGroup #2
            _rlnMicrographOriginalPixelSize #3
            _rlnVoltage #4
            opticsGroup1 1 0.885 300.0

            # version 30001
            data_particles
            loop_
            _rlnCoordinateX #1
            _rlnCoordinateY #2
            _rlnMicrographName #3
            _rlnDefocusU #4
            _rlnOpticsGroup #5
            _rlnImageName #6
            1000.5 2000.25 MotionCorr/job002/Movies/a_0001.mrc 15000 1 000001@Extract/old.mrcs
            30 40 MotionCorr/job002/Movies/b_0002.mrc 16000 1 000002@Extract/old.mrcs
            50 60 MotionCorr/job002/Movies/a_0001.mrc 15000 1 000003@Extract/old.mrcs
            """;

    @Test
    void readsRelionPicksGroupedByMicrographKeepingEveryColumn() throws Exception {
        Path star = dir.resolve("particles.star");
        Files.writeString(star, RELION31);
        ParticlePicks p = ParticlePicks.read(star);
        assertEquals(List.of(0, 2), p.rowsByStem().get("a_0001"));
        assertEquals(List.of(1), p.rowsByStem().get("b_0002"));
        assertEquals(1000.5, p.picks(List.of(0)).get(0).x());
        assertEquals(2000.25, p.picks(List.of(0)).get(0).y());
        assertNotNull(p.optics());

        StarFile out = StarFile.parse(ParticlesStar.write(p, Set.of("a_0001"), s -> "Particles/" + s + ".mrcs", 1.77,
                128, 300), "out.star");
        StarFile.Block particles = out.blocks().get("particles");
        assertEquals(2, particles.rows().size(), "only the corrected movie's particles");
        assertEquals("000002@Particles/a_0001.mrcs", particles.rows().get(1)[particles.column("_rlnImageName")]);
        assertEquals("15000", particles.rows().get(1)[particles.column("_rlnDefocusU")], "columns kept");
        assertEquals(6, particles.columns().size(), "rlnImageName replaced, not added twice");
        StarFile.Block optics = out.blocks().get("optics");
        assertEquals("0.885", optics.rows().get(0)[optics.column("_rlnMicrographOriginalPixelSize")]);
        assertEquals("1.770000", optics.rows().get(0)[optics.column("_rlnImagePixelSize")]);
        assertEquals("128", optics.rows().get(0)[optics.column("_rlnImageSize")]);
    }

    @Test
    void readsCsvPicksAndMakesUpAnOpticsGroup() throws Exception {
        Path csv = dir.resolve("picks.csv");
        Files.writeString(csv, "# from a picker\nx,y,micrograph_name\n10,20,/data/m1.tiff\n30,40,m2.eer\n");
        ParticlePicks p = ParticlePicks.read(csv);
        assertEquals(Set.of("m1", "m2"), p.rowsByStem().keySet());
        String star = ParticlesStar.write(p, Set.of("m1", "m2"), s -> s + ".mrcs", 1.0, 64, 200);
        StarFile.Block particles = StarFile.parse(star, "x").blocks().get("particles");
        assertEquals("1", particles.rows().get(0)[particles.column("_rlnOpticsGroup")]);
        assertTrue(star.contains("200.0"), "voltage in the made-up optics group");
    }

    @Test
    void stemsDropFoldersAndMovieExtensions() {
        assertEquals("a", ParticlePicks.stem("x/y/a.mrc"));
        assertEquals("a", ParticlePicks.stem("a.mrc.bz2"));
        assertEquals("a_fractions", ParticlePicks.stem("a_fractions.tiff"));
        assertEquals("a", ParticlePicks.stem("C:\\data\\a.eer"));
    }

    @Test
    void badPicksAreRefusedByName() throws Exception {
        Path noXy = dir.resolve("noxy.star");
        Files.writeString(noXy, "data_particles\nloop_\n_rlnMicrographName\na.mrc\n");
        BadInputException e = assertThrows(BadInputException.class, () -> ParticlePicks.read(noXy));
        assertTrue(e.getMessage().contains("noxy.star") && e.getMessage().contains("rlnCoordinateX"), e.getMessage());
        Path text = dir.resolve("words.csv");
        Files.writeString(text, "micrograph,x,y\na.mrc,left,up\n");
        e = assertThrows(BadInputException.class, () -> ParticlePicks.read(text));
        assertTrue(e.getMessage().contains("numeric"), e.getMessage());
        Path empty = dir.resolve("empty.csv");
        Files.writeString(empty, "micrograph,x,y\n");
        e = assertThrows(BadInputException.class, () -> ParticlePicks.read(empty));
        assertTrue(e.getMessage().contains("no particles"), e.getMessage());
    }
}
