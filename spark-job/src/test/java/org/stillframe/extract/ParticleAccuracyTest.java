package org.stillframe.extract;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stillframe.cli.Main;

/** {@code particles accuracy} on hand-made trajectories whose errors are known, worked out by hand below. */
class ParticleAccuracyTest {

    @TempDir
    Path dir;

    static final String TRUTH_HEADER = "# hand-made truth\n"
            + "particle\tx\ty\tradius_px\tframe\tshift_x_px\tshift_y_px\town_x_px\town_y_px\n";
    static final String TRAJECTORY_HEADER = "# hand-made trajectories\n"
            + "particle\tx_px\ty_px\tframe\tshift_x_px\tshift_y_px\tresidual_x_px\tresidual_y_px\tsignal_z\tfallback\n";

    @Test
    void knownErrorsGiveTheirRmsPerRadiusRangeAndOverall() throws Exception {
        // Particle 1 (radius 10): the truth moves 1 px/frame in x; the trajectory is off by (0.3, 0.4) in every
        // frame -> RMS 0.5, 0 with the offset removed; its residual is (0.1, 0), so the movie motion alone is off by
        // (0.2, 0.4) -> RMS sqrt(0.2) = 0.447.
        // Particle 2 (radius 40, fallback): truth at rest; errors in x of +1, -1, 0 -> RMS sqrt(2/3) = 0.816, the
        // same with the (zero) mean removed and for the movie motion alone (no residual).
        // Particle 3 has no truth and particle 4 no trajectory: neither is scored.
        // Overall, 6 particle-frames: RMS sqrt((3 * 0.25 + 2) / 6) = 0.677, offset removed sqrt(2 / 6) = 0.577,
        // movie motion alone sqrt((3 * 0.2 + 2) / 6) = 0.658.
        Path truth = dir.resolve("t_particles_truth.tsv");
        Files.writeString(truth, TRUTH_HEADER
                + "1\t100\t100\t10\t1\t0\t0\t0\t0\n"
                + "1\t100\t100\t10\t2\t1\t0\t0\t0\n"
                + "1\t100\t100\t10\t3\t2\t0\t0\t0\n"
                + "2\t300\t300\t40\t1\t0\t0\t0\t0\n"
                + "2\t300\t300\t40\t2\t0\t0\t0\t0\n"
                + "2\t300\t300\t40\t3\t0\t0\t0\t0\n"
                + "4\t500\t500\t40\t1\t0\t0\t0\t0\n");
        Path trajectories = dir.resolve("t_trajectories.tsv");
        Files.writeString(trajectories, TRAJECTORY_HEADER
                + "1\t100\t100\t1\t0.3\t0.4\t0.1\t0\t5\tfalse\n"
                + "1\t100\t100\t2\t1.3\t0.4\t0.1\t0\t5\tfalse\n"
                + "1\t100\t100\t3\t2.3\t0.4\t0.1\t0\t5\tfalse\n"
                + "2\t300\t300\t1\t1\t0\t0\t0\t0.5\ttrue\n"
                + "2\t300\t300\t2\t-1\t0\t0\t0\t0.5\ttrue\n"
                + "2\t300\t300\t3\t0\t0\t0\t0\t0.5\ttrue\n"
                + "3\t400\t400\t1\t9\t9\t0\t0\t5\tfalse\n");

        ParticleAccuracy.Score all = ParticleAccuracy.score(truth, trajectories, 0, 1e9);
        assertEquals(2, all.particles());
        assertEquals(1, all.fallbacks());
        assertEquals(Math.sqrt(2.75 / 6), all.rmsPx(), 1e-9);
        assertEquals(Math.sqrt(2.0 / 6), all.rmsCentredPx(), 1e-9);
        assertEquals(Math.sqrt(2.6 / 6), all.movieMotionRmsPx(), 1e-9);

        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = Main.execute(new PrintWriter(out, true), new PrintWriter(err, true), "particles", "accuracy",
                truth.toString(), trajectories.toString());
        assertEquals(0, status, err.toString());
        List<String> rows = out.toString().lines().skip(1).toList();
        assertEquals(List.of(
                "0-20\t1\t0\t0.500\t0.000\t0.447",
                "20-32\t0\t0\t0.000\t0.000\t0.000",
                "32-50\t1\t1\t0.816\t0.816\t0.816",
                ">= 50\t0\t0\t0.000\t0.000\t0.000",
                "all\t2\t1\t0.677\t0.577\t0.658"), rows);
    }

    @Test
    void trajectoriesRelativeToTheirReferenceFrameAreScoredAgainstTheTruthRelativeToIt() throws Exception {
        // Particle 1's truth moves 1 px/frame in x from frame 1; the table is relative to frame 2 (a micrograph
        // registered there), so the true shifts relative to it are -1, 0, 1; the trajectory is off by (0.3, 0.4):
        // RMS 0.5. Read as relative to frame 1, the same rows would be off by (-0.7, 0.4), (-0.7, 0.4)... (RMS 0.81).
        Path truth = dir.resolve("r_particles_truth.tsv");
        Files.writeString(truth, TRUTH_HEADER
                + "1\t100\t100\t10\t1\t0\t0\t0\t0\n"
                + "1\t100\t100\t10\t2\t1\t0\t0\t0\n"
                + "1\t100\t100\t10\t3\t2\t0\t0\t0\n");
        Path trajectories = dir.resolve("r_trajectories.tsv");
        Files.writeString(trajectories, "# reference frame: 2\n" + TRAJECTORY_HEADER
                + "1\t100\t100\t1\t-0.7\t0.4\t0\t0\t5\tfalse\n"
                + "1\t100\t100\t2\t0.3\t0.4\t0\t0\t5\tfalse\n"
                + "1\t100\t100\t3\t1.3\t0.4\t0\t0\t5\tfalse\n");
        ParticleAccuracy.Score s = ParticleAccuracy.score(truth, trajectories, 0, 1e9);
        assertEquals(0.5, s.rmsPx(), 1e-9);
        assertEquals(0, s.rmsCentredPx(), 1e-9);
    }

    @Test
    void theDoseWeightedSignalKeptIsOneForExactOrShiftedTrajectoriesAndFallsWithLateErrorsLessThanEarlyOnes() {
        ParticleAccuracy.DoseWeighting w = new ParticleAccuracy.DoseWeighting(2, 1.5, 300);
        java.util.List<double[]> exact = new java.util.ArrayList<>();
        java.util.List<double[]> shifted = new java.util.ArrayList<>();
        java.util.List<double[]> early = new java.util.ArrayList<>();
        java.util.List<double[]> late = new java.util.ArrayList<>();
        for (int f = 0; f < 24; f++) {
            exact.add(new double[] {0, 0});
            shifted.add(new double[] {0.7, -0.3}); // a constant shift does not blur
            // The same 1 px error, in frames 0-3 or in frames 20-23 (errors measured from the mean).
            early.add(new double[] {f < 4 ? 1 : 0, 0});
            late.add(new double[] {f >= 20 ? 1 : 0, 0});
        }
        assertEquals(1, w.kept(exact, 0), 1e-12);
        assertEquals(1, w.kept(shifted, 0), 1e-12);
        double e = w.kept(early, 0);
        double l = w.kept(late, 0);
        System.out.printf(java.util.Locale.ROOT, "signal kept: 1 px off in the first 4 frames %.4f, in the last 4"
                + " %.4f%n", e, l);
        // Damage leaves little high-frequency signal in late frames: the same error costs less there.
        org.junit.jupiter.api.Assertions.assertTrue(e < l && l < 1 && e > 0, e + " " + l);
    }
}
