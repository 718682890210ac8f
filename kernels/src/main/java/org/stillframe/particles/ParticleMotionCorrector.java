package org.stillframe.particles;

import java.io.IOException;
import java.util.List;
import org.stillframe.correct.MovieFrames;
import org.stillframe.defects.DefectMap;
import org.stillframe.dose.DoseWeights;
import org.stillframe.gain.GainCorrection;
import org.stillframe.image.Spectra;
import org.stillframe.parallel.Workers;

/**
 * Per-particle local motion correction: tracks each picked particle through the movie on top of the movie's
 * measured motion and extracts one motion-corrected, dose-weighted image per particle.
 *
 * <ol>
 *   <li>Track: a box is cut around each particle in every gain-corrected frame where the movie's motion puts it,
 *       masked, transformed, moved by the sub-pixel rest of that motion, and its low-frequency band kept
 *       ({@link TrackingBand}). Each particle's residual trajectory is the MAP estimate of {@link TrajectoryFit},
 *       first alone, then with a weak pull towards its neighbours' trajectories. A particle whose frames share too
 *       little signal (z below {@link ParticleOptions#minSignalZ()}) keeps the movie's motion.</li>
 *   <li>Extract: the boxes are cut again, unmasked, each moved by the movie's motion plus the particle's residual
 *       as an exact phase ramp, weighted by the frame's dose weights and summed; the sum is Fourier-cropped to the
 *       output box.</li>
 * </ol>
 *
 * Particles are processed in batches whose boxes fit the memory budget; the movie is read twice per batch
 * (three times when there is more than one batch, as the neighbour prior needs every particle's first estimate).
 */
public final class ParticleMotionCorrector {

    /** Receives each particle's result, in pick order. */
    @FunctionalInterface
    public interface Sink {
        void accept(int particle, ParticleTrajectory trajectory, float[] image) throws IOException;
    }

    /** Per-frame, per-frequency weights of the extracted sum (dose weights, empirical weights). */
    @FunctionalInterface
    public interface FrameWeights {
        float weight(int frame, double cyclesPerPixel);
    }

    /** What was done: particles, how many kept the movie's motion, batches and seconds per stage. */
    public record Summary(int particles, int fallbacks, int batches, double trackSeconds, double extractSeconds) {
    }

    /** The coarse band's period as a multiple of the fine one's. */
    private static final double COARSE_PERIOD_FACTOR = 3;

    private final Workers workers;

    public ParticleMotionCorrector(Workers workers) {
        this.workers = workers;
    }

    /**
     * @param gain    gain and dark references applied to each frame
     * @param defects pixels to repair in each frame (the movie's defect map), or null
     * @param dose    per-frame dose weights at the box's pixel size, or null for a plain sum
     * @param raw     also estimate the weakly regularised "raw" trajectories (for diagnostics)
     */
    public Summary correct(MovieFrames movie, GainCorrection gain, DefectMap defects, MovieMotion motion,
                           List<ParticlePick> picks, DoseWeights dose, ParticleOptions options, boolean raw,
                           Sink sink) throws IOException {
        int n = movie.frameCount();
        if (motion.frames() != n) {
            throw new IllegalArgumentException("the motion has " + motion.frames() + " frames, the movie " + n);
        }
        if (dose != null && dose.frames() != n) {
            throw new IllegalArgumentException("dose weights for " + dose.frames() + " frames, the movie has " + n);
        }
        int count = picks.size();
        if (count == 0) {
            return new Summary(0, 0, 0, 0, 0);
        }
        int box = options.box();
        TrackingBand band = new TrackingBand(box, options.alignPeriod());
        // Coarse first: a residual of a few pixels lies outside the fine band's basin of attraction.
        TrackingBand coarse = new TrackingBand(box, Math.max(COARSE_PERIOD_FACTOR * options.alignPeriod(), 12));
        Placement place = new Placement(motion, picks, box);
        long perParticle = Math.max((long) n * 2 * band.size() * 4, (long) Spectra.length(box, box) * 4)
                + 16L * n;
        int batchSize = (int) Math.max(1, Math.min(count, options.memoryBytes() / perParticle));
        int batches = (count + batchSize - 1) / batchSize;
        FrameReader reader = new FrameReader(movie, gain, defects);
        BoxCutter cutter = new BoxCutter(box, options.maskRadius(), workers.count());

        long t0 = System.nanoTime();
        // 1. First estimate of every particle, alone.
        double[][] first = new double[count][];
        double[][] noise = new double[count][];
        float[][][] kept = batches == 1 ? new float[count][][] : null;
        for (int b = 0; b < batches; b++) {
            int from = b * batchSize;
            int to = Math.min(count, from + batchSize);
            float[][][] spectra = cutter.bands(reader, place, band, from, to, workers);
            workers.forEach(to - from, (w, j) -> {
                int p = from + j;
                double[] stats = TrajectoryFit.noiseAndSignificance(spectra[j]);
                first[p] = stats[1] < options.minSignalZ() ? new double[2 * n]
                        : track(band, coarse, spectra[j], motion.reference(), stats[0], options);
                noise[p] = stats;
                if (kept != null) {
                    kept[p] = spectra[j];
                }
            });
        }
        double[][] neighbourMeans = neighbourMeans(picks, first, noise, options);
        long t1 = System.nanoTime();
        double trackSeconds = (t1 - t0) * 1e-9;
        double extractSeconds = 0;
        int fallbacks = 0;
        // 2. Final estimate with the neighbours' pull, then extraction, batch by batch.
        for (int b = 0; b < batches; b++) {
            long s0 = System.nanoTime();
            int from = b * batchSize;
            int to = Math.min(count, from + batchSize);
            float[][][] spectra = kept != null ? null : cutter.bands(reader, place, band, from, to, workers);
            ParticleTrajectory[] result = new ParticleTrajectory[to - from];
            workers.forEach(to - from, (w, j) -> {
                int p = from + j;
                float[][] s = kept != null ? kept[p] : spectra[j];
                boolean fallback = !tracked(noise[p], options);
                double[] r = new double[2 * n];
                double[] rawR = null;
                if (!fallback) {
                    TrajectoryFit fit = fit(band, s, motion.reference(), noise[p][0]);
                    r = fit.solve(first[p], options.velocitySigma(), options.accelerationSigma(), neighbourMeans[p],
                            options.neighbourSigma());
                    if (raw) {
                        rawR = fit.solve(r, 10 * options.velocitySigma(), 10 * options.accelerationSigma(), null, 0);
                    }
                } else if (raw) {
                    rawR = new double[2 * n];
                }
                if (kept != null) {
                    kept[p] = null; // done with this particle's boxes
                }
                result[j] = trajectory(r, rawR, noise[p][1], fallback);
            });
            long s1 = System.nanoTime();
            trackSeconds += (s1 - s0) * 1e-9;
            float[][] images = cutter.extract(reader, place, result, from, dose == null ? null : dose::weight,
                    options.outBox(), workers);
            for (int j = 0; j < result.length; j++) {
                fallbacks += result[j].fallback() ? 1 : 0;
                sink.accept(from + j, result[j], images[j]);
            }
            extractSeconds += (System.nanoTime() - s1) * 1e-9;
        }
        return new Summary(count, fallbacks, batches, trackSeconds, extractSeconds);
    }

    private static TrajectoryFit fit(TrackingBand band, float[][] spectra, int reference, double noiseVariance) {
        return new TrajectoryFit(band, spectra, reference, noiseVariance);
    }

    /** Tracked: the frames share signal (else the particle keeps the movie's motion). */
    private static boolean tracked(double[] stats, ParticleOptions options) {
        return stats[1] >= options.minSignalZ();
    }

    /** Coarse band first, then the fine one, from zero residual. */
    private static double[] track(TrackingBand fine, TrackingBand coarse, float[][] spectra, int reference,
                                  double noiseVariance, ParticleOptions options) {
        double[] start = fit(coarse, fine.restrict(spectra, coarse), reference, noiseVariance)
                .solve(null, options.velocitySigma(), options.accelerationSigma(), null, 0);
        return fit(fine, spectra, reference, noiseVariance).solve(start,
                options.velocitySigma(), options.accelerationSigma(), null, 0);
    }

    private static ParticleTrajectory trajectory(double[] r, double[] raw, double z, boolean fallback) {
        int n = r.length / 2;
        double[] x = new double[n];
        double[] y = new double[n];
        double[] rx = raw == null ? null : new double[n];
        double[] ry = raw == null ? null : new double[n];
        for (int f = 0; f < n; f++) {
            x[f] = r[2 * f];
            y[f] = r[2 * f + 1];
            if (raw != null) {
                rx[f] = raw[2 * f];
                ry[f] = raw[2 * f + 1];
            }
        }
        return new ParticleTrajectory(x, y, rx, ry, z, fallback);
    }

    /**
     * Per particle, the Gaussian-weighted mean (σ = neighbour radius, out to 3σ) of the other tracked particles'
     * first estimates; null where no neighbour is near.
     */
    static double[][] neighbourMeans(List<ParticlePick> picks, double[][] first, double[][] noise,
                                     ParticleOptions options) {
        int count = picks.size();
        double[][] means = new double[count][];
        double sigma = options.neighbourRadius();
        double reach2 = 9 * sigma * sigma;
        for (int p = 0; p < count; p++) {
            double[] m = new double[first[p].length];
            double total = 0;
            for (int q = 0; q < count; q++) {
                if (q == p || !tracked(noise[q], options)) {
                    continue;
                }
                double dx = picks.get(q).x() - picks.get(p).x();
                double dy = picks.get(q).y() - picks.get(p).y();
                double d2 = dx * dx + dy * dy;
                if (d2 > reach2) {
                    continue;
                }
                double w = Math.exp(-d2 / (2 * sigma * sigma));
                for (int i = 0; i < m.length; i++) {
                    m[i] += w * first[q][i];
                }
                total += w;
            }
            if (total > 1e-3) {
                for (int i = 0; i < m.length; i++) {
                    m[i] /= total;
                }
                means[p] = m;
            }
        }
        return means;
    }
}
