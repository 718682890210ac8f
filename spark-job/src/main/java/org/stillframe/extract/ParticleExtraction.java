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
import org.stillframe.dose.DoseWeights;
import org.stillframe.gain.GainCorrection;
import org.stillframe.io.AtomicFiles;
import org.stillframe.io.BadInputException;
import org.stillframe.io.mrc.MrcHeader;
import org.stillframe.io.mrc.MrcMode;
import org.stillframe.io.mrc.MrcWriter;
import org.stillframe.parallel.Workers;
import org.stillframe.particles.MovieMotion;
import org.stillframe.particles.ParticleMotionCorrector;
import org.stillframe.particles.ParticleOptions;
import org.stillframe.particles.ParticlePick;
import org.stillframe.particles.ParticleTrajectory;
import org.stillframe.options.MotionCorSettings;
import org.stillframe.pipeline.MoviePipeline;

/**
 * Per-particle local motion correction of one movie, run by the pipeline once the movie's motion is known:
 * writes {@code Particles/STEM_particles.mrcs} (one image per pick, in pick order), {@code
 * Particles/STEM_trajectories.tsv} and, when asked, {@code Particles/STEM_trajectories.png}.
 */
public final class ParticleExtraction implements MoviePipeline.FrameStep {

    /** Trajectories in the diagnostic PNG are magnified this much (cryoSPARC's and RELION's plots use 40×). */
    static final double PLOT_MAGNIFICATION = 40;

    private final String stem;
    private final List<ParticlePick> picks;
    private final Path folder;
    private final ParticleConfig config;
    private final boolean plot;

    public ParticleExtraction(String stem, List<ParticlePick> picks, Path folder, ParticleConfig config, boolean plot) {
        this.stem = stem;
        this.picks = picks;
        this.folder = folder;
        this.config = config;
        this.plot = plot;
    }

    public static Path stack(Path folder, String stem) {
        return folder.resolve(stem + "_particles.mrcs");
    }

    public static Path trajectories(Path folder, String stem) {
        return folder.resolve(stem + "_trajectories.tsv");
    }

    @Override
    public List<Path> run(MovieFrames frames, GainCorrection gain, CorrectionResult result, DoseSchedule schedule,
                          MotionCorSettings settings, double pixelSizeA, Workers workers, Consumer<String> log)
            throws IOException {
        double pixel = Double.isFinite(pixelSizeA) && pixelSizeA > 0 ? pixelSizeA : Double.NaN;
        int box;
        try {
            box = config.box(Double.isFinite(pixel) ? pixel : 1, settings.voltageKv());
        } catch (IllegalArgumentException e) {
            throw new BadInputException(stem, e.getMessage());
        }
        int outBox = config.outBoxPx() > 0 ? config.outBoxPx() : box;
        if (outBox > box) {
            throw new BadInputException(stem, "output box " + outBox + " is larger than the extraction box " + box);
        }
        int n = frames.frameCount();
        DoseWeights dose = null;
        double perFrame = Double.isFinite(config.dosePerFrame()) ? config.dosePerFrame() : Double.NaN;
        if (Double.isFinite(pixel) && Double.isFinite(settings.voltageKv())
                && (Double.isFinite(perFrame) || settings.doseWeighting())) {
            DoseSchedule s = Double.isFinite(perFrame) ? DoseSchedule.uniform(n, perFrame, settings.initDose())
                    : schedule;
            dose = new DoseWeights(s, pixel, MoviePipeline.voltageFactor(settings.voltageKv()), box);
        } else {
            log.accept("Warning: particles are not dose-weighted (needs -PixSize, -Kv and -FmDose or"
                    + " --dose-per-frame).");
        }
        double maskRadius = Double.isFinite(config.diameterA()) && Double.isFinite(pixel)
                ? Math.min(0.45 * box, 0.55 * config.diameterA() / pixel) : 0.4 * box;
        double period = Double.isFinite(pixel) ? Math.max(3, config.trackResolutionA() / pixel) : 5;
        ParticleOptions options = ParticleOptions.defaults(box).withOutBox(outBox).withMaskRadius(maskRadius)
                .withAlignPeriod(period);
        MovieMotion motion = new MovieMotion(result.shifts().relativeTo(result.referenceIndex()),
                result.local() != null && result.local().applied() ? result.local().model() : null,
                result.referenceIndex());
        Files.createDirectories(folder);
        Path stackFile = stack(folder, stem);
        double outPixel = (Double.isFinite(pixel) ? pixel : 1) * box / outBox;
        MrcHeader header = MrcHeader.forImage(outBox, outBox, picks.size(),
                config.float16() ? MrcMode.FLOAT16 : MrcMode.FLOAT32, outPixel);
        ParticleTrajectory[] found = new ParticleTrajectory[picks.size()];
        ParticleMotionCorrector.Summary summary;
        try (MrcWriter writer = MrcWriter.create(stackFile, header)) {
            summary = new ParticleMotionCorrector(workers).correct(frames, gain, result.defects().map(), motion,
                    picks, dose, options, plot, (i, t, image) -> {
                        found[i] = t;
                        writer.writeSection(finish(image, outBox));
                    });
            writer.commit();
        }
        List<Path> written = new ArrayList<>(List.of(stackFile));
        Path table = trajectories(folder, stem);
        AtomicFiles.writeString(table, table(motion, found));
        written.add(table);
        if (plot && result.sums() != null) {
            Path png = folder.resolve(stem + "_trajectories.png");
            TrajectoryPlot.write(png, result.sum(), result.width(), result.height(),
                    tracks(motion, found, result.width() / (double) frames.width()), PLOT_MAGNIFICATION, 1024);
            written.add(png);
        }
        log.accept(String.format(Locale.ROOT, "Particles: %d in %s (box %d -> %d px, %s), %d kept the movie's motion"
                + " (too little signal); tracking %.1f s, extraction %.1f s", summary.particles(),
                stackFile.getFileName(), box, outBox, dose == null ? "not dose-weighted" : "dose-weighted",
                summary.fallbacks(), summary.trackSeconds(), summary.extractSeconds()));
        return written;
    }

    /** RELION-style normalisation and contrast as configured. */
    private float[] finish(float[] image, int size) {
        if (config.normalise()) {
            normalise(image, size, false);
        }
        if (config.invert()) {
            for (int i = 0; i < image.length; i++) {
                image[i] = -image[i];
            }
        }
        return image;
    }

    /**
     * RELION's normalisation: the background (outside 75 % of the box radius) to mean 0 and standard deviation 1;
     * {@code invert} flips the contrast afterwards (white particles).
     */
    public static float[] normalise(float[] image, int size, boolean invert) {
        double r2 = Math.pow(0.75 * size / 2.0, 2);
        double sum = 0;
        double sum2 = 0;
        int count = 0;
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                double d2 = Math.pow(x - size / 2, 2) + Math.pow(y - size / 2, 2);
                if (d2 > r2) {
                    double v = image[y * size + x];
                    sum += v;
                    sum2 += v * v;
                    count++;
                }
            }
        }
        double mean = sum / count;
        double sd = Math.sqrt(Math.max(1e-30, sum2 / count - mean * mean));
        for (int i = 0; i < image.length; i++) {
            image[i] = (float) ((invert ? -1 : 1) * (image[i] - mean) / sd);
        }
        return image;
    }

    private String table(MovieMotion motion, ParticleTrajectory[] found) {
        return trajectoryTable("particles local", stem + "_particles.mrcs", picks, motion, found);
    }

    /**
     * The per-particle trajectory table both particle commands write: per particle (1-based, its image in the
     * stack) and frame, the pick, the total correction (movie motion + residual), the residual, signal z, fallback.
     */
    static String trajectoryTable(String command, String stack, List<ParticlePick> picks, MovieMotion motion,
                                  ParticleTrajectory[] found) {
        StringBuilder sb = new StringBuilder();
        sb.append("# stillframe ").append(command).append(": per particle (1-based, its image in ").append(stack)
                .append(") and frame (1-based, frames used)\n");
        sb.append("# shift_x/y_px: total correction at the particle (movie motion + residual), MotionCor2 sign, relative"
                + " to the reference frame; residual_x/y_px: the particle's own part; fallback: too little signal,"
                + " movie motion kept\n");
        sb.append("# reference frame: ").append(motion.reference() + 1).append('\n');
        sb.append("particle\tx_px\ty_px\tframe\tshift_x_px\tshift_y_px\tresidual_x_px\tresidual_y_px\tsignal_z\t"
                + "fallback\n");
        double[] c = new double[2];
        for (int p = 0; p < found.length; p++) {
            ParticleTrajectory t = found[p];
            ParticlePick pick = picks.get(p);
            for (int f = 0; f < t.frames(); f++) {
                motion.correctionAt(pick.x(), pick.y(), f, c);
                sb.append(String.format(Locale.ROOT, "%d\t%.2f\t%.2f\t%d\t%.4f\t%.4f\t%.4f\t%.4f\t%.2f\t%s%n", p + 1,
                        pick.x(), pick.y(), f + 1, c[0] + t.x()[f], c[1] + t.y()[f], t.x()[f], t.y()[f],
                        t.signalZ(), t.fallback()));
            }
        }
        return sb.toString();
    }

    /** Tracks of the particles' own motion (−residual correction), in the micrograph's pixels. */
    private List<TrajectoryPlot.Track> tracks(MovieMotion motion, ParticleTrajectory[] found, double scale) {
        List<TrajectoryPlot.Track> out = new ArrayList<>();
        for (int p = 0; p < found.length; p++) {
            ParticleTrajectory t = found[p];
            int n = t.frames();
            double[] sx = new double[n];
            double[] sy = new double[n];
            double[] rx = new double[n];
            double[] ry = new double[n];
            for (int f = 0; f < n; f++) {
                sx[f] = -t.x()[f] * scale;
                sy[f] = -t.y()[f] * scale;
                rx[f] = -(t.rawX() == null ? t.x()[f] : t.rawX()[f]) * scale;
                ry[f] = -(t.rawY() == null ? t.y()[f] : t.rawY()[f]) * scale;
            }
            out.add(new TrajectoryPlot.Track(picks.get(p).x() * scale, picks.get(p).y() * scale, rx, ry, sx, sy));
        }
        return out;
    }
}
