package org.stillframe.gain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.stillframe.sim.MovieSimulator;
import org.stillframe.sim.SimulationParams;

/**
 * The gain orientation check on simulated counting movies (1 e/px/frame, the simulator's detector pattern: a smooth
 * falloff of about ±10 %, readout columns and pixel scatter): from the first 10 frames' raw sum it must find the
 * orientation the gain was stored in, whichever of the eight that is.
 */
@Timeout(120)
class OrientationCheckTest {

    private static final int FRAMES_SUMMED = 10;

    /** The raw sum of a movie's first frames and the gain reference in the frames' orientation. */
    private record Movie(float[] rawSum, float[] gain, int nx, int ny) {
    }

    private static Movie movie(int nx, int ny, long seed) throws Exception {
        MovieSimulator sim = new MovieSimulator(SimulationParams.defaults(nx, ny, 40, seed).withDose(1));
        float[] sum = new float[nx * ny];
        for (int i = 0; i < FRAMES_SUMMED; i++) {
            sim.add(i, sum);
        }
        return new Movie(sum, sim.gainReference(), nx, ny);
    }

    /** The gain as a file would hold it if {@code o} must be applied to fit the frames. */
    private static float[] stored(float[] gain, int nx, int ny, GainOrientation o) {
        for (GainOrientation inverse : GainOrientation.all()) {
            float[] turned = inverse.apply(gain, nx, ny);
            int w = inverse.width(nx, ny);
            int h = inverse.height(nx, ny);
            if (o.width(w, h) == nx && Arrays.equals(o.apply(turned, w, h), gain)) {
                return turned;
            }
        }
        throw new AssertionError("no inverse of " + o);
    }

    @Test
    void findsTheStoredOrientationWhicheverItIs() throws Exception {
        Movie m = movie(512, 512, 11);
        for (GainOrientation truth : GainOrientation.all()) {
            float[] file = stored(m.gain(), m.nx(), m.ny(), truth);
            OrientationCheck.Verdict right = OrientationCheck.check(m.rawSum(), m.nx(), m.ny(), file, m.ny(), m.nx(),
                    truth);
            assertTrue(right.best().sameAs(truth), truth + ": " + right.scoresLine());
            assertTrue(right.conclusive(), right.scoresLine());
            assertFalse(right.requestedIsWrong(), right.scoresLine());
            assertEquals("", right.warning());
            for (GainOrientation asked : GainOrientation.all()) {
                if (asked.sameAs(truth)) {
                    continue;
                }
                OrientationCheck.Verdict wrong = OrientationCheck.check(m.rawSum(), m.nx(), m.ny(), file, m.ny(),
                        m.nx(), asked);
                assertTrue(wrong.requestedIsWrong(), "asked " + asked + ", stored " + truth + ": "
                        + wrong.scoresLine());
                assertTrue(wrong.chosen().sameAs(truth));
                assertTrue(wrong.warning().contains("use " + wrong.best()), wrong.warning());
            }
        }
    }

    @Test
    void aLeftRightFlipIsAnUpsideDownFlipAfterAHalfTurn() {
        assertTrue(new GainOrientation(1, 2).sameAs(new GainOrientation(3, 1)));
        assertTrue(new GainOrientation(2, 2).sameAs(new GainOrientation(0, 1)));
        assertFalse(new GainOrientation(1, 1).sameAs(new GainOrientation(3, 1)));
    }

    @Test
    void onlyOrientationsThatFitTheFrameAreScoredOnAnOblongDetector() throws Exception {
        Movie m = movie(512, 256, 12);
        GainOrientation truth = new GainOrientation(1, 0);
        float[] file = stored(m.gain(), m.nx(), m.ny(), truth); // stored 256 wide, 512 high
        OrientationCheck.Verdict v = OrientationCheck.check(m.rawSum(), m.nx(), m.ny(), file, m.ny(), m.nx(),
                GainOrientation.NONE);
        assertEquals(4, v.scores().size(), v.scoresLine());
        assertTrue(v.best().sameAs(truth), v.scoresLine());
    }

    @Test
    void aFlatGainIsTooAlikeToTellAndRaisesNoWarning() throws Exception {
        Movie m = movie(256, 256, 13);
        float[] flat = new float[m.nx() * m.ny()];
        Arrays.fill(flat, 1f);
        OrientationCheck.Verdict v = OrientationCheck.check(m.rawSum(), m.nx(), m.ny(), flat, m.nx(), m.ny(),
                new GainOrientation(1, 0));
        assertFalse(v.conclusive(), v.scoresLine());
        assertFalse(v.requestedIsWrong());
    }
}
