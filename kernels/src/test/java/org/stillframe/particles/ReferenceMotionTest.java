package org.stillframe.particles;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.stillframe.correct.CorrectionOptions;
import org.stillframe.correct.CorrectionResult;
import org.stillframe.correct.MovieCorrector;
import org.stillframe.correct.MovieFrames;
import org.stillframe.dose.CriticalExposure;
import org.stillframe.gain.GainCorrection;
import org.stillframe.parallel.Workers;
import org.stillframe.polish.ReferenceProjector;
import org.stillframe.sim.ProjectionMovie;
import org.stillframe.sim.ProjectionParams;

/** Reference-based trajectories against the projection simulator's truth, and against the per-particle method. */
class ReferenceMotionTest {

    private static final int BOX = 128;
    private static Workers workers;
    private static ProjectionMovie sim;
    private static MovieFrames frames;
    private static MovieMotion motion;
    private static List<PolishParticle> particles;
    private static ReferenceProjector map;

    @BeforeAll
    static void simulate() throws IOException {
        workers = new Workers(2);
        sim = new ProjectionMovie(new ProjectionParams(1024, 1024, 24, 1.5, 2, 60, 20, 0.08, 15000, 300, 15, 1.5,
                400, true, 11));
        float[][] kept = new float[sim.frameCount()][sim.width() * sim.height()];
        workers.forEach(kept.length, (w, f) -> sim.read(f, kept[f]));
        frames = new MovieFrames() {
            public int width() {
                return sim.width();
            }

            public int height() {
                return sim.height();
            }

            public int frameCount() {
                return kept.length;
            }

            public void read(int index, float[] out) {
                System.arraycopy(kept[index], 0, out, 0, out.length);
            }
        };
        CorrectionResult r = new MovieCorrector(workers).correct(frames, GainCorrection.none(),
                CorrectionOptions.defaults().withDefectDetection(false), null);
        motion = new MovieMotion(r.shifts().relativeTo(r.referenceIndex()), null, r.referenceIndex());
        particles = new ArrayList<>();
        for (int i = 0; i < sim.particleCount(); i++) {
            double[] a = sim.angles(i);
            particles.add(new PolishParticle(sim.particleX(i), sim.particleY(i), a[0], a[1], a[2], sim.ctf(),
                    1 + i % 2));
        }
        map = new ReferenceProjector(sim.density().voxels(64), 64);
    }

    @AfterAll
    static void close() {
        workers.close();
    }

    static ReferenceMotion.FrameSignal damage() {
        double factor = CriticalExposure.voltageFactor(300);
        return (f, s) -> s == 0 ? 1 : Math.exp(-2.0 * (f + 1) / (2 * CriticalExposure.of(s / 1.5, factor)));
    }

    static double rms(double[][] residual) {
        double e = 0;
        int n = 0;
        double[] c = new double[2];
        double[] t = new double[2];
        for (int p = 0; p < particles.size(); p++) {
            for (int f = 0; f < sim.frameCount(); f++) {
                motion.correctionAt(particles.get(p).x(), particles.get(p).y(), f, c);
                sim.particleCorrection(p, f, t);
                double rx = residual == null ? 0 : residual[p][2 * f];
                double ry = residual == null ? 0 : residual[p][2 * f + 1];
                e += Math.pow(c[0] + rx - t[0], 2) + Math.pow(c[1] + ry - t[1], 2);
                n++;
            }
        }
        return Math.sqrt(e / n);
    }

    @Test
    void trajectoriesFollowTheTruthBetterThanThePerParticleMethod() throws IOException {
        PolishOptions o = new PolishOptions(BOX, 40, BOX * 1.5 / 5, 0.3, 400, 0.1);
        ReferenceMotion rm = new ReferenceMotion(workers);
        long t0 = System.nanoTime();
        ReferenceMotion.Prepared d = rm.prepare(frames, GainCorrection.none(), null, motion, particles, map, map, 1.5,
                damage(), o);
        long t1 = System.nanoTime();
        double[][] r = rm.fit(d, o);
        long t2 = System.nanoTime();
        double polished = rms(r);
        double rigid = rms(null);
        double[][] local = new double[particles.size()][];
        List<ParticlePick> picks = new ArrayList<>();
        for (PolishParticle p : particles) {
            picks.add(p.pick());
        }
        new ParticleMotionCorrector(workers).correct(frames, GainCorrection.none(), null, motion, picks, null,
                ParticleOptions.defaults(BOX).withMaskRadius(40), false, (i, t, img) -> {
                    local[i] = new double[2 * t.frames()];
                    for (int f = 0; f < t.frames(); f++) {
                        local[i][2 * f] = t.x()[f];
                        local[i][2 * f + 1] = t.y()[f];
                    }
                });
        double perParticle = rms(local);
        System.out.printf(java.util.Locale.ROOT, "reference-based %.3f px, per-particle %.3f px, rigid %.3f px;"
                + " prepare %.1f s, fit %.1f s (%d particles)%n", polished, perParticle, rigid, (t1 - t0) * 1e-9,
                (t2 - t1) * 1e-9, particles.size());
        assertTrue(polished < perParticle && polished < rigid, "polished " + polished);
    }
}
