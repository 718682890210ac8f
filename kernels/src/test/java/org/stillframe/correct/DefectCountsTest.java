package org.stillframe.correct;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.stillframe.gain.GainCorrection;
import org.stillframe.parallel.Workers;
import org.stillframe.sim.MovieSimulator;
import org.stillframe.sim.SimulationParams;

/** The ingest's count of repaired pixels by kind, as the log reports them. */
class DefectCountsTest {

    @Test
    void listedZeroGainAndHotPixelsAreCountedOnceEach() throws Exception {
        int n = 128;
        MovieSimulator sim = new MovieSimulator(SimulationParams.defaults(n, n, 6, 808).withGain(false)
                .withHotPixels(7));
        boolean[] listed = new boolean[n * n];
        for (int i : new int[] {5, 900, 901, 4000, 12000}) {
            listed[i] = true;
        }
        float[] gain = new float[n * n];
        Arrays.fill(gain, 1f);
        gain[900] = 0;        // listed as well: counted as listed only
        gain[3000] = 0;
        gain[3001] = Float.NaN;
        gain[8000] = Float.POSITIVE_INFINITY;
        try (Workers workers = new Workers(2)) {
            DefectReport d = new MovieCorrector(workers).correct(sim, new GainCorrection(gain, null), listed,
                    CorrectionOptions.defaults(), SumRequest.plain(), null).defects();
            assertEquals(5, d.listed());
            assertEquals(3, d.zeroGain());
            assertEquals(7, d.hot(), "the simulator's hot pixels");
            assertEquals(d.map().count(), d.listed() + d.zeroGain() + d.hot() + d.dead() + d.cluster());
            assertTrue(d.dead() + d.cluster() <= 2, "chance findings: dead " + d.dead() + ", cluster " + d.cluster());
        }
    }
}
