package org.stillframe.particles;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.stillframe.align.global.FrameShifts;
import org.stillframe.dose.CriticalExposure;
import org.stillframe.gain.GainCorrection;
import org.stillframe.parallel.Workers;
import org.stillframe.polish.ReferenceProjector;
import org.stillframe.sim.ProjectionMovie;
import org.stillframe.sim.ProjectionParams;
import org.stillframe.testing.InMemoryFrames;

/**
 * Empirical dose weights shrunk towards Grant &amp; Grigorieff's curve: against the projection simulator's truth
 * (which is that curve) with few particles, and against a known departure from it with plenty of data.
 */
class EmpiricalWeightsTest {

    private static final int BOX = 128;
    private static final double PIXEL = 1.5;
    private static final int FRAMES = 24;
    /** The band's last shell with PolishOptions' maxRadius BOX·1.5/5 = 38.4. */
    private static final int LAST_SHELL = 38;

    /** Grant &amp; Grigorieff's amplitude after frame f at 2 e/Å² per frame, 300 kV: what the simulator applies. */
    static ReferenceMotion.FrameSignal grantGrigorieff() {
        double factor = CriticalExposure.voltageFactor(300);
        return (f, s) -> s == 0 ? 1 : Math.exp(-2.0 * (f + 1) / (2 * CriticalExposure.of(s / PIXEL, factor)));
    }

    /**
     * RMS of w_f(k) − w_f,truth(k) over frames and the band's shells, each shell weighted by its circumference
     * (w = amplitude normalised over frames, as extraction uses it).
     */
    static double error(ReferenceMotion.FrameSignal a, ReferenceMotion.FrameSignal truth) {
        double e = 0;
        double m = 0;
        for (int s = 1; s <= LAST_SHELL; s++) {
            double k = (double) s / BOX;
            double sa = 0;
            double st = 0;
            for (int f = 0; f < FRAMES; f++) {
                sa += a.amplitude(f, k);
                st += truth.amplitude(f, k);
            }
            for (int f = 0; f < FRAMES; f++) {
                double d = a.amplitude(f, k) / sa - truth.amplitude(f, k) / st;
                e += s * d * d;
                m += s;
            }
        }
        return Math.sqrt(e / m);
    }

    @Test
    void withFewParticlesTheWeightsAreShrunkTowardsGrantGrigorieffAndAreLessNoisyThanTheDataAlone()
            throws IOException {
        // Six small datasets (one 512² movie of 16 particles each; damage on, i.e. Grant & Grigorieff's curve is
        // the truth), the boxes cut along the true trajectories so that only the weights' own noise is measured.
        ReferenceMotion.FrameSignal truth = grantGrigorieff();
        double shrunk = 0;
        double free = 0;
        double alone = 0;
        double analytic = 0;
        int sets = 6;
        double trust = 0;
        try (Workers workers = new Workers(2)) {
            for (long seed = 1; seed <= sets; seed++) {
                ProjectionMovie sim = new ProjectionMovie(new ProjectionParams(512, 512, FRAMES, PIXEL, 2, 16, 20,
                        0.08, 15000, 300, 0, 1.5, 400, true, seed, 1));
                List<PolishParticle> particles = new ArrayList<>();
                double[][] r = new double[sim.particleCount()][2 * FRAMES];
                double[] t = new double[2];
                for (int i = 0; i < sim.particleCount(); i++) {
                    double[] a = sim.angles(i);
                    particles.add(new PolishParticle(sim.particleX(i), sim.particleY(i), a[0], a[1], a[2],
                            sim.ctf(), 1 + i % 2));
                    for (int f = 0; f < FRAMES; f++) {
                        sim.particleCorrection(i, f, t);
                        r[i][2 * f] = t[0];
                        r[i][2 * f + 1] = t[1];
                    }
                }
                ReferenceProjector map = new ReferenceProjector(sim.density().voxels(64), 64);
                PolishOptions o = new PolishOptions(BOX, 40, BOX * PIXEL / 5, 0.3, 400, 0.1);
                ReferenceMotion.Prepared d = new ReferenceMotion(workers).prepare(InMemoryFrames.of(sim, workers),
                        GainCorrection.none(), null, new MovieMotion(FrameShifts.zeros(FRAMES), null, 0), particles,
                        map, map, PIXEL, truth, o);
                List<ReferenceMotion.Prepared> data = List.of(d);
                List<double[][]> paths = List.<double[][]>of(r);
                EmpiricalWeights w = EmpiricalWeights.fit(data, paths, PIXEL, truth);
                EmpiricalWeights unshrunk = EmpiricalWeights.fit(data, paths, PIXEL, truth, Double.POSITIVE_INFINITY,
                        Double.POSITIVE_INFINITY);
                EmpiricalWeights dataAlone = EmpiricalWeights.fit(data, paths, PIXEL);
                assertEquals(16, w.particles());
                System.out.printf(Locale.ROOT, "seed %d, %d particles: weights' RMS error %.5f shrunk (data weight"
                        + " %.2f), %.5f unshrunk departure from G&G, %.5f data alone, %.5f G&G%n", seed,
                        sim.particleCount(), error(w, truth), w.meanDataWeight(), error(unshrunk, truth),
                        error(dataAlone, truth), error(truth, truth));
                shrunk += error(w, truth) / sets;
                free += error(unshrunk, truth) / sets;
                alone += error(dataAlone, truth) / sets;
                analytic += error(truth, truth) / sets;
                trust = Math.max(trust, w.meanDataWeight());
            }
        }
        System.out.printf(Locale.ROOT, "mean RMS error of w_f(k) (mean weight %.4f): shrunk %.5f, unshrunk departure"
                + " %.5f, data alone %.5f, G&G %.5f%n", 1.0 / FRAMES, shrunk, free, alone, analytic);
        // Measured: shrunk 0.00299, unshrunk departure 0.00434, data alone 0.00704, G&G 0 (it is the truth).
        assertTrue(shrunk <= analytic + 0.08 / FRAMES, "within 8 % of the mean weight of G&G's own error: "
                + shrunk);
        assertTrue(shrunk < 0.6 * alone, "clearly less noisy than the data alone: " + shrunk + " against " + alone);
        assertTrue(trust < 0.9, "few particles: the data trusted only in part: " + trust);
    }

    /** Synthetic FCC: ρ(k)·a_f(k) plus Gaussian noise of the FCC's variance, 1/(2·count·particles). */
    private static double[][] fcc(ReferenceMotion.FrameSignal a, int[] count, int particles, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        double[][] fcc = new double[FRAMES][LAST_SHELL + 2];
        for (int f = 0; f < FRAMES; f++) {
            for (int s = 1; s < fcc[f].length; s++) {
                double k = s / (BOX * PIXEL);
                double rho = 0.3 * Math.exp(-60 * k * k / 4);
                fcc[f][s] = rho * a.amplitude(f, (double) s / BOX)
                        + rnd.nextGaussian() / Math.sqrt(2.0 * count[s] * particles);
            }
        }
        return fcc;
    }

    private static int[] shellCounts() {
        int[] count = new int[LAST_SHELL + 2];
        count[0] = 1;
        for (int s = 1; s < count.length; s++) {
            count[s] = (int) Math.round(Math.PI * s);
        }
        return count;
    }

    @Test
    void withPlentyOfDataTheWeightsFollowTheDataWhereTheyDepartFromGrantGrigorieff() {
        ReferenceMotion.FrameSignal gg = grantGrigorieff();
        int[] count = shellCounts();
        // Early frames blurred by motion and dimmer, (B −150 Å² and ln q −0.3 in frame 1, fading over the
        // exposure), on top of G&G's damage.
        ReferenceMotion.FrameSignal blurred = (f, s) -> {
            double k = s / PIXEL;
            double early = Math.pow(1 - f / (FRAMES - 1.0), 2);
            return gg.amplitude(f, s) * Math.exp(-0.3 * early - 150 * early * k * k / 4);
        };
        // A specimen that suffers faster than G&G's curve: a plain B-factor of −14 Å² per e/Å², not G&G's shape.
        ReferenceMotion.FrameSignal fragile = (f, s) -> {
            double k = s / PIXEL;
            return Math.exp(-14 * 2.0 * (f + 1) * k * k / 4);
        };
        for (ReferenceMotion.FrameSignal truth : List.of(blurred, fragile)) {
            EmpiricalWeights w = EmpiricalWeights.fromFcc(fcc(truth, count, 20000, 5), count, BOX, PIXEL, gg, 20000,
                    EmpiricalWeights.PRIOR_SD_B_A2, EmpiricalWeights.PRIOR_SD_LOG_SCALE);
            System.out.printf(Locale.ROOT, "20000 particles: weights' RMS error %.5f (data weight %.2f), G&G's"
                    + " %.5f%n", error(w, truth), w.meanDataWeight(), error(gg, truth));
            assertTrue(w.meanDataWeight() > 0.95, "plenty of data: trusted: " + w.meanDataWeight());
            assertTrue(error(w, truth) < 0.25 * error(gg, truth), "follows the data: " + error(w, truth)
                    + " against G&G's " + error(gg, truth));
        }
    }

    @Test
    void whenTheFitIsUndeterminedTheAnalyticCurveIsUsedExactly() {
        ReferenceMotion.FrameSignal gg = grantGrigorieff();
        int[] count = shellCounts();
        // No signal at all (FCC 0) and a single particle's worth of noise: no shell clears the noise.
        double[][] none = new double[FRAMES][LAST_SHELL + 2];
        double[][] noise = fcc((f, s) -> 0, count, 1, 3);
        for (double[][] fcc : List.of(none, noise)) {
            EmpiricalWeights w = EmpiricalWeights.fromFcc(fcc, count, BOX, PIXEL, gg, 1,
                    EmpiricalWeights.PRIOR_SD_B_A2, EmpiricalWeights.PRIOR_SD_LOG_SCALE);
            assertEquals(0, w.meanDataWeight());
            for (int f = 0; f < FRAMES; f++) {
                for (double s : new double[] {0, 0.01, 0.1, 0.25, 0.5}) {
                    // To the kept table's interpolation (512 intervals up to √½ cycles per pixel).
                    assertEquals(gg.amplitude(f, s), w.amplitude(f, s), 1e-4 * gg.amplitude(f, s),
                            "frame " + f + " at " + s);
                }
                assertEquals(w.analyticBFactor(f), w.bFactor(f), 1e-9);
            }
            assertTrue(w.bFactor(FRAMES - 1) < -100, "G&G's B in the table: " + w.bFactor(FRAMES - 1));
            // The data alone: equal weights, as before.
            EmpiricalWeights alone = EmpiricalWeights.fromFcc(fcc, count, BOX, PIXEL, null, 1,
                    EmpiricalWeights.PRIOR_SD_B_A2, EmpiricalWeights.PRIOR_SD_LOG_SCALE);
            assertEquals(1.0 / FRAMES, alone.weight(3, 0.2), 1e-6);
        }
    }
}
