package org.stillframe.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.stillframe.gain.GainOrientation;
import org.stillframe.io.mrc.MrcMode;
import org.stillframe.io.mrc.MrcWriter;
import org.stillframe.parallel.Workers;
import org.stillframe.sim.SimulationParams;
import org.stillframe.sim.io.SimulationWriter;

/**
 * The gain orientation check on every run with a gain (issue 23), on a simulated counting movie (1 e/px/frame, 40
 * frames, the simulator's detector pattern) whose gain file is stored turned, so that -RotGain 1 -FlipGain 1 is
 * what fits: a wrong request is named in one warning line with the right flags, a right one passes silently, and
 * -GainOrient auto gives the sum of the right flags.
 */
@Timeout(300)
class GainOrientFlagTest {

    private static final int SIZE = 512;
    private static final GainOrientation TRUTH = new GainOrientation(1, 1);
    private static final String WARNING = "Warning: the gain reference looks turned";

    @TempDir
    static Path dir;
    static SimulationWriter.Files movie;
    static Path turnedGain;

    @BeforeAll
    static void simulate() throws Exception {
        SimulationParams p = SimulationParams.defaults(SIZE, SIZE, 40, 23).withDose(1).withDrift(8);
        try (Workers w = new Workers(2)) {
            movie = SimulationWriter.write(p, dir, "counting", MrcMode.INT16, w);
        }
        float[] gain = MotionCorFeaturesTest.image(movie.gain());
        float[] stored = null;
        for (GainOrientation candidate : GainOrientation.all()) {
            float[] c = candidate.apply(gain, SIZE, SIZE);
            if (MotionCorFeaturesTest.maxDiff(TRUTH.apply(c, SIZE, SIZE), gain) == 0) {
                stored = c;
            }
        }
        turnedGain = dir.resolve("gain_turned.mrc");
        MrcWriter.writeImage(turnedGain, stored, SIZE, SIZE, 1);
    }

    private static Object[] correct(String out, String... flags) {
        java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of("motioncor", "-InMrc",
                movie.movie().toString(), "-OutMrc", dir.resolve(out).toString(), "-Gain", turnedGain.toString()));
        args.addAll(java.util.List.of(flags));
        Object[] r = MotionCorCommandTest.run(args.toArray(String[]::new));
        assertEquals(0, r[0], (String) r[2]);
        return r;
    }

    private static String output(Object[] r) {
        return r[1] + "\n" + r[2];
    }

    @Test
    void aWrongOrientationIsNamedInOneLineWithTheFlagsThatFit() {
        String text = output(correct("wrong.mrc", "-RotGain", "2"));
        long warnings = text.lines().filter(l -> l.contains(WARNING)).count();
        assertEquals(1, warnings, text);
        String line = text.lines().filter(l -> l.contains(WARNING)).findFirst().orElseThrow();
        assertTrue(line.contains("than the requested -RotGain 2 -FlipGain 0") && line.contains("use " + TRUTH), line);
        assertTrue(text.contains("Gain orientation scores"), "both scores are logged: " + text);
    }

    @Test
    void theRightOrientationPassesSilentlyAndOffDoesNotCheck() {
        assertFalse(output(correct("right.mrc", "-RotGain", "1", "-FlipGain", "1")).contains(WARNING));
        String off = output(correct("off.mrc", "-RotGain", "2", "-GainOrient", "off"));
        assertFalse(off.contains(WARNING) || off.contains("Gain orientation scores"), off);
    }

    @Test
    void autoAppliesTheOrientationThatFits() throws Exception {
        correct("right_flags.mrc", "-RotGain", "1", "-FlipGain", "1");
        correct("auto.mrc", "-RotGain", "3", "-GainOrient", "auto");
        float[] right = MotionCorFeaturesTest.image(dir.resolve("right_flags.mrc"));
        float[] auto = MotionCorFeaturesTest.image(dir.resolve("auto.mrc"));
        double range = 0;
        for (float v : right) {
            range = Math.max(range, Math.abs(v));
        }
        // The same computation; threads may add in another order (float rounding only).
        assertTrue(MotionCorFeaturesTest.maxDiff(right, auto) < 1e-5 * range,
                "auto differs from the right flags by " + MotionCorFeaturesTest.maxDiff(right, auto));
    }

    @Test
    void anUnknownModeIsAUsageError() {
        Object[] r = MotionCorCommandTest.run("motioncor", "-InMrc", movie.movie().toString(), "-OutMrc",
                dir.resolve("bad.mrc").toString(), "-GainOrient", "sideways");
        assertTrue(((String) r[2]).contains("-GainOrient takes check, auto or off, got 'sideways'"), (String) r[2]);
    }
}
