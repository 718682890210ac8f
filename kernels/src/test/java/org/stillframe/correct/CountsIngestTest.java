package org.stillframe.correct;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.stillframe.gain.GainCorrection;
import org.stillframe.sim.MovieSimulator;
import org.stillframe.sim.SimulationParams;
import org.stillframe.testing.WorkerPool;

/**
 * Integer movies are read as counts ({@link MovieFrames#readCounts}) instead of floats: the correction must not
 * change, whether every frame comes as counts, some need two bytes a pixel, or the source stops giving counts
 * part-way (the rest are read as floats).
 */
class CountsIngestTest {

    static final int N = 256;
    static final int FRAMES = 12;
    @RegisterExtension
    static final WorkerPool POOL = new WorkerPool(2);

    /**
     * A simulated movie whose frame 2 is 256 counts brighter (a frame that needs two bytes a pixel). Gives
     * counts when {@code countsUpTo} > 0, for frames below it only.
     */
    static final class Source implements MovieFrames {
        final MovieSimulator sim;
        final int countsUpTo;
        final AtomicInteger asCounts = new AtomicInteger();

        Source(MovieSimulator sim, int countsUpTo) {
            this.sim = sim;
            this.countsUpTo = countsUpTo;
        }

        @Override
        public int width() {
            return N;
        }

        @Override
        public int height() {
            return N;
        }

        @Override
        public int frameCount() {
            return FRAMES;
        }

        @Override
        public void read(int index, float[] out) {
            sim.read(index, out);
            if (index == 2) {
                for (int i = 0; i < out.length; i++) {
                    out[i] += 256; // every pixel: a lone bright one would be repaired as a hot pixel
                }
            }
        }

        @Override
        public boolean readCounts(int index, char[] out) {
            if (index >= countsUpTo) {
                return false;
            }
            float[] f = new float[N * N];
            read(index, f);
            for (int i = 0; i < f.length; i++) {
                if (f[i] != (int) f[i] || f[i] < 0 || f[i] > 65535) {
                    throw new AssertionError("the simulator's frames are counts");
                }
                out[i] = (char) f[i];
            }
            asCounts.incrementAndGet();
            return true;
        }
    }

    private static CorrectionResult correct(MovieFrames movie) throws IOException {
        return new MovieCorrector(POOL.workers()).correct(movie, new GainCorrection(null, null),
                CorrectionOptions.defaults(), null);
    }

    @Test
    void framesReadAsCountsAreCorrectedAsFramesReadAsFloats() throws Exception {
        MovieSimulator sim = new MovieSimulator(SimulationParams.defaults(N, N, FRAMES, 5150).withHotPixels(30));
        CorrectionResult floats = correct(new Source(sim, 0));
        Source all = new Source(sim, FRAMES);
        CorrectionResult counts = correct(all);
        Source some = new Source(sim, 5);
        CorrectionResult mixed = correct(some);

        assertEquals(FRAMES, all.asCounts.get(), "every frame read as counts");
        assertTrue(some.asCounts.get() >= 1 && some.asCounts.get() <= 5, some.asCounts.get() + " frames as counts");
        for (CorrectionResult r : new CorrectionResult[] {counts, mixed}) {
            assertEquals(floats.defects().hot(), r.defects().hot(), "hot pixels found");
            for (int i = 0; i < FRAMES; i++) {
                assertEquals(floats.shifts().x(i), r.shifts().x(i), 1e-4, "x shift of frame " + i);
                assertEquals(floats.shifts().y(i), r.shifts().y(i), 1e-4, "y shift of frame " + i);
            }
            // Within float rounding: the POOL.workers()' partial sums add in any order (run to run as well).
            float[] a = floats.sum();
            float[] b = r.sum();
            double worst = 0;
            double range = 0;
            for (int i = 0; i < a.length; i++) {
                worst = Math.max(worst, Math.abs(a[i] - b[i]));
                range = Math.max(range, Math.abs(a[i]));
            }
            assertTrue(worst <= 1e-4 * range, "sums differ by " + worst + " of " + range);
        }
    }
}
