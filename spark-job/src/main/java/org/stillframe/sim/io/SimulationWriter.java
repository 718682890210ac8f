package org.stillframe.sim.io;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.stillframe.align.global.GlobalAlignOptions;
import org.stillframe.config.Defaults;
import org.stillframe.correct.CorrectionOptions;
import org.stillframe.io.AtomicFiles;
import org.stillframe.io.eer.EerCompression;
import org.stillframe.io.eer.EerWriter;
import org.stillframe.io.mrc.MrcHeader;
import org.stillframe.io.mrc.MrcMode;
import org.stillframe.io.mrc.MrcWriter;
import org.stillframe.parallel.Workers;
import org.stillframe.sim.MovieSimulator;
import org.stillframe.sim.SimulationParams;

/**
 * Writes a simulated movie and its ground truth into a folder:
 *
 * <ul>
 *   <li>{@code NAME.mrc}: the raw frames (counts, MRC mode as asked; int16 by default)</li>
 *   <li>{@code NAME_gain.mrc}: the gain reference to pass with -Gain (when the detector has a gain pattern)</li>
 *   <li>{@code NAME_noisefree.mrc}: the expected gain-corrected sum with the specimen at rest (frame 1's
 *       position): the ideal corrected sum</li>
 *   <li>{@code NAME_noisefree_DW.mrc} (with radiation damage): the ideal dose-weighted sum of the damaged
 *       frames at rest</li>
 *   <li>{@code NAME_field.tsv} (with local motion): the true correction field, whole-frame plus local, on a
 *       17 × 17 grid of points for every frame</li>
 *   <li>{@code NAME_truth.tsv}: per frame (1-based) the specimen motion and the shift a correction should report
 *       (= −motion, MotionCor2/RELION sign, relative to frame 1), the frame's dose and accumulated exposure</li>
 *   <li>{@code NAME_truth.conf}: the acquisition parameters, seed, hot pixels and local field (HOCON)</li>
 *   <li>{@code NAME_particles.star} and {@code NAME_particles_truth.tsv} (with particle motion): the picks
 *       (every particle wholly inside the frame; RELION coordinates, 0-based column and row of the stored image)
 *       and, per pick and frame, the true correction at the particle and its own motion</li>
 * </ul>
 */
public final class SimulationWriter {

    private SimulationWriter() {
    }

    /** The files of one simulated movie. */
    public record Files(Path movie, Path gain, Path noiseFree, Path truthTable, Path truthConf) {
    }

    public static Files write(SimulationParams params, Path dir, String name, MrcMode mode, Workers workers)
            throws IOException {
        MovieSimulator sim = new MovieSimulator(params);
        Path movie = dir.resolve(name + ".mrc");
        writeMovie(sim, movie, mode, workers);
        return writeTruth(sim, dir, name, movie, "mrc-mode = " + mode.code());
    }

    /**
     * The same movie as EER ({@code NAME.eer}, compression 65001): each frame's electrons spread over
     * {@code split} raw frames (each electron of a pixel in a different raw frame, chosen at random, with a random
     * sub-pixel position), and {@code NAME_fmint.txt}, the -FmIntFile that renders the raw frames back into
     * exactly the simulated frames. Needs a detector without gain pattern (EER counts are whole electrons).
     */
    public static Files writeEer(SimulationParams params, Path dir, String name, int split, Workers workers)
            throws IOException {
        if (params.gain()) {
            throw new IllegalArgumentException("EER movies are simulated without a gain pattern (use --no-gain)");
        }
        MovieSimulator sim = new MovieSimulator(params);
        Path movie = dir.resolve(name + ".eer");
        int pixels = params.width() * params.height();
        try (EerWriter w = EerWriter.create(movie, params.width(), params.height(), EerCompression.C65001)) {
            float[] counts = new float[pixels];
            java.util.SplittableRandom rnd = new java.util.SplittableRandom(params.seed() * 7919L + 11);
            for (int f = 0; f < params.frames(); f++) {
                sim.read(f, counts);
                int[][] raw = EerSplit.split(counts, split, rnd, f);
                for (int r = 0; r < split; r++) {
                    int[] px = raw[r];
                    int[] qx = new int[px.length];
                    int[] qy = new int[px.length];
                    for (int i = 0; i < px.length; i++) {
                        qx[i] = rnd.nextInt(4);
                        qy[i] = rnd.nextInt(4);
                    }
                    w.writeFrame(px, qx, qy);
                }
            }
            w.commit();
        }
        AtomicFiles.writeString(dir.resolve(name + "_fmint.txt"), String.format(Locale.ROOT, "%d %d %s%n",
                params.frames() * split, split, params.dosePerFrame() / split));
        return writeTruth(sim, dir, name, movie, "eer-raw-frames-per-frame = " + split);
    }

    private static Files writeTruth(MovieSimulator sim, Path dir, String name, Path movie, String encoding)
            throws IOException {
        SimulationParams params = sim.params();
        Path gain = null;
        if (sim.gainReference() != null) {
            gain = dir.resolve(name + "_gain.mrc");
            MrcWriter.writeImage(gain, sim.gainReference(), params.width(), params.height(), params.pixelSizeA());
        }
        Path noiseFree = dir.resolve(name + "_noisefree.mrc");
        MrcWriter.writeImage(noiseFree, sim.noiseFree(), params.width(), params.height(), params.pixelSizeA());
        if (params.damage()) {
            MrcWriter.writeImage(dir.resolve(name + "_noisefree_DW.mrc"), sim.noiseFreeDoseWeighted(),
                    params.width(), params.height(), params.pixelSizeA());
        }
        if (sim.localField() != null) {
            AtomicFiles.writeString(dir.resolve(name + "_field.tsv"), fieldTable(sim, name));
        }
        if (sim.particleMotion() != null) {
            int[] picks = sim.particlesInside(0);
            AtomicFiles.writeString(dir.resolve(name + "_particles.star"),
                    picksStar(sim, picks, movie.getFileName().toString()));
            AtomicFiles.writeString(dir.resolve(name + "_particles_truth.tsv"), particleTruth(sim, picks, name));
        }
        Path table = dir.resolve(name + "_truth.tsv");
        AtomicFiles.writeString(table, truthTable(sim, name));
        Path conf = dir.resolve(name + "_truth.conf");
        AtomicFiles.writeString(conf, truthConf(sim, name, gain, movie.getFileName().toString(), encoding));
        return new Files(movie, gain, noiseFree, table, conf);
    }

    private static void writeMovie(MovieSimulator sim, Path movie, MrcMode mode, Workers workers)
            throws IOException {
        SimulationParams p = sim.params();
        MrcHeader header = MrcHeader.forImage(p.width(), p.height(), p.frames(), mode, p.pixelSizeA())
                .withLabels(List.of("stillframe simulate", String.format(Locale.ROOT,
                        "dose %.3f e/A^2/frame, %.0f kV, seed %d", p.dosePerFrame(), p.voltageKv(), p.seed())));
        writeFrames(sim, movie, header, workers);
    }

    /** Writes a simulated movie's frames, drawn a few at a time in parallel, into a new MRC file. */
    static void writeFrames(org.stillframe.correct.MovieFrames sim, Path movie, MrcHeader header, Workers workers)
            throws IOException {
        try (MrcWriter w = MrcWriter.create(movie, header)) {
            int batch = workers.count();
            float[][] frames = new float[batch][sim.width() * sim.height()];
            for (int start = 0; start < sim.frameCount(); start += batch) {
                int first = start;
                int count = Math.min(batch, sim.frameCount() - start);
                workers.forEach(count, (worker, k) -> sim.read(first + k, frames[k]));
                for (int k = 0; k < count; k++) {
                    w.writeSection(frames[k]);
                }
            }
            w.commit();
        }
    }

    static String truthTable(MovieSimulator sim, String name) {
        SimulationParams p = sim.params();
        StringBuilder sb = new StringBuilder();
        sb.append("# stillframe simulate: ground truth of ").append(name).append(".mrc\n");
        sb.append("# frame: 1-based. motion_x/y_px: specimen motion (px), frame 1 at rest. shift_x/y_px: the correction\n");
        sb.append("# a program should report (= -motion; MotionCor2/RELION sign), relative to frame 1.\n");
        sb.append("# dose: e/A^2 in the frame; exposure: accumulated e/A^2 at the end of the frame.\n");
        sb.append("frame\tmotion_x_px\tmotion_y_px\tshift_x_px\tshift_y_px\tdose_e_per_A2\texposure_e_per_A2\n");
        for (int i = 0; i < p.frames(); i++) {
            double mx = sim.motionX(i);
            double my = sim.motionY(i);
            sb.append(String.format(Locale.ROOT, "%d\t%.4f\t%.4f\t%.4f\t%.4f\t%.4f\t%.4f%n", i + 1, mx, my,
                    mx == 0 ? 0.0 : -mx, my == 0 ? 0.0 : -my, p.dosePerFrame(), p.dosePerFrame() * (i + 1)));
        }
        return sb.toString();
    }

    /**
     * The picks as a RELION particles STAR file: micrograph name (the movie's) and coordinates where each particle
     * appears in a micrograph registered as stillframe registers it by default (-FmRef's default frame), as a user
     * picking on that micrograph would find them.
     */
    static String picksStar(MovieSimulator sim, int[] picks, String movieFile) {
        int reference = new CorrectionOptions(GlobalAlignOptions.defaults(), Defaults.motionCor().getInt("fm-ref"))
                .referenceIndex(sim.frameCount());
        List<String[]> rows = new ArrayList<>();
        double[] c = new double[2];
        for (int i : picks) {
            sim.particleCorrection(i, reference, c); // minus the particle's displacement in that frame
            rows.add(new String[] {movieFile, String.format(Locale.ROOT, "%.2f", sim.phantom().particleX(i) - c[0]),
                String.format(Locale.ROOT, "%.2f", sim.phantom().particleY(i) - c[1])});
        }
        return "# stillframe simulate: particle picks of " + movieFile + " (0-based column, row of the stored image, in"
                + " the micrograph registered to frame " + (reference + 1) + ", the default -FmRef)\n"
                + new org.stillframe.io.star.StarWriter().table("particles",
                        List.of("_rlnMicrographName", "_rlnCoordinateX", "_rlnCoordinateY"), rows);
    }

    /** Per pick (1-based, the STAR file's row) and frame: the true correction at the particle and its own motion. */
    static String particleTruth(MovieSimulator sim, int[] picks, String name) {
        SimulationParams p = sim.params();
        StringBuilder sb = new StringBuilder();
        sb.append("# stillframe simulate: per-particle ground truth of ").append(name).append('\n');
        sb.append("# particle: 1-based row of ").append(name).append("_particles.star; x, y: rest position (px);\n");
        sb.append("# shift_x/y_px: correction at the particle = -(whole-frame + local + own motion), relative to\n");
        sb.append("# frame 1 (MotionCor2/RELION sign); own_x/y_px: the particle's own motion alone.\n");
        sb.append("particle\tx\ty\tradius_px\tframe\tshift_x_px\tshift_y_px\town_x_px\town_y_px\n");
        double[] c = new double[2];
        double[] o = new double[2];
        for (int k = 0; k < picks.length; k++) {
            int i = picks[k];
            for (int f = 0; f < p.frames(); f++) {
                sim.particleCorrection(i, f, c);
                sim.particleMotion().at(i, f, o);
                sb.append(String.format(Locale.ROOT, "%d\t%.2f\t%.2f\t%.2f\t%d\t%.4f\t%.4f\t%.4f\t%.4f%n", k + 1,
                        sim.phantom().particleX(i), sim.phantom().particleY(i), sim.phantom().particleRadius(i),
                        f + 1, c[0] + 0.0, c[1] + 0.0, o[0], o[1]));
            }
        }
        return sb.toString();
    }

    /** The true correction field (global + local) on a 17 × 17 grid of points, every frame. */
    static String fieldTable(MovieSimulator sim, String name) {
        SimulationParams p = sim.params();
        StringBuilder sb = new StringBuilder();
        sb.append("# stillframe simulate: true correction field of ").append(name).append(".mrc on a 17 x 17 grid\n");
        sb.append("# frame: 1-based; x, y: pixel (rest position); shift_x/y_px: correction = -(whole-frame motion\n");
        sb.append("# + local displacement) at that point, relative to frame 1; the field's formula is in _truth.conf.\n");
        sb.append("frame\tx\ty\tshift_x_px\tshift_y_px\n");
        double[] d = new double[2];
        for (int i = 0; i < p.frames(); i++) {
            for (int gy = 0; gy <= 16; gy++) {
                for (int gx = 0; gx <= 16; gx++) {
                    double x = gx * (p.width() - 1) / 16.0;
                    double y = gy * (p.height() - 1) / 16.0;
                    sim.localField().at(x, y, i, d);
                    sb.append(String.format(Locale.ROOT, "%d\t%.1f\t%.1f\t%.4f\t%.4f%n", i + 1, x, y,
                            -(sim.motionX(i) + d[0]), -(sim.motionY(i) + d[1])));
                }
            }
        }
        return sb.toString();
    }

    static String truthConf(MovieSimulator sim, String name, Path gain, String movieFile, String encoding) {
        SimulationParams p = sim.params();
        StringBuilder sb = new StringBuilder();
        sb.append("# stillframe simulate: acquisition and ground truth of ").append(movieFile).append('\n');
        sb.append("movie = \"").append(movieFile).append("\"\n");
        sb.append(encoding).append('\n');
        sb.append("width = ").append(p.width()).append('\n');
        sb.append("height = ").append(p.height()).append('\n');
        sb.append("frames = ").append(p.frames()).append('\n');
        sb.append(String.format(Locale.ROOT, "pixel-size-A = %s%n", p.pixelSizeA()));
        sb.append(String.format(Locale.ROOT, "dose-per-frame = %s%n", p.dosePerFrame()));
        sb.append(String.format(Locale.ROOT, "voltage-kV = %s%n", p.voltageKv()));
        sb.append(String.format(Locale.ROOT, "drift-px = %s%n", p.driftPx()));
        sb.append(String.format(Locale.ROOT, "local-px = %s%n", p.localPx()));
        sb.append(String.format(Locale.ROOT, "particle-motion-px = %s%n", p.particlePx()));
        sb.append(String.format(Locale.ROOT, "contrast = %s%n", p.contrast()));
        sb.append("radiation-damage = ").append(p.damage()).append('\n');
        sb.append("seed = ").append(p.seed()).append('\n');
        sb.append("gain-reference = ").append(gain == null ? "null" : "\"" + gain.getFileName() + "\"").append('\n');
        sb.append("noise-free = \"").append(name).append("_noisefree.mrc\"\n");
        sb.append("# hot pixels: [x, y], 0-based column and row (row 0 = first row stored)\n");
        List<String> hot = new ArrayList<>();
        for (int i : sim.hotPixels()) {
            hot.add("[" + (i % p.width()) + ", " + (i / p.width()) + "]");
        }
        sb.append("hot-pixels = [").append(String.join(", ", hot)).append("]\n");
        if (sim.localField() != null) {
            sb.append(sim.localField().describe());
        }
        return sb.toString();
    }
}
