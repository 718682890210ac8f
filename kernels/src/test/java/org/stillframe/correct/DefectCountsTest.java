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

    @Test
    void pixelsThatAreNotNumbersAreRepairedNotSpread() throws Exception {
        // A float movie with a NaN in one frame and ±∞ in others gave a sum of NaN everywhere (and zero shifts).
        int n = 256;
        MovieSimulator sim = new MovieSimulator(SimulationParams.defaults(n, n, 10, 809).withGain(false));
        int[] bad = {n * 40 + 50, n * 200 + 17, n * 128 + 128};
        MovieFrames corrupt = new MovieFrames() {
            public int width() {
                return n;
            }

            public int height() {
                return n;
            }

            public int frameCount() {
                return 10;
            }

            public void read(int index, float[] out) {
                sim.read(index, out);
                if (index == 2) {
                    out[bad[0]] = Float.NaN;
                } else if (index == 4) {
                    out[bad[1]] = Float.POSITIVE_INFINITY;
                } else if (index == 7) {
                    out[bad[2]] = Float.NEGATIVE_INFINITY;
                }
            }
        };
        try (Workers workers = new Workers(2)) {
            CorrectionResult r = new MovieCorrector(workers).correct(corrupt, GainCorrection.none(),
                    CorrectionOptions.defaults(), null);
            for (float v : r.sum()) {
                assertTrue(Float.isFinite(v), "a sum pixel is " + v);
            }
            int[] repaired = r.defects().map().badPixels();
            for (int p : bad) {
                assertTrue(Arrays.binarySearch(repaired, p) >= 0, "pixel " + p + " repaired");
            }
        }
    }
}
