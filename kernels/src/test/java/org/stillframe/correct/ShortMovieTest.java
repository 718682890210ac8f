package org.stillframe.correct;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.stillframe.gain.GainCorrection;
import org.stillframe.quality.ShiftError;
import org.stillframe.sim.MovieSimulator;
import org.stillframe.sim.SimulationParams;
import org.stillframe.testing.WorkerPool;

/**
 * Short movies (tilt-series tilts) are too short for the noise-based B-factor choice: the counts choose. A bright
 * 6-frame movie keeps the weak filter; a dark 8-frame one takes the stronger.
 */
class ShortMovieTest {

    @RegisterExtension
    static final WorkerPool POOL = new WorkerPool(2);

    private static double error(SimulationParams p) throws IOException {
        MovieSimulator sim = new MovieSimulator(p);
        CorrectionResult r = new MovieCorrector(POOL.workers()).correct(sim, new GainCorrection(null, null),
                CorrectionOptions.defaults(), null);
        return ShiftError.rms(r.shifts(), sim.trueShifts());
    }

    @Test
    void brightShortMovieKeepsTheWeakFilter() throws Exception {
        // 3.4 e/px per frame: B 150 gives 0.06 px; the noise-based choice picked B 1500 and 0.68 px.
        double e = error(SimulationParams.defaults(384, 384, 6, 4002).withDose(4).withContrast(0.4).withGain(false)
                .withDrift(6));
        assertTrue(e < 0.15, e + " px");
    }

    @Test
    void tinyNoisyMovieGivesFiniteShifts() throws Exception {
        // 128² × 6 frames: too little signal to align; the shifts ran off the frame, where the correlation windows
        // no longer overlap, and dividing by that overlap made NaN shifts and a crash in the drift fit.
        MovieSimulator sim = new MovieSimulator(SimulationParams.defaults(128, 128, 6, 808).withGain(false)
                .withHotPixels(7));
        CorrectionResult r = new MovieCorrector(POOL.workers()).correct(sim, new GainCorrection(null, null),
                CorrectionOptions.defaults(), null);
        for (int i = 0; i < 6; i++) {
            assertTrue(Double.isFinite(r.shifts().x(i)) && Double.isFinite(r.shifts().y(i)), "frame " + i);
        }
    }

    @Test
    void darkShortMovieTakesTheStrongerFilter() throws Exception {
        // 0.4 e/px per frame: B 500 gives 1.15 px, B 150 3.9 px.
        double e = error(SimulationParams.defaults(2048, 2048, 8, 9003).withDose(0.4).withContrast(0.15)
                .withGain(false).withDrift(8));
        assertTrue(e < 2.0, e + " px");
    }
}
