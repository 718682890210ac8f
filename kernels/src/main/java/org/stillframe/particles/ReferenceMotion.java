package org.stillframe.particles;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.stillframe.correct.MovieFrames;
import org.stillframe.defects.DefectMap;
import org.stillframe.fft.FftPlans;
import org.stillframe.fft.RealFft2d;
import org.stillframe.gain.GainCorrection;
import org.stillframe.parallel.Workers;
import org.stillframe.polish.ReferenceProjector;

/**
 * Reference-based motion of one micrograph's particles: boxes along the movie's motion, references from the
 * half-maps, trajectories by {@link ReferenceFit}, cross-validation scores for the hyperparameters.
 */
public final class ReferenceMotion {

    /** The signal left in frame f at a frequency (cycles per pixel): e.g. the radiation damage's amplitude. */
    @FunctionalInterface
    public interface FrameSignal {
        double amplitude(int frame, double cyclesPerPixel);

        FrameSignal NONE = (f, s) -> 1;
    }

    /** One micrograph's data and references, cut once. */
    public static final class Prepared {
        final TrackingBand band;
        final float[][][] data;      // [p][f][2K], contrast inverted
        final float[][] own;         // [p][2K] reference from the particle's half-map
        final float[][] other;       // [p][2K] from the other half-map (cross-validation only)
        final float[][] signal;      // [f][K]
        final double[] noise;        // σ² per particle
        final double[] x;
        final double[] y;
        final int frames;
        final double[] velocityProfile; // the velocity prior's scale per step (VelocityProfile), null: flat
        final VelocityProfile.Evidence velocityEvidence; // what decided it, null: not measured
        CorrelationMaps maps;          // the data term on the whole band, made by prepare
        CorrelationMaps lowOwn;        // cross-validation: the band's low half against the own half-map
        CorrelationMaps highOther;     // and its high half against the other half-map (both made when first needed)
        /** Each tile's spatial modes per σ_d (key "first particle:count:σ_d"): the search reuses them. */
        final java.util.Map<String, ReferenceFit.SpatialModes> modes = new java.util.concurrent.ConcurrentHashMap<>();

        Prepared(TrackingBand band, float[][][] data, float[][] own, float[][] other, float[][] signal,
                 double[] noise, double[] x, double[] y, double[] velocityProfile,
                 VelocityProfile.Evidence velocityEvidence) {
            this.velocityProfile = velocityProfile;
            this.velocityEvidence = velocityEvidence;
            this.band = band;
            this.data = data;
            this.own = own;
            this.other = other;
            this.signal = signal;
            this.noise = noise;
            this.x = x;
            this.y = y;
            this.frames = signal.length;
        }

        public int particles() {
            return data.length;
        }

        /** The velocity prior's shape over the movie and why, for the log. */
        public String velocityPrior() {
            return velocityEvidence == null ? (velocityProfile == null ? "flat" : "follows the movie's speed")
                    : velocityEvidence.describe();
        }
    }

    /** The first fit's priors (σ_v, σ_a) relative to the start's, for {@link VelocityProfile#evidence}. */
    private static final double FIRST_FIT_WEAKER = 2;

    private final Workers workers;

    public ReferenceMotion(Workers workers) {
        this.workers = workers;
    }

    /** Cuts every particle's boxes along the movie's motion and makes its references. */
    public Prepared prepare(MovieFrames movie, GainCorrection gain, DefectMap defects, MovieMotion motion,
                            List<PolishParticle> particles, ReferenceProjector half1, ReferenceProjector half2,
                            double pixelSizeA, FrameSignal frameSignal, PolishOptions o) throws IOException {
        int box = o.box();
        TrackingBand band = new TrackingBand(box, box / o.maxRadius());
        List<ParticlePick> picks = new ArrayList<>();
        for (PolishParticle p : particles) {
            picks.add(p.pick());
        }
        Placement place = new Placement(motion, picks, box);
        BoxCutter cutter = new BoxCutter(box, o.maskRadius(),
                workers.count());
        FrameReader reader = new FrameReader(movie, gain, defects);
        float[][][] data = cutter.bands(reader, place, band, 0, particles.size(), workers);
        int n = movie.frameCount();
        int count = particles.size();
        double[] noise = new double[count];
        for (int p = 0; p < count; p++) {
            double s = 0;
            for (float[] f : data[p]) {
                for (int i = 0; i < f.length; i++) {
                    f[i] = -f[i]; // particles darken the frames; references are positive density
                    s += f[i] * f[i];
                }
            }
            noise[p] = s / (n * band.size());
        }
        float[][] own = new float[count][];
        float[][] other = new float[count][];
        float[] mask = BoxCutter.softDisc(box, o.maskRadius());
        workers.forEach(count, (w, p) -> {
            PolishParticle q = particles.get(p);
            own[p] = reference(q.halfSet() == 1 ? half1 : half2, q, box, o.maxRadius(), pixelSizeA, mask, band);
            other[p] = reference(q.halfSet() == 1 ? half2 : half1, q, box, o.maxRadius(), pixelSizeA, mask, band);
        });
        float[][] signal = signal(band, n, frameSignal);
        double[] x = new double[count];
        double[] y = new double[count];
        for (int p = 0; p < count; p++) {
            x[p] = particles.get(p).x();
            y[p] = particles.get(p).y();
        }
        Prepared flat = new Prepared(band, data, own, other, signal, noise, x, y, null, null);
        flat.maps = CorrelationMaps.of(band, data, own, signal, workers);
        // The particles' own motion says whether the velocity prior should follow the movie's speed: a first fit
        // with a flat prior, weaker than the start's so that it does not flatten a burst.
        double[][] first = fit(flat, flat.maps, o.withHyperparameters(FIRST_FIT_WEAKER * o.velocitySigma(),
                o.divergence(), FIRST_FIT_WEAKER * o.accelerationSigma()), null);
        VelocityProfile.Evidence evidence = VelocityProfile.evidence(first, x, y, motion.shifts());
        return derived(flat, flat.signal, evidence.followsTheMovie() ? VelocityProfile.of(motion.shifts()) : null,
                flat.maps, evidence);
    }

    /** The same boxes and references with another signal model (e.g. the empirical dose weights): no new cut. */
    public Prepared withSignal(Prepared d, FrameSignal frameSignal) {
        float[][] signal = signal(d.band, d.frames, frameSignal);
        return derived(d, signal, d.velocityProfile, CorrelationMaps.of(d.band, d.data, d.own, signal, workers),
                d.velocityEvidence);
    }

    /** The same boxes, references and maps with another velocity profile (null: flat), e.g. to compare. */
    static Prepared withVelocityProfile(Prepared d, double[] profile) {
        return derived(d, d.signal, profile, d.maps, d.velocityEvidence);
    }

    /** d's particles and references (the same tiles and spatial modes) with these parts. */
    private static Prepared derived(Prepared d, float[][] signal, double[] profile, CorrelationMaps maps,
                                    VelocityProfile.Evidence evidence) {
        Prepared out = new Prepared(d.band, d.data, d.own, d.other, signal, d.noise, d.x, d.y, profile, evidence);
        out.modes.putAll(d.modes);
        out.maps = maps;
        return out;
    }

    private static float[][] signal(TrackingBand band, int frames, FrameSignal frameSignal) {
        float[][] signal = new float[frames][band.size()];
        for (int f = 0; f < frames; f++) {
            for (int i = 0; i < band.size(); i++) {
                signal[f][i] = (float) frameSignal.amplitude(f, Math.hypot(band.fx[i], band.fy[i]) / band.box);
            }
        }
        return signal;
    }

    /** The masked CTF-modulated projection's band, as the data are cut (mean inside the mask removed). */
    private static float[] reference(ReferenceProjector map, PolishParticle q, int box, double maxRadius,
                                     double pixelSizeA, float[] mask, TrackingBand band) {
        RealFft2d fft = FftPlans.of(box, box);
        float[] spec = new float[fft.spectrumLength()];
        map.project(org.stillframe.polish.Euler.matrix(q.rot(), q.tilt(), q.psi()), box, maxRadius, spec);
        q.ctf().apply(spec, box, pixelSizeA);
        float[] img = new float[box * box];
        fft.inverse(spec, img);
        double mean = 0;
        double weight = 0;
        for (int i = 0; i < img.length; i++) {
            img[i] /= box * box;
            mean += mask[i] * img[i];
            weight += mask[i];
        }
        float m = (float) (mean / weight);
        for (int i = 0; i < img.length; i++) {
            img[i] = (img[i] - m) * mask[i];
        }
        fft.forward(img, spec);
        float[] out = new float[2 * band.size()];
        band.gather(spec, 0, 0, out);
        return out;
    }

    /**
     * The particles' images: each frame's box moved by the movie's motion plus the trajectory r ([p][2f + axis]),
     * weighted per frame and frequency, summed and cropped to outBox, in particle order.
     */
    public float[][] extract(MovieFrames movie, GainCorrection gain, DefectMap defects, MovieMotion motion,
                             List<PolishParticle> particles, double[][] r,
                             ParticleMotionCorrector.FrameWeights weights, int box, int outBox) throws IOException {
        List<ParticlePick> picks = new ArrayList<>();
        for (PolishParticle p : particles) {
            picks.add(p.pick());
        }
        Placement place = new Placement(motion, picks, box);
        BoxCutter cutter = new BoxCutter(box, box / 2.0,
                workers.count());
        FrameReader reader = new FrameReader(movie, gain, defects);
        int n = movie.frameCount();
        ParticleTrajectory[] t = new ParticleTrajectory[particles.size()];
        for (int p = 0; p < t.length; p++) {
            double[] x = new double[n];
            double[] y = new double[n];
            for (int f = 0; f < n; f++) {
                x[f] = r[p][2 * f];
                y[f] = r[p][2 * f + 1];
            }
            t[p] = new ParticleTrajectory(x, y, null, null, Double.NaN, false);
        }
        return cutter.extract(reader, place, t, 0, weights, outBox, workers);
    }

    /** Trajectories (residual correction on top of the movie's motion, [p][2f + axis]) for given hyperparameters. */
    public double[][] fit(Prepared d, PolishOptions o) {
        return fit(d, d.maps, o, null);
    }

    /** The same, starting from given trajectories (e.g. those found with other hyperparameters), or from rest. */
    public double[][] fit(Prepared d, PolishOptions o, double[][] start) {
        return fit(d, d.maps, o, start);
    }

    private double[][] fit(Prepared d, CorrelationMaps maps, PolishOptions o, double[][] start) {
        Likelihood weight = weights(d, maps, start);
        List<int[]> tiles = ParticleTiles.of(d.x, d.y, ParticleTiles.MAX_TILE);
        double[][] variables = new double[tiles.size()][];
        double[][] r = solveTiles(tiles, d, maps, weight, o, variables, start);
        // The likelihood's scale depends on the alignment: measure it again along the trajectories, fit again
        // from there.
        weight = weights(d, maps, r);
        return solveTiles(tiles, d, maps, weight, o, variables, null);
    }

    /**
     * Solves the micrograph in tiles of at most {@link ParticleTiles#MAX_TILE} neighbouring particles (in parallel): the spatial
     * prior couples particles within a tile; beyond a few correlation distances it is negligible anyway.
     */
    private double[][] solveTiles(List<int[]> tiles, Prepared d, CorrelationMaps maps, Likelihood weight,
                                  PolishOptions o, double[][] variables, double[][] start) {
        double[][] r = new double[maps.particles()][];
        workers.forEach(tiles.size(), (w, t) -> {
            int[] idx = tiles.get(t);
            ReferenceFit fit = tileFit(idx, maps, weight, d, o).parallel(tiles.size() == 1);
            if (variables[t] == null && start != null) {
                double[][] sub = new double[idx.length][];
                for (int i = 0; i < idx.length; i++) {
                    sub[i] = start[idx[i]];
                }
                variables[t] = fit.variablesOf(sub);
            }
            variables[t] = fit.solveVariables(variables[t]); // warm start from the previous pass, if any
            double[][] sub = fit.trajectories(variables[t]);
            for (int i = 0; i < idx.length; i++) {
                r[idx[i]] = sub[i];
            }
        });
        return r;
    }

    private static ReferenceFit tileFit(int[] idx, CorrelationMaps maps, Likelihood weight, Prepared d,
                                        PolishOptions o) {
        int n = idx.length;
        double[] tw = new double[n];
        double[] tx = new double[n];
        double[] ty = new double[n];
        for (int i = 0; i < n; i++) {
            tw[i] = weight.perParticle()[idx[i]];
            tx[i] = d.x[idx[i]];
            ty[i] = d.y[idx[i]];
        }
        ReferenceFit.SpatialModes modes = d.modes.computeIfAbsent(idx[0] + ":" + n + ":" + o.divergence(),
                key -> ReferenceFit.SpatialModes.of(tx, ty, o.divergence()));
        return new ReferenceFit(maps.subset(idx), tw, weight.signalScale(), modes, o.velocitySigma(),
                o.accelerationSigma(), d.velocityProfile);
    }

    /**
     * A cross-validation score, its part per particle, and the trajectories (fitted on the low band) it was measured
     * along.
     */
    public record Validation(double score, double[] perParticle, double[][] trajectories) {
    }

    /**
     * Cross-validation of a hyperparameter set (lower scores are better): trajectories fitted on the band's low half
     * against each particle's own half-map, from given trajectories (a neighbouring setting's) or from rest, and
     * scored on the high half against the other half-map. The two bands are
     * separated by a gap of box / mask radius shells: the mask couples neighbouring coefficients, and a fit to the
     * low band's noise would otherwise be rewarded by the high band's first shells.
     */
    public Validation crossValidation(Prepared d, PolishOptions o, double[][] start) {
        synchronized (d) {
            if (d.lowOwn == null) {
                double split = 0.5 * d.band.maxRadius();
                double gap = d.band.box / o.maskRadius();
                TrackingBand low = d.band.select(rho -> rho <= split - gap / 2);
                TrackingBand high = d.band.select(rho -> rho > split + gap / 2);
                d.lowOwn = CorrelationMaps.of(low, restrict(d.data, d.band, low), d.band.restrict(d.own, low),
                        restrictSignal(d, low), workers);
                d.highOther = CorrelationMaps.of(high, restrict(d.data, d.band, high),
                        d.band.restrict(d.other, high), restrictSignal(d, high), workers);
            }
        }
        double[][] r = fit(d, d.lowOwn, o, start);
        Likelihood weight = weights(d, d.highOther, r);
        double score = 0;
        double[] perParticle = new double[r.length];
        for (int[] idx : ParticleTiles.of(d.x, d.y, ParticleTiles.MAX_TILE)) {
            double[][] sub = new double[idx.length][];
            for (int i = 0; i < idx.length; i++) {
                sub[i] = r[idx[i]];
            }
            double[] e = tileFit(idx, d.highOther, weight, d, o).particleDataTerms(sub);
            for (int i = 0; i < idx.length; i++) {
                perParticle[idx[i]] = e[i];
                score += e[i];
            }
        }
        return new Validation(score, perParticle, r);
    }

    private static float[][][] restrict(float[][][] data, TrackingBand from, TrackingBand to) {
        float[][][] out = new float[data.length][][];
        for (int p = 0; p < data.length; p++) {
            out[p] = from.restrict(data[p], to);
        }
        return out;
    }

    private static float[][] restrictSignal(Prepared d, TrackingBand to) {
        int[] index = d.band.indicesOf(to);
        float[][] out = new float[d.frames][index.length];
        for (int f = 0; f < d.frames; f++) {
            for (int j = 0; j < index.length; j++) {
                out[f][j] = d.signal[f][index[j]];
            }
        }
        return out;
    }

    /** The data term's weights per particle (4·s/σ²) and the signal scale s. */
    private record Likelihood(double[] perParticle, double signalScale) {
    }

    /**
     * Per particle 4·s/σ²: s the micrograph's signal scale (least squares of the data on A·R, along trajectories r
     * or at rest), σ² the particle's noise per coefficient (twice, for the mirrored half of the spectrum).
     */
    private static Likelihood weights(Prepared d, CorrelationMaps maps, double[][] r) {
        double num = 0;
        double den = 0;
        for (int p = 0; p < maps.particles(); p++) {
            for (int f = 0; f < maps.frames(); f++) {
                num += maps.value(p, f, r == null ? 0 : r[p][2 * f], r == null ? 0 : r[p][2 * f + 1], null);
            }
            den += maps.referencePower(p);
        }
        double s = den > 0 ? Math.max(0, num / den) : 0;
        double[] w = new double[maps.particles()];
        for (int p = 0; p < w.length; p++) {
            w[p] = 4 * s / d.noise[p];
        }
        return new Likelihood(w, s);
    }
}
