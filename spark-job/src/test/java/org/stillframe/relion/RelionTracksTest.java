package org.stillframe.relion;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stillframe.cli.Main;

/** RELION 3.1 polishing tracks converted to stillframe's trajectory table, and scored by particles accuracy. */
class RelionTracksTest {

    @TempDir
    Path dir;
    Path tracks;
    Path particles;
    Path motion;

    @BeforeEach
    void write() throws IOException {
        // 1000 x 800 movie, 2 A/px; RELION's movie motion: global shifts plus u_x = 0.4·x·t, u_y = 0.2·t.
        motion = Files.writeString(dir.resolve("mv.star"), String.join("\n", "data_general",
                "_rlnImageSizeX 1000", "_rlnImageSizeY 800", "_rlnImageSizeZ 3",
                "_rlnMicrographMovieName Movies/mv.mrc", "_rlnMicrographBinning 1.0",
                "_rlnMicrographOriginalPixelSize 2.0", "_rlnMicrographStartFrame 1", "_rlnMotionModelVersion 1", "",
                "data_global_shift", "loop_", "_rlnMicrographFrameNumber #1", "_rlnMicrographShiftX #2",
                "_rlnMicrographShiftY #3", "1 0 0", "2 1.5 -0.5", "3 2.5 -1.0", "",
                "data_local_motion_model", "loop_", "_rlnMotionModelCoeffsIdx #1", "_rlnMotionModelCoeff #2",
                "3 0.4", "18 0.2", ""));
        // Two particles of this micrograph around one of another.
        particles = Files.writeString(dir.resolve("particles.star"), String.join("\n", "data_optics", "loop_",
                "_rlnOpticsGroup #1", "1", "", "data_particles", "loop_", "_rlnMicrographName #1",
                "_rlnCoordinateX #2", "_rlnCoordinateY #3", "MotionCorr/Movies/mv.mrc 250.25 600.75",
                "MotionCorr/Movies/other.mrc 10 10", "MotionCorr/Movies/mv.mrc 750.5 100.0", ""));
        // Positions in A from the box's whole pixel: particle 1 starts exactly at its coordinate (0.25, 0.75 px)
        // and moves by -(1.5, 0) then -(2.5, -1) px; particle 2 starts 0.5 px right of its coordinate.
        tracks = Files.writeString(dir.resolve("mv_tracks.star"), String.join("\n", "data_general",
                "_rlnParticleNumber 2", "", "data_0", "loop_", "_rlnOriginXAngst #1", "_rlnOriginYAngst #2",
                "0.5 1.5", "-2.5 1.5", "-4.5 3.5", "", "data_1", "loop_", "_rlnOriginXAngst #1",
                "_rlnOriginYAngst #2", "2.0 0.0", "-1.0 0.0", "-3.0 2.0", ""));
    }

    @Test
    void tracksBecomeCorrectionsFromTheExactCoordinateWithRelionsMovieMotionAsTheNonResidualPart()
            throws IOException {
        List<String[]> rows = RelionTracks.trajectoryTable(tracks, particles, motion).lines()
                .filter(l -> !l.startsWith("#") && !l.startsWith("particle")).map(l -> l.split("\t")).toList();
        assertEquals(6, rows.size());
        assertTrue(RelionTracks.trajectoryTable(tracks, particles, motion).contains("# reference frame: 1\n"));
        // particle 1, frame 2: shift = -(track/2 - frac) = -((-1.25, 0.75) - (0.25, 0.75)) = (1.5, 0);
        // movie motion at x = 0.25025 - 0.5, t = 1: (1.5 + 0.4·(-0.24975), -0.5 + 0.2)
        expect(rows.get(1), 1, 2, 1.5, 0, 0.0999, 0.3);
        expect(rows.get(2), 1, 3, 2.5, -1.0, 0.1998, -0.4);
        // particle 2 (750.5, 100.0): frame 1 track (1, 0) px from the box pixel = 0.5 px right of the coordinate
        expect(rows.get(3), 2, 1, -0.5, 0, -0.5, 0);
        expect(rows.get(5), 2, 3, 2.0, -1.0, 2.0 - 2.5 - 0.4 * 0.2505 * 2, -1.0 + 1.0 - 0.4);
    }

    private static void expect(String[] row, int particle, int frame, double sx, double sy, double rx, double ry) {
        assertEquals(particle, Integer.parseInt(row[0]));
        assertEquals(frame, Integer.parseInt(row[3]));
        assertEquals(sx, Double.parseDouble(row[4]), 1e-4, "shift x");
        assertEquals(sy, Double.parseDouble(row[5]), 1e-4, "shift y");
        assertEquals(rx, Double.parseDouble(row[6]), 1e-4, "residual x");
        assertEquals(ry, Double.parseDouble(row[7]), 1e-4, "residual y");
        assertEquals("false", row[9]);
    }

    @Test
    void particlesAccuracyScoresRelionTracksAgainstTheTruthAndRefusesWithoutTheirInputs() throws IOException {
        // Both particles truly start at their coordinates (truth relative to frame 1) and move alike: particle 1's
        // converted track is exact, particle 2's is 0.5 px off in x in every frame (RELION's frame-1 offset), so the
        // RMS is sqrt(3 * 0.25 / 6) with nothing left once each particle's offset is removed.
        StringBuilder truth = new StringBuilder("particle\tx\ty\tradius_px\tframe\tshift_x_px\tshift_y_px\town_x_px"
                + "\town_y_px\n");
        double[][] shifts = {{0, 0}, {1.5, 0}, {2.5, -1}, {0, 0}, {1.5, 0}, {2.5, -1}};
        for (int i = 0; i < 6; i++) {
            truth.append(String.format(java.util.Locale.ROOT, "%d\t0\t0\t25\t%d\t%.4f\t%.4f\t0\t0%n", 1 + i / 3,
                    1 + i % 3, shifts[i][0], shifts[i][1]));
        }
        Path truthFile = Files.writeString(dir.resolve("truth.tsv"), truth);
        Path table = dir.resolve("converted.tsv");
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = Main.execute(new PrintWriter(out, true), new PrintWriter(err, true), "particles", "accuracy",
                truthFile.toString(), tracks.toString(), "--relion-tracks", "--relion-particles",
                particles.toString(), "--relion-motion", motion.toString(), "--write-trajectories", table.toString());
        assertEquals(Main.OK, status, err.toString());
        String all = out.toString().lines().filter(l -> l.startsWith("all\t")).findFirst().orElseThrow();
        String[] v = all.split("\t");
        assertEquals("2", v[1], all);
        assertEquals(Math.sqrt(0.125), Double.parseDouble(v[3]), 1e-3, all);
        assertEquals(0.0, Double.parseDouble(v[4]), 1e-3, all);
        assertTrue(Double.parseDouble(v[5]) > 0.1, all);
        assertTrue(Files.exists(table));

        err = new StringWriter();
        status = Main.execute(new PrintWriter(new StringWriter(), true), new PrintWriter(err, true), "particles",
                "accuracy", truthFile.toString(), tracks.toString(), "--relion-tracks");
        assertEquals(Main.BAD_INPUT, status);
        assertTrue(err.toString().contains("--relion-particles") && err.toString().lines().count() == 1, err.toString());
    }
}
