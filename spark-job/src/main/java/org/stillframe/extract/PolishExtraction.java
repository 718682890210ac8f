package org.stillframe.extract;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import org.stillframe.correct.CorrectionResult;
import org.stillframe.correct.MovieFrames;
import org.stillframe.dose.DoseSchedule;
import org.stillframe.gain.GainCorrection;
import org.stillframe.io.AtomicFiles;
import org.stillframe.io.mrc.MrcHeader;
import org.stillframe.io.mrc.MrcMode;
import org.stillframe.io.mrc.MrcWriter;
import org.stillframe.options.MotionCorSettings;
import org.stillframe.parallel.Workers;
import org.stillframe.particles.EmpiricalWeights;
import org.stillframe.particles.MovieMotion;
import org.stillframe.particles.PolishOptions;
import org.stillframe.particles.PolishParticle;
import org.stillframe.particles.ReferenceMotion;
import org.stillframe.pipeline.MoviePipeline;
import org.stillframe.polish.ReferenceProjector;

/**
 * Phase 2 of {@code particles polish}, for every movie: trajectories with the chosen priors, extraction with the
 * empirical weights; writes STEM_polished.mrcs, STEM_polished_trajectories.tsv and, for the first movies, a plot.
 */
public final class PolishExtraction implements MoviePipeline.FrameStep {
    private final String stem;
    private final List<PolishParticle> particles;
    private final ReferenceProjector half1;
    private final ReferenceProjector half2;
    private final PolishOptions options;
    private final EmpiricalWeights weights;
    private final Path folder;
    private final int outBox;
    private final boolean float16;
    private final boolean plot;

    public PolishExtraction(String stem, List<PolishParticle> particles, ReferenceProjector half1,
                            ReferenceProjector half2, PolishOptions options, EmpiricalWeights weights, Path folder,
                            int outBox, boolean float16) {
        this(stem, particles, half1, half2, options, weights, folder, outBox, float16, false);
    }

    /** @param plot also draw the micrograph with the particles' trajectories (the first movies of a run) */
    public PolishExtraction(String stem, List<PolishParticle> particles, ReferenceProjector half1,
                            ReferenceProjector half2, PolishOptions options, EmpiricalWeights weights, Path folder,
                            int outBox, boolean float16, boolean plot) {
        this.plot = plot;
        this.stem = stem;
        this.particles = particles;
        this.half1 = half1;
        this.half2 = half2;
        this.options = options;
        this.weights = weights;
        this.folder = folder;
        this.outBox = outBox;
        this.float16 = float16;
    }

    @Override
    public List<Path> run(MovieFrames frames, GainCorrection gain, CorrectionResult result, DoseSchedule schedule,
                          MotionCorSettings settings, double pixelSize, Workers workers, Consumer<String> log)
            throws IOException {
        return run(frames, gain, result, pixelSize, workers, log, null, null);
    }

    /**
     * The same, reusing boxes and references already cut from these frames for phase 1 ({@code cut}, or null to
     * cut them) and starting the fit from phase 1's trajectories ({@code start}, or null).
     */
    public List<Path> run(MovieFrames frames, GainCorrection gain, CorrectionResult result, double pixelSize,
                          Workers workers, Consumer<String> log, ReferenceMotion.Prepared cut, double[][] start)
            throws IOException {
        ReferenceMotion rm = new ReferenceMotion(workers);
        MovieMotion motion = Polishing.motion(result);
        long t0 = System.nanoTime();
        ReferenceMotion.Prepared d = cut != null ? rm.withSignal(cut, weights)
                : rm.prepare(frames, gain, result.defects().map(), motion, particles, half1, half2, pixelSize,
                        weights, options);
        double[][] r = rm.fit(d, options, start);
        long t1 = System.nanoTime();
        float[][] images = rm.extract(frames, gain, result.defects().map(), motion, particles, r, weights::weight,
                options.box(), outBox);
        long t2 = System.nanoTime();
        Files.createDirectories(folder);
        Path stack = folder.resolve(stem + "_polished.mrcs");
        double outPixel = pixelSize * options.box() / outBox;
        try (MrcWriter w = MrcWriter.create(stack, MrcHeader.forImage(outBox, outBox, images.length,
                float16 ? MrcMode.FLOAT16 : MrcMode.FLOAT32, outPixel))) {
            for (float[] image : images) {
                w.writeSection(ParticleExtraction.normalise(image, outBox, true));
            }
            w.commit();
        }
        Path table = folder.resolve(stem + "_polished_trajectories.tsv");
        AtomicFiles.writeString(table, trajectories(motion, r, frames.frameCount()));
        log.accept(String.format(Locale.ROOT, "Polished: %d particles in %s; fit %.1f s, extraction %.1f s;"
                + " velocity prior %s", images.length, stack.getFileName(), (t1 - t0) * 1e-9, (t2 - t1) * 1e-9,
                d.velocityPrior()));
        if (plot && result.sums() != null) {
            Path png = folder.resolve(stem + "_polished_trajectories.png");
            double scale = result.width() / (double) frames.width();
            List<TrajectoryPlot.Track> tracks = new ArrayList<>();
            for (int p = 0; p < r.length; p++) {
                double[] x = new double[frames.frameCount()];
                double[] y = new double[frames.frameCount()];
                for (int f = 0; f < x.length; f++) { // the particle's motion beyond the movie's: −residual
                    x[f] = -(r[p][2 * f] - r[p][0]) * scale;
                    y[f] = -(r[p][2 * f + 1] - r[p][1]) * scale;
                }
                tracks.add(new TrajectoryPlot.Track(particles.get(p).x() * scale, particles.get(p).y() * scale, x,
                        y, x, y));
            }
            TrajectoryPlot.write(png, result.sum(), result.width(), result.height(), tracks,
                    ParticleExtraction.PLOT_MAGNIFICATION, 1024);
            return List.of(stack, table, png);
        }
        return List.of(stack, table);
    }

    private String trajectories(MovieMotion motion, double[][] r, int frames) {
        List<org.stillframe.particles.ParticlePick> picks = new ArrayList<>();
        org.stillframe.particles.ParticleTrajectory[] found =
                new org.stillframe.particles.ParticleTrajectory[r.length];
        for (int p = 0; p < r.length; p++) {
            picks.add(particles.get(p).pick());
            double[] x = new double[frames];
            double[] y = new double[frames];
            for (int f = 0; f < frames; f++) {
                x[f] = r[p][2 * f];
                y[f] = r[p][2 * f + 1];
            }
            found[p] = new org.stillframe.particles.ParticleTrajectory(x, y, null, null, Double.NaN, false);
        }
        return ParticleExtraction.trajectoryTable("particles polish", stem + "_polished.mrcs", picks, motion,
                found);
    }
}
