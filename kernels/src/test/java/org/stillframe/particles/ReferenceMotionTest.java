package org.stillframe.particles;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
import org.stillframe.dose.DoseSchedule;
import org.stillframe.dose.DoseWeights;
import org.stillframe.quality.Frc;
import org.stillframe.quality.Fsc;
import org.stillframe.sim.HalfMaps;
import org.stillframe.gain.GainCorrection;
import org.stillframe.parallel.Workers;
import org.stillframe.polish.ReferenceProjector;
import org.stillframe.sim.ProjectionMovie;
import org.stillframe.testing.InMemoryFrames;
import org.stillframe.sim.ProjectionParams;

/** Reference-based trajectories against the projection simulator's truth, and against the per-particle method. */
class ReferenceMotionTest {

    private static final int BOX = 128;
    private static Workers workers;
    private static ProjectionMovie sim;
    private static MovieFrames frames;
    private static MovieMotion motion;
    private static List<PolishParticle> particles;
    /** Half-maps with independent noise (the true density is in neither); see {@link #simulate}. */
    private static ReferenceProjector half1;
    private static ReferenceProjector half2;
    /** FSC of the two half-maps per shell of the 64³ map (1 / (64 · 1.5 Å) per shell). */
    private static double[] halfFsc;
    /** The movie's reference frame: picks and corrections are relative to it. */
    private static int reference;

    @BeforeAll
    static void simulate() throws IOException {
        workers = new Workers(2);
        sim = new ProjectionMovie(new ProjectionParams(1024, 1024, 24, 1.5, 2, 60, 20, 0.08, 15000, 300, 15, 1.5,
                400, true, 11, 11));
        frames = InMemoryFrames.of(sim, workers);
        CorrectionResult r = new MovieCorrector(workers).correct(frames, GainCorrection.none(),
                CorrectionOptions.defaults().withDefectDetection(false), null);
        motion = new MovieMotion(r.shifts().relativeTo(r.referenceIndex()), null, r.referenceIndex());
        particles = new ArrayList<>();
        reference = r.referenceIndex();
        double[] c = new double[2];
        for (int i = 0; i < sim.particleCount(); i++) {
            double[] a = sim.angles(i);
            // Picked where the particle is in the aligned sum (the reference frame), as real picks are.
            sim.particleCorrection(i, reference, c);
            particles.add(new PolishParticle(sim.particleX(i) - c[0], sim.particleY(i) - c[1], a[0], a[1], a[2],
                    sim.ctf(), 1 + i % 2));
        }
        // Each half: the density plus its own white Gaussian noise, σ = the density's RMS over the 64³ map.
        float[] density = sim.density().voxels(64);
        float[] a = HalfMaps.withNoise(density, 1, 1);
        float[] b = HalfMaps.withNoise(density, 1, 2);
        halfFsc = Fsc.compute(a, b, 64);
        int shell = Fsc.firstShellBelow(halfFsc, 0.143);
        System.out.printf(java.util.Locale.ROOT, "noisy half-maps: FSC 0.143 at shell %d of 32, %.2f A%n",
                shell, 64 * 1.5 / shell);
        // Each weighted by the halves' FSC, as particles polish does (polish.HalfMapPair).
        org.stillframe.polish.HalfMapPair pair = org.stillframe.polish.HalfMapPair.of(a, b, 64);
        half1 = pair.half1();
        half2 = pair.half2();
    }

    @AfterAll
    static void close() {
        workers.close();
    }

    @Test
    void crossValidationChoosesPriorsNearTheSimulatedOnes() throws IOException {
        PolishOptions start = new PolishOptions(BOX, 40, BOX * 1.5 / 5, 0.1, 1600, 0.5);
        ReferenceMotion rm = new ReferenceMotion(workers);
        ReferenceMotion.Prepared d = prepared(rm, start);
        List<String> log = new ArrayList<>();
        long t0 = System.nanoTime();
        PolishOptions chosen = HyperparameterSearch.search(rm, List.of(d), start, log::add);
        log.forEach(System.out::println);
        System.out.printf(java.util.Locale.ROOT, "search %.1f s, %d evaluations%n", (System.nanoTime() - t0) * 1e-9,
                log.size() - 1);
        // Simulated: correlation distance 400 px; velocity RMS over frames ≈ 1.5 px × RMS of g's steps.
        assertTrue(chosen.divergence() >= 200 && chosen.divergence() <= 800, "sigma_d " + chosen.divergence());
        double v2 = 0;
        int steps = 0;
        double[] a = new double[2];
        double[] b = new double[2];
        for (int p = 0; p < particles.size(); p++) {
            for (int f = 0; f + 1 < sim.frameCount(); f++) {
                sim.ownMotion(p, f, a);
                sim.ownMotion(p, f + 1, b);
                v2 += Math.pow(b[0] - a[0], 2) + Math.pow(b[1] - a[1], 2);
                steps += 2;
            }
        }
        double velocity = Math.sqrt(v2 / steps);
        assertTrue(chosen.velocitySigma() >= velocity / 2 && chosen.velocitySigma() <= 2 * velocity,
                "sigma_v " + chosen.velocitySigma() + " against the simulated RMS velocity " + velocity);
        double[][] r = rm.fit(d, chosen);
        assertTrue(rms(r) < 0.3, "trajectories with the chosen priors: " + rms(r));
    }

    @Test
    void aVelocityPriorThatFollowsTheMoviesBurstFindsTheFirstFramesBetter() throws IOException {
        // The simulated particles move most in the first frames (their own decay times 2-6 frames, the movie's
        // drift its own): a flat velocity prior holds the early steps back.
        PolishOptions o = new PolishOptions(BOX, 40, BOX * 1.5 / 5, 0.1, 400, 0.1);
        ReferenceMotion rm = new ReferenceMotion(workers);
        ReferenceMotion.Prepared d = prepared(rm, o);
        double[] profile = VelocityProfile.of(motion.shifts());
        assertTrue(profile[0] > 2 * profile[profile.length - 1], "the movie's burst: " + profile[0]);
        assertTrue(d.velocityPrior().startsWith("follows"), d.velocityPrior());
        double[][] followed = rm.fit(d, o);
        double[][] flat = rm.fit(ReferenceMotion.withVelocityProfile(d, null), o);
        double early = rms(followed, 0, 4);
        double earlyFlat = rms(flat, 0, 4);
        System.out.printf(java.util.Locale.ROOT, "velocity prior following the movie: %.3f px (frames 1-4 %.3f px);"
                + " flat: %.3f px (%.3f px)%n", rms(followed), early, rms(flat), earlyFlat);
        assertTrue(early < 0.9 * earlyFlat, "first frames: " + early + " against " + earlyFlat);
        assertTrue(rms(followed) < 0.9 * rms(flat), "all frames: " + rms(followed) + " against " + rms(flat));
    }

    @Test
    void infinitelyStrongPriorsLeaveNoMotionAndEmptyBoxesStayNearTheMovieMotion() throws IOException {
        ReferenceMotion rm = new ReferenceMotion(workers);
        PolishOptions o = new PolishOptions(BOX, 40, BOX * 1.5 / 5, 1e-5, 400, 1e-5);
        ReferenceMotion.Prepared d = prepared(rm, o);
        double[][] r = rm.fit(d, o);
        double moved = 0;
        for (double[] t : r) {
            for (int f = 1; f < sim.frameCount(); f++) {
                moved = Math.max(moved, Math.hypot(t[2 * f] - t[0], t[2 * f + 1] - t[1]));
            }
        }
        assertTrue(moved < 0.01, "no motion beyond the frame-1 offset under infinitely strong priors: " + moved);

        // A micrograph of empty-ice boxes (no particle within 80 px), posed like real particles: its measured signal
        // scale is 0, so the data cannot move it and it keeps the movie's motion instead of fitting noise.
        java.util.SplittableRandom rnd = new java.util.SplittableRandom(4);
        List<PolishParticle> empty = new ArrayList<>();
        while (empty.size() < 10) {
            double x = rnd.nextDouble(BOX, 1024 - BOX);
            double y = rnd.nextDouble(BOX, 1024 - BOX);
            boolean clear = true;
            for (int i = 0; i < sim.particleCount() && clear; i++) {
                clear = Math.hypot(x - sim.particleX(i), y - sim.particleY(i)) > 80;
            }
            if (clear) {
                PolishParticle like = particles.get(empty.size());
                empty.add(new PolishParticle(x, y, like.rot(), like.tilt(), like.psi(), like.ctf(), like.halfSet()));
            }
        }
        PolishOptions usual = o.withHyperparameters(0.3, 400, 0.1);
        ReferenceMotion.Prepared e = rm.prepare(frames, GainCorrection.none(), null, motion, empty, half1, half2, 1.5,
                damage(), usual);
        double[][] re = rm.fit(e, usual);
        double wander = 0;
        for (double[] t : re) {
            for (int f = 0; f < sim.frameCount(); f++) {
                wander = Math.max(wander, Math.hypot(t[2 * f], t[2 * f + 1]));
            }
        }
        System.out.printf(java.util.Locale.ROOT, "empty boxes: largest residual %.3f px%n", wander);
        assertTrue(wander < 0.01, "empty boxes keep the movie's motion: " + wander);
    }

    @Test
    void aReferenceWrongAtHighResolutionStillGivesTrajectoriesNearTheTruth() throws IOException {
        // Both halves share an error beyond 0.45 of the map's Nyquist (6.7 Å; the band reaches 5 Å): another
        // density's fine detail in place of the true one, at the same power. An over-fitted refinement, which the
        // halves' FSC cannot see.
        float[] density = sim.density().voxels(64);
        float[] wrong = withHighFrequenciesOf(density, org.stillframe.sim.Density.random(20, 99).voxels(64), 64,
                0.45 * 32);
        org.stillframe.polish.HalfMapPair pair = org.stillframe.polish.HalfMapPair.of(HalfMaps.withNoise(wrong, 1, 1),
                HalfMaps.withNoise(wrong, 1, 2), 64);
        PolishOptions o = new PolishOptions(BOX, 40, BOX * 1.5 / 5, 0.3, 400, 0.1);
        ReferenceMotion rm = new ReferenceMotion(workers);
        double[][] right = rm.fit(prepared(rm, o), o);
        double[][] r = rm.fit(rm.prepare(frames, GainCorrection.none(), null, motion, particles, pair.half1(),
                pair.half2(), 1.5, damage(), o), o);
        System.out.printf(java.util.Locale.ROOT, "reference wrong beyond 0.45 Nyquist: %.3f px, right: %.3f px,"
                + " rigid %.3f px%n", rms(r), rms(right), rms(null));
        assertTrue(rms(r) < 1.2 * rms(right) && rms(r) < 0.6 * rms(null), "wrong reference: " + rms(r));
    }

    /** {@code map} with its spectrum beyond {@code shell} replaced by {@code other}'s, scaled to the same power. */
    static float[] withHighFrequenciesOf(float[] map, float[] other, int n, double shell) {
        float[] a = org.stillframe.fft.RealFft3d.forward(map, n);
        float[] b = org.stillframe.fft.RealFft3d.forward(other, n);
        double[] power = new double[2]; // beyond the shell: map's, other's
        boolean[] high = new boolean[a.length / 2];
        org.stillframe.fft.RealFft3d.forEachFrequency(n, (i, x, radius) -> {
            high[i] = radius > shell;
            if (high[i]) {
                power[0] += a[2 * i] * a[2 * i] + a[2 * i + 1] * a[2 * i + 1];
                power[1] += b[2 * i] * b[2 * i] + b[2 * i + 1] * b[2 * i + 1];
            }
        });
        double pa = power[0];
        double pb = power[1];
        float scale = (float) Math.sqrt(pa / pb);
        for (int i = 0; i < high.length; i++) {
            if (high[i]) {
                a[2 * i] = scale * b[2 * i];
                a[2 * i + 1] = scale * b[2 * i + 1];
            }
        }
        float[] out = org.stillframe.fft.RealFft3d.inverse(a, n);
        for (int i = 0; i < out.length; i++) {
            out[i] /= (float) n * n * n;
        }
        return out;
    }

    @Test
    void largeMicrographsAreSolvedInCompactTilesCoveringEveryParticleOnce() {
        java.util.SplittableRandom rnd = new java.util.SplittableRandom(1);
        int n = 2000;
        double[] x = new double[n];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = rnd.nextDouble(0, 4096);
            y[i] = rnd.nextDouble(0, 4096);
        }
        List<int[]> tiles = ParticleTiles.of(x, y, ParticleTiles.MAX_TILE);
        boolean[] seen = new boolean[n];
        for (int[] t : tiles) {
            assertTrue(t.length <= ParticleTiles.MAX_TILE && t.length > 0);
            double minX = 1e9;
            double maxX = -1e9;
            for (int i : t) {
                assertTrue(!seen[i], "each particle once");
                seen[i] = true;
                minX = Math.min(minX, x[i]);
                maxX = Math.max(maxX, x[i]);
            }
            assertTrue(maxX - minX < 4096 / 2.0, "tiles are columns of the micrograph");
        }
        for (boolean b : seen) {
            assertTrue(b);
        }
        assertEquals(1, ParticleTiles.of(new double[] {1, 2}, new double[] {1, 2}, 256).size());
    }

    private static double mean(double[] frc) {
        double s = 0;
        for (int i = 1; i < frc.length; i++) {
            s += frc[i];
        }
        return s / (frc.length - 1);
    }

    /** The test movie's particles against the noisy half-maps. */
    private static ReferenceMotion.Prepared prepared(ReferenceMotion rm, PolishOptions o) throws IOException {
        return rm.prepare(frames, GainCorrection.none(), null, motion, particles, half1, half2, 1.5, damage(), o);
    }

    static ReferenceMotion.FrameSignal damage() {
        double factor = CriticalExposure.voltageFactor(300);
        return (f, s) -> s == 0 ? 1 : Math.exp(-2.0 * (f + 1) / (2 * CriticalExposure.of(s / 1.5, factor)));
    }

    static double rms(double[][] residual) {
        return rms(residual, 0, sim.frameCount());
    }

    /** The RMS error of the movie's motion plus the residual over frames [from, to) of every particle. */
    static double rms(double[][] residual, int from, int to) {
        double e = 0;
        int n = 0;
        double[] c = new double[2];
        double[] t = new double[2];
        double[] t0 = new double[2];
        for (int p = 0; p < particles.size(); p++) {
            sim.particleCorrection(p, reference, t0);
            for (int f = from; f < to; f++) {
                motion.correctionAt(particles.get(p).x(), particles.get(p).y(), f, c);
                sim.particleCorrection(p, f, t);
                t[0] -= t0[0];
                t[1] -= t0[1];
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
        ReferenceMotion.Prepared d = prepared(rm, o);
        long t1 = System.nanoTime();
        double[][] r = rm.fit(d, o);
        long t2 = System.nanoTime();
        double polished = rms(r);
        double rigid = rms(null);
        double[][] local = new double[particles.size()][];
        float[][] localImages = new float[particles.size()][];
        List<ParticlePick> picks = new ArrayList<>();
        for (PolishParticle p : particles) {
            picks.add(p.pick());
        }
        DoseWeights gg = new DoseWeights(DoseSchedule.uniform(sim.frameCount(), 2, 0), 1.5,
                CriticalExposure.voltageFactor(300), BOX);
        new ParticleMotionCorrector(workers).correct(frames, GainCorrection.none(), null, motion, picks, gg,
                ParticleOptions.defaults(BOX).withMaskRadius(40), false, (i, t, img) -> {
                    localImages[i] = img;
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

        // As particles polish fits them: the data, shrunk towards Grant & Grigorieff's curve where they say little.
        EmpiricalWeights w = EmpiricalWeights.fit(List.of(d), List.<double[][]>of(r), 1.5, damage());
        double factor = CriticalExposure.voltageFactor(300);
        StringBuilder sb = new StringBuilder();
        double[] trueB = new double[sim.frameCount()];
        for (int f = 0; f < sim.frameCount(); f++) {
            // The simulated damage's own B: ln A_f(k) = −E_f / (2 N_e(k)) fitted by a line in k²/4 over the same
            // shells, weighted as the fit weighs them (shell size × FCC²). A noisy reference scales the FCC by its
            // correlation with the truth, √FSC of the halves, so FCC² carries the halves' FSC: it moves the weight
            // to lower k, where ln A is steeper in k² (N_e is not ∝ 1/k²). Without that factor the oracle is off
            // by up to 55 Å² (frames 8-12; 0.385 of the bound's 143 Å² floor).
            double m = 0;
            double sx = 0;
            double sy = 0;
            double sxx = 0;
            double sxy = 0;
            for (int shell = 1; shell <= (int) o.maxRadius(); shell++) {
                double k = shell / (BOX * 1.5);
                if (k < 1 / 20.0) {
                    continue;
                }
                double x = k * k / 4;
                double y = -2.0 * (f + 1) / (2 * CriticalExposure.of(k, factor));
                int mapShell = (int) Math.round(k * 64 * 1.5);
                double wt = shell * Math.exp(2 * y) * Math.max(0, mapShell < halfFsc.length ? halfFsc[mapShell] : 0);
                m += wt;
                sx += wt * x;
                sy += wt * y;
                sxx += wt * x * x;
                sxy += wt * x * y;
            }
            trueB[f] = (m * sxy - sx * sy) / (m * sxx - sx * sx);
        }
        double worst = 0;
        for (int f = 0; f < sim.frameCount(); f++) {
            double rel = trueB[f] - trueB[0];
            double fitted = w.bFactor(f) - w.bFactor(0);
            worst = Math.max(worst, Math.abs(fitted - rel) / Math.max(50 / 0.35, Math.abs(rel)));
            sb.append(String.format(java.util.Locale.ROOT, "%d: %.0f (%.0f)  ", f + 1, fitted, rel));
            if (f > 0) {
                assertTrue(w.bFactor(f) <= w.bFactor(f - 1) + 10, "B falls with exposure: " + sb);
            }
        }
        System.out.println("B-factors relative to frame 1, fitted (simulated): " + sb);
        // The B-factor oracle is approximate (the damage is not a B-factor; which shells weigh depends on the FCC),
        // so the bound on it is loose; the weights themselves are held to the truth below.
        assertTrue(worst <= 0.5, "fitted B-factors within 50 % (or 71 Å²) of the simulated damage: " + sb);
        double err = 0;
        double norm = 0;
        for (int shell = 1; shell <= (int) o.maxRadius(); shell++) {
            double cyc = shell / (double) BOX;
            double sum = 0;
            for (int f = 0; f < sim.frameCount(); f++) {
                sum += damage().amplitude(f, cyc);
            }
            for (int f = 0; f < sim.frameCount(); f++) {
                err += shell * Math.pow(w.weight(f, cyc) - damage().amplitude(f, cyc) / sum, 2);
                norm += shell;
            }
        }
        double weightError = Math.sqrt(err / norm) * sim.frameCount();
        System.out.printf(java.util.Locale.ROOT, "dose weights: RMS error %.3f of the mean weight%n", weightError);
        // Measured 0.045 (60 particles, FSC-weighted noisy references).
        assertTrue(weightError < 0.1, "dose weights within 10 % of the mean weight of the truth: " + weightError);

        // The reconstruction-free proxy: FRC of the particle images with the noise-free CTF-modulated projections.
        float[][] images = rm.extract(frames, GainCorrection.none(), null, motion, particles, r, w::weight, BOX, BOX);
        double ours = 0;
        double theirs = 0;
        for (int p = 0; p < particles.size(); p++) {
            float[] truth = sim.referenceBox(p, BOX);
            ours -= mean(Frc.compute(images[p], truth, BOX, BOX, 16)); // the images are dark: FRC < 0
            theirs -= mean(Frc.compute(localImages[p], truth, BOX, BOX, 16));
        }
        ours /= particles.size();
        theirs /= particles.size();
        System.out.printf(java.util.Locale.ROOT, "FRC with the noise-free projections: reference-based %.4f,"
                + " per-particle %.4f%n", ours, theirs);
        assertTrue(ours > theirs, "FRC " + ours + " against " + theirs);
        for (double k : new double[] {0.01, 0.1, 0.3}) {
            double sum = 0;
            for (int f = 0; f < sim.frameCount(); f++) {
                sum += w.weight(f, k);
            }
            assertEquals(1, sum, 1e-5, "weights sum to 1 at " + k);
        }
    }
}
