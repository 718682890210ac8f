package org.stillframe.correct;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.stillframe.align.global.GlobalAlignOptions;
import org.stillframe.align.patch.LocalMotion;
import org.stillframe.align.patch.PatchOptions;
import org.stillframe.gain.GainCorrection;
import org.stillframe.quality.FieldError;
import org.stillframe.quality.Frc;
import org.stillframe.sim.MovieSimulator;
import org.stillframe.sim.SimulationParams;
import org.stillframe.testing.WorkerPool;

/**
 * Local (patch) correction of simulated movies against their true correction field (whole-frame motion plus a
 * smooth local deformation that is not a polynomial, so the model can only approximate it).
 */
class LocalCorrectionTest {

    @RegisterExtension
    static final WorkerPool POOL = new WorkerPool(2);

    /** The true correction on a 17 × 17 grid in every frame, optionally only where {@code keep} says. */
    static List<FieldError.Sample> trueField(MovieSimulator sim, java.util.function.BiPredicate<Double, Double> keep) {
        SimulationParams p = sim.params();
        List<FieldError.Sample> samples = new ArrayList<>();
        double[] d = new double[2];
        for (int t = 0; t < p.frames(); t++) {
            for (int gy = 0; gy <= 16; gy++) {
                for (int gx = 0; gx <= 16; gx++) {
                    double x = gx * (p.width() - 1) / 16.0;
                    double y = gy * (p.height() - 1) / 16.0;
                    if (!keep.test(x, y)) {
                        continue;
                    }
                    d[0] = 0;
                    d[1] = 0;
                    if (sim.localField() != null) {
                        sim.localField().at(x, y, t, d);
                    }
                    samples.add(new FieldError.Sample(t, x, y, -(sim.motionX(t) + d[0]), -(sim.motionY(t) + d[1])));
                }
            }
        }
        return samples;
    }

    private static CorrectionResult correct(MovieFrames movie, MovieSimulator sim, PatchOptions patches)
            throws IOException {
        return correct(movie, sim, patches, CorrectionOptions.defaults());
    }

    private static CorrectionResult correct(MovieFrames movie, MovieSimulator sim, PatchOptions patches,
                                            CorrectionOptions o) throws IOException {
        return new MovieCorrector(POOL.workers()).correct(movie, new GainCorrection(sim.gainReference(), null),
                patches == null ? o : o.withPatches(patches), null);
    }

    private static double[] frc(CorrectionResult r, MovieSimulator sim) {
        return Frc.compute(r.sum(), sim.noiseFree(r.referenceIndex()), sim.width(), sim.height(), 10);
    }

    /** 2048² × 30 frames, 4 px of local motion, 5 × 5 patches (410 px): the acceptance case, smaller. */
    @Test
    void patchModelHalvesTheFieldErrorOfWholeFrameCorrectionAndSharpensTheSum() throws Exception {
        MovieSimulator sim = new MovieSimulator(SimulationParams.defaults(2048, 2048, 30, 21).withLocal(4)
                .withContrast(0.2));
        // Registered to frame 1 (-FmRef 0), where the simulated field is zero and every later frame is deformed
        // by its whole burst: the case where whole-frame correction blurs most and patches must sharpen most. (At
        // the central frame, the default, most frames are already near its deformation: there the whole-frame
        // sum is better, and patches gain less, 1.04x in ring 3; the other tests here use that default.)
        CorrectionOptions first = new CorrectionOptions(GlobalAlignOptions.defaults(), 0);
        CorrectionResult global = correct(sim, sim, null, first);
        CorrectionResult local = correct(sim, sim, PatchOptions.defaults(5, 5), first);
        LocalMotion motion = local.local();
        assertNotNull(motion);
        assertTrue(motion.applied(), motion.note());
        // 410 px patches at 1 e/px/frame are marginal: some cannot align (measured: 8 of 25 rejected).
        assertTrue(motion.rejectedPatches() <= 10, motion.rejectedPatches() + " patches rejected");

        List<FieldError.Sample> truth = trueField(sim, (x, y) -> true);
        FieldError.Result before = FieldError.of(truth, global.shifts(), null);
        FieldError.Result after = FieldError.of(truth, local.shifts(), motion.model());
        // Measured: 1.24 px whole-frame only, 0.48 px with the model (its polynomial cannot follow the
        // simulated field exactly).
        assertTrue(after.rmsPx() < 0.6, "field error " + after.rmsPx() + " px");
        assertTrue(after.rmsPx() < 0.5 * before.rmsPx(), after.rmsPx() + " vs whole-frame " + before.rmsPx());

        double[] g = frc(global, sim);
        double[] l = frc(local, sim);
        for (int k = 1; k < 10; k++) {
            assertTrue(l[k] >= g[k], "ring " + k + ": FRC " + l[k] + " vs whole-frame " + g[k]);
        }
        for (int k = 3; k <= 7; k++) { // measured 1.3-2.5x
            assertTrue(l[k] >= 1.25 * g[k], "ring " + k + ": FRC " + l[k] + " vs whole-frame " + g[k]);
        }
    }

    /**
     * Whatever the patches measure, the result is not worse than whole-frame correction: a movie without local
     * motion, and one whose 256 px patches are too small to align at this dose.
     */
    @Test
    void patchesNeverMakeTheCorrectionWorseThanWholeFrame() throws Exception {
        record Case(String what, SimulationParams params, int patches) {
        }
        List<Case> cases = List.of(
                new Case("no local motion", SimulationParams.defaults(1024, 1024, 30, 22).withContrast(0.2), 3),
                new Case("patches too small", SimulationParams.defaults(1024, 1024, 30, 21).withLocal(4)
                        .withContrast(0.2), 4));
        for (Case c : cases) {
            MovieSimulator sim = new MovieSimulator(c.params());
            CorrectionResult global = correct(sim, sim, null);
            CorrectionResult local = correct(sim, sim, PatchOptions.defaults(c.patches(), c.patches()));
            List<FieldError.Sample> truth = trueField(sim, (x, y) -> true);
            double before = FieldError.of(truth, global.shifts(), null).rmsPx();
            LocalMotion m = local.local();
            double after = FieldError.of(truth, local.shifts(), m.applied() ? m.model() : null).rmsPx();
            assertTrue(after <= before + 0.05, c.what() + ": field error " + after + " vs whole-frame " + before
                    + " (" + m.note() + ")");
            double[] g = frc(global, sim);
            double[] l = frc(local, sim);
            for (int k = 0; k < 10; k++) {
                assertTrue(l[k] >= 0.97 * g[k] - 0.002, c.what() + ", ring " + k + ": FRC " + l[k] + " vs " + g[k]);
            }
        }
    }

    /**
     * An empty corner (ice without particles: shot noise only) whose patch has nothing to align: it is left
     * out and the rest is still corrected.
     */
    @Test
    void emptyPatchesAreLeftOutAndTheRestStillCorrect() throws Exception {
        MovieSimulator sim = new MovieSimulator(SimulationParams.defaults(2048, 2048, 30, 21).withLocal(4)
                .withContrast(0.2).withGain(false));
        int blank = 800;
        MovieFrames cornered = new MovieFrames() {
            @Override
            public int width() {
                return sim.width();
            }

            @Override
            public int height() {
                return sim.height();
            }

            @Override
            public int frameCount() {
                return sim.frameCount();
            }

            @Override
            public void read(int index, float[] out) {
                sim.read(index, out);
                java.util.Random noise = new java.util.Random(index);
                double empty = Math.exp(-sim.params().meanCountPerPixel());
                for (int y = 0; y < blank; y++) {
                    for (int x = 0; x < blank; x++) {
                        int k = 0; // Poisson by inversion: count until the product of uniforms drops below e^-mean
                        for (double p = noise.nextDouble(); p > empty; p *= noise.nextDouble()) {
                            k++;
                        }
                        out[y * sim.width() + x] = k;
                    }
                }
            }
        };
        CorrectionResult local = correct(cornered, sim, PatchOptions.defaults(5, 5));
        LocalMotion m = local.local();
        assertTrue(m.applied(), m.note());
        int insideBlank = 0;
        for (int p = 0; p < m.patches().layout().count(); p++) {
            double cx = m.patches().layout().centreX()[p];
            double cy = m.patches().layout().centreY()[p];
            if (cx + 0.5 * m.patches().layout().patchWidth() <= blank
                    && cy + 0.5 * m.patches().layout().patchHeight() <= blank) {
                insideBlank++;
                assertTrue(m.patches().rejected()[p], "patch " + p + " at " + cx + ", " + cy + " is empty");
            }
        }
        assertTrue(insideBlank >= 1, "the grid puts a whole patch inside the empty corner");
        List<FieldError.Sample> lit = trueField(sim, (x, y) -> x > blank || y > blank);
        double after = FieldError.of(lit, local.shifts(), m.model()).rmsPx();
        assertTrue(after < 0.6, "field error outside the empty corner " + after + " px");
    }
}
