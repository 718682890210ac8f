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
import org.stillframe.dose.CriticalExposure;
import org.stillframe.dose.DoseSchedule;
import org.stillframe.gain.GainCorrection;
import org.stillframe.io.AtomicFiles;
import org.stillframe.io.BadInputException;
import org.stillframe.io.mrc.MrcHeader;
import org.stillframe.io.mrc.MrcMode;
import org.stillframe.io.mrc.MrcReader;
import org.stillframe.io.mrc.MrcWriter;
import org.stillframe.parallel.Workers;
import org.stillframe.particles.EmpiricalWeights;
import org.stillframe.particles.MovieMotion;
import org.stillframe.particles.PolishOptions;
import org.stillframe.particles.PolishParticle;
import org.stillframe.particles.ReferenceMotion;
import org.stillframe.options.MotionCorSettings;
import org.stillframe.pipeline.MoviePipeline;
import org.stillframe.polish.ReferenceProjector;

/** The per-movie steps of {@code particles polish} and their files. */
public final class Polishing {

    private Polishing() {
    }

    /** A half-map (times the mask, if any) ready to project; its voxel must be the movie's pixel (±1 %). */
    public static ReferenceProjector loadMap(Path half, Path mask, double pixelSizeA) throws IOException {
        float[] map = volume(half);
        int n = cube(half);
        try (MrcReader r = MrcReader.open(half)) {
            double voxel = r.pixelSizeA();
            if (Double.isFinite(pixelSizeA) && Double.isFinite(voxel) && voxel > 0
                    && Math.abs(voxel / pixelSizeA - 1) > 0.01) {
                throw new BadInputException(half.toString(), String.format(Locale.ROOT, "voxel %.4f A differs from"
                        + " the movies' pixel %.4f A (rescale the map first)", voxel, pixelSizeA));
            }
        }
        if (mask != null) {
            float[] m = volume(mask);
            if (m.length != map.length) {
                throw new BadInputException(mask.toString(), "is not the size of " + half.getFileName());
            }
            for (int i = 0; i < map.length; i++) {
                map[i] *= m[i];
            }
        }
        return new ReferenceProjector(map, n);
    }

    private static int cube(Path file) throws IOException {
        try (MrcReader r = MrcReader.open(file)) {
            if (r.width() != r.height() || r.width() != r.frameCount() || r.width() % 2 != 0) {
                throw new BadInputException(file.toString(), "is not an even cube (" + r.width() + " x " + r.height()
                        + " x " + r.frameCount() + ")");
            }
            return r.width();
        }
    }

    private static float[] volume(Path file) throws IOException {
        int n = cube(file);
        float[] v = new float[n * n * n];
        float[] section = new float[n * n];
        try (MrcReader r = MrcReader.open(file)) {
            for (int z = 0; z < n; z++) {
                r.read(z, section);
                System.arraycopy(section, 0, v, z * n * n, n * n);
            }
        }
        return v;
    }

    /** Grant–Grigorieff's amplitude left in each frame: the signal model before the empirical weights exist. */
    static ReferenceMotion.FrameSignal damage(DoseSchedule schedule, double pixelSizeA, double kv)
            throws BadInputException {
        double factor = MoviePipeline.voltageFactor(Double.isFinite(kv) ? kv : 300);
        return (f, s) -> s == 0 ? 1 : Math.exp(-schedule.exposureAtEnd(f)
                / (2 * CriticalExposure.of(s / pixelSizeA, factor)));
    }

    static MovieMotion motion(CorrectionResult result) {
        return new MovieMotion(result.shifts().relativeTo(result.referenceIndex()),
                result.local() != null && result.local().applied() ? result.local().model() : null,
                result.referenceIndex());
    }

    /** Phase 1 for a few micrographs: cut and keep their data for the hyperparameter search and the weights. */
    public static final class Prepare implements MoviePipeline.FrameStep {
        private final List<PolishParticle> particles;
        private final ReferenceProjector half1;
        private final ReferenceProjector half2;
        private final PolishOptions options;
        ReferenceMotion.Prepared prepared;
        double pixelSizeA;

        public Prepare(List<PolishParticle> particles, ReferenceProjector half1, ReferenceProjector half2,
                       PolishOptions options) {
            this.particles = particles;
            this.half1 = half1;
            this.half2 = half2;
            this.options = options;
        }

        @Override
        public List<Path> run(MovieFrames frames, GainCorrection gain, CorrectionResult result, DoseSchedule schedule,
                              MotionCorSettings settings, double pixelSize, Workers workers, Consumer<String> log)
                throws IOException {
            pixelSizeA = pixelSize;
            prepared = new ReferenceMotion(workers).prepare(frames, gain, result.defects().map(), motion(result),
                    particles, half1, half2, pixelSize, damage(schedule, pixelSize, settings.voltageKv()), options);
            return List.of();
        }

        public ReferenceMotion.Prepared prepared() {
            return prepared;
        }
    }

    /** Phase 2 for every movie: trajectories with the chosen priors, extraction with the empirical weights. */
    public static final class Polish implements MoviePipeline.FrameStep {
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

        public Polish(String stem, List<PolishParticle> particles, ReferenceProjector half1, ReferenceProjector half2,
                      PolishOptions options, EmpiricalWeights weights, Path folder, int outBox, boolean float16) {
            this(stem, particles, half1, half2, options, weights, folder, outBox, float16, false);
        }

        /** @param plot also draw the micrograph with the particles' trajectories (the first movies of a run) */
        public Polish(String stem, List<PolishParticle> particles, ReferenceProjector half1, ReferenceProjector half2,
                      PolishOptions options, EmpiricalWeights weights, Path folder, int outBox, boolean float16,
                      boolean plot) {
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
            ReferenceMotion rm = new ReferenceMotion(workers);
            MovieMotion motion = motion(result);
            long t0 = System.nanoTime();
            ReferenceMotion.Prepared d = rm.prepare(frames, gain, result.defects().map(), motion, particles, half1,
                    half2, pixelSize, weights, options);
            double[][] r = rm.fit(d, options);
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
            log.accept(String.format(Locale.ROOT, "Polished: %d particles in %s; fit %.1f s, extraction %.1f s",
                    images.length, stack.getFileName(), (t1 - t0) * 1e-9, (t2 - t1) * 1e-9));
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

    /** bfactors.tsv: per frame (1-based) exposure, B (Å², 0 for the best frame) and ln q. */
    public static String bFactorTable(EmpiricalWeights w, DoseSchedule schedule) {
        StringBuilder sb = new StringBuilder("# stillframe particles polish: empirical dose weights; weight_f(k) ="
                + " q_f exp(B_f k^2/4) / sum_g q_g exp(B_g k^2/4), k in 1/A\n");
        sb.append("frame\texposure_e_per_a2\tbfactor_a2\tlog_scale\n");
        for (int f = 0; f < w.frames(); f++) {
            sb.append(String.format(Locale.ROOT, "%d\t%.3f\t%.2f\t%.4f%n", f + 1,
                    schedule == null ? Double.NaN : schedule.exposureAtEnd(f), w.bFactor(f), w.logScale(f)));
        }
        return sb.toString();
    }

    /** A PNG of B_f against the frame. */
    public static void bFactorPlot(EmpiricalWeights w, Path png) throws IOException {
        int width = 480;
        int height = 320;
        java.awt.image.BufferedImage img = new java.awt.image.BufferedImage(width, height,
                java.awt.image.BufferedImage.TYPE_INT_RGB);
        java.awt.Graphics2D g = img.createGraphics();
        g.setColor(java.awt.Color.WHITE);
        g.fillRect(0, 0, width, height);
        g.setRenderingHint(java.awt.RenderingHints.KEY_ANTIALIASING, java.awt.RenderingHints.VALUE_ANTIALIAS_ON);
        double min = 0;
        for (int f = 0; f < w.frames(); f++) {
            min = Math.min(min, w.bFactor(f));
        }
        min = Math.min(min, -1);
        int left = 60;
        int bottom = height - 40;
        g.setColor(java.awt.Color.GRAY);
        g.drawLine(left, 20, left, bottom);
        g.drawLine(left, bottom, width - 20, bottom);
        g.setColor(java.awt.Color.BLACK);
        g.drawString("B-factor per frame (A^2)", left + 10, 15);
        g.drawString(String.format(Locale.ROOT, "%.0f", min), 5, bottom);
        g.drawString("0", 40, 25);
        g.drawString("frame", width / 2, height - 10);
        g.setColor(new java.awt.Color(200, 30, 30));
        g.setStroke(new java.awt.BasicStroke(2f));
        int prevX = -1;
        int prevY = -1;
        for (int f = 0; f < w.frames(); f++) {
            int x = left + (int) Math.round((width - 20 - left) * f / Math.max(1.0, w.frames() - 1));
            int y = 20 + (int) Math.round((bottom - 20) * (w.bFactor(f) / min));
            if (prevX >= 0) {
                g.drawLine(prevX, prevY, x, y);
            }
            g.fillOval(x - 3, y - 3, 6, 6);
            prevX = x;
            prevY = y;
        }
        g.dispose();
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        javax.imageio.ImageIO.write(img, "png", bytes);
        AtomicFiles.write(png, bytes.toByteArray()); // whole or not at all, usual permissions
    }

    /** What phase 1 found: the priors to use, the dose weights, the dose schedule and the search's log. */
    public record Phase1(PolishOptions chosen, EmpiricalWeights weights, DoseSchedule schedule, List<String> log)
            implements java.io.Serializable {
    }

    /**
     * Phase 1 on a few micrographs ({location, stem} each, with their particles): the hyperparameters by
     * cross-validation (unless {@code given}), trajectories with them, the empirical weights; writes
     * OUT/bfactors.tsv, bfactors.png and polish.log.
     */
    public static Phase1 phase1(MoviePipeline pipeline, List<String[]> movies, List<List<PolishParticle>> particles,
                                ReferenceProjector map1, ReferenceProjector map2, PolishOptions start, boolean given,
                                MotionCorSettings settings, Path out, int threads, Consumer<String> log)
            throws IOException {
        List<ReferenceMotion.Prepared> subset = new ArrayList<>();
        DoseSchedule schedule = null;
        double pixel = settings.pixelSizeA();
        for (int m = 0; m < movies.size(); m++) {
            Prepare step = new Prepare(particles.get(m), map1, map2, start);
            org.stillframe.movie.MovieResult r = pipeline.run(new org.stillframe.movie.MovieTask(movies.get(m)[0],
                    out.resolve(movies.get(m)[1] + ".mrc"), settings), step, line -> { });
            schedule = r.schedule();
            subset.add(step.prepared());
        }
        List<String> lines = new ArrayList<>();
        Consumer<String> both = line -> {
            lines.add(line);
            log.accept(line);
        };
        PolishOptions chosen;
        EmpiricalWeights weights;
        try (Workers w = new Workers(threads)) {
            ReferenceMotion rm = new ReferenceMotion(w);
            chosen = given ? start : org.stillframe.particles.HyperparameterSearch.search(rm, subset, start, both);
            List<double[][]> trajectories = new ArrayList<>();
            for (ReferenceMotion.Prepared d : subset) {
                trajectories.add(rm.fit(d, chosen));
            }
            weights = EmpiricalWeights.fit(subset, trajectories, pixel);
        }
        both.accept(String.format(Locale.ROOT, "Priors: sigma_v %.4g px/frame, sigma_d %.4g px, sigma_a %.4g"
                + " px/frame^2%s", chosen.velocitySigma(), chosen.divergence(), chosen.accelerationSigma(),
                given ? " (given)" : ""));
        Files.createDirectories(out);
        AtomicFiles.writeString(out.resolve("bfactors.tsv"), bFactorTable(weights, schedule));
        bFactorPlot(weights, out.resolve("bfactors.png"));
        AtomicFiles.writeString(out.resolve("polish.log"), String.join("\n", lines) + "\n");
        return new Phase1(chosen, weights, schedule, List.copyOf(lines));
    }

    /** The picks with the refinement's origin folded into the coordinates (the polished images are centred). */
    public static ParticlePicks centred(ParticlePicks all, double pixel) {
        List<String> c = all.columns();
        int x = c.indexOf("_rlnCoordinateX");
        int y = c.indexOf("_rlnCoordinateY");
        int ox = c.indexOf("_rlnOriginXAngst");
        int oy = c.indexOf("_rlnOriginYAngst");
        if (ox < 0 && oy < 0) {
            return all;
        }
        List<String[]> rows = new ArrayList<>();
        for (String[] r : all.rows()) {
            String[] v = r.clone();
            if (ox >= 0) {
                v[x] = String.format(Locale.ROOT, "%.6f", Double.parseDouble(r[x]) - Double.parseDouble(r[ox]) / pixel);
                v[ox] = "0.000000";
            }
            if (oy >= 0) {
                v[y] = String.format(Locale.ROOT, "%.6f", Double.parseDouble(r[y]) - Double.parseDouble(r[oy]) / pixel);
                v[oy] = "0.000000";
            }
            rows.add(v);
        }
        return new ParticlePicks(c, rows, all.optics());
    }

    /** The starting options: box (given, or Rosenthal & Henderson's, or twice the map), mask, band, priors. */
    public static PolishOptions start(int box, double diameter, double resolution, double pixel, PolishParticle first,
                                      int mapSize, double sigmaV, double sigmaD, double sigmaA) {
        int b = box > 0 ? box + (box & 1) : Double.isFinite(diameter)
                ? BoxSize.pixels(diameter, first.ctf().defocusUA() / 1e4, resolution, first.ctf().voltageKv(), pixel)
                : 2 * mapSize;
        double maskRadius = Double.isFinite(diameter) ? Math.min(0.45 * b, 0.55 * diameter / pixel) : 0.4 * b;
        return new PolishOptions(b, maskRadius, Math.min(b / 2.0 - 1, b * pixel / resolution),
                Double.isFinite(sigmaV) ? sigmaV : 0.2, Double.isFinite(sigmaD) ? sigmaD : 1000,
                Double.isFinite(sigmaA) ? sigmaA : 0.1);
    }
}
