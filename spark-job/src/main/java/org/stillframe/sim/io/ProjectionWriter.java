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
import org.stillframe.io.mrc.MrcHeader;
import org.stillframe.io.mrc.MrcMode;
import org.stillframe.io.mrc.MrcWriter;
import org.stillframe.io.star.StarWriter;
import org.stillframe.parallel.Workers;
import org.stillframe.sim.HalfMaps;
import org.stillframe.sim.ProjectionMovie;
import org.stillframe.sim.ProjectionParams;

/**
 * Writes a simulated dataset for reference-based motion correction:
 *
 * <ul>
 *   <li>{@code NAME.mrc}: the movie (int16 counts, no gain pattern)</li>
 *   <li>{@code NAME_particles.star}: RELION 3.1 particles with optics (voltage, Cs, amplitude contrast, pixel size),
 *       coordinates, Euler angles, defocus and half set (rlnRandomSubset, alternating)</li>
 *   <li>{@code NAME_half1.mrc}, {@code NAME_half2.mrc}: the density on a cube of twice its diameter plus a margin;
 *       both the true density, or, with a half-map FSC given, each the density plus its own noise coloured so that
 *       the halves' FSC is 0.5 at that fraction of Nyquist ({@link HalfMaps#withFsc}, exponent 3.7)</li>
 *   <li>{@code NAME_mask.mrc}: a soft spherical mask on the same cube: 1 out to the density's radius + 4 px, a
 *       raised-cosine edge 6 px wide, 0 beyond</li>
 *   <li>{@code NAME_particles_truth.tsv}: per particle and frame the true correction and the particle's own motion
 *       (the layout of {@code stillframe particles accuracy})</li>
 *   <li>{@code NAME_truth.conf}: the parameters</li>
 * </ul>
 */
public final class ProjectionWriter {

    private ProjectionWriter() {
    }

    /** Mask: 1 out to the density's radius plus this, then a raised-cosine edge of {@link #MASK_EDGE_PX}. */
    static final double MASK_MARGIN_PX = 4;
    static final double MASK_EDGE_PX = 6;
    /** The exponent of the half-maps' FSC curve (see {@link HalfMaps#withFsc}): a typical refinement's fall. */
    static final double FSC_EXPONENT = 3.7;

    /** Noise-free half-maps (both the true density). */
    public static Path write(ProjectionParams p, Path dir, String name, Workers workers) throws IOException {
        return write(p, dir, name, 0, workers);
    }

    /**
     * @param halfMapFsc the fraction of Nyquist where the half-maps' FSC is 0.5; 0 for noise-free halves (both the
     *                   true density)
     */
    public static Path write(ProjectionParams p, Path dir, String name, double halfMapFsc, Workers workers)
            throws IOException {
        ProjectionMovie sim = new ProjectionMovie(p);
        Path movie = dir.resolve(name + ".mrc");
        MrcHeader header = MrcHeader.forImage(p.width(), p.height(), p.frames(), MrcMode.INT16, p.pixelSizeA())
                .withLabels(List.of("stillframe simulate --projections", String.format(Locale.ROOT,
                        "dose %.3f e/A^2/frame, %.0f kV, seed %d", p.dosePerFrame(), p.voltageKv(), p.seed())));
        SimulationWriter.writeFrames(sim, movie, header, workers);
        int n = mapSize(p.radiusPx());
        float[] map = sim.density().voxels(n);
        for (int half = 1; half <= 2; half++) {
            // Each half's noise has its own seed, derived from the movie's so that datasets are reproducible.
            float[] v = halfMapFsc > 0 ? HalfMaps.withFsc(map, n, halfMapFsc, FSC_EXPONENT, p.seed() * 1000003L + half)
                    : map;
            writeVolume(dir.resolve(name + "_half" + half + ".mrc"), v, n, p.pixelSizeA());
        }
        writeVolume(dir.resolve(name + "_mask.mrc"), mask(n, p.radiusPx() + MASK_MARGIN_PX, MASK_EDGE_PX),
                n, p.pixelSizeA());
        AtomicFiles.writeString(dir.resolve(name + "_particles.star"), star(sim, name + ".mrc"));
        AtomicFiles.writeString(dir.resolve(name + "_particles_truth.tsv"), truth(sim, name));
        AtomicFiles.writeString(dir.resolve(name + "_truth.conf"), String.format(Locale.ROOT,
                "# stillframe simulate --projections: %s%nmovie = \"%s.mrc\"%nparams = \"%s\"%n", name, name, p));
        return movie;
    }

    private static void writeVolume(Path f, float[] v, int n, double pixelSizeA) throws IOException {
        try (MrcWriter w = MrcWriter.create(f, MrcHeader.forImage(n, n, n, MrcMode.FLOAT32, pixelSizeA))) {
            float[] section = new float[n * n];
            for (int z = 0; z < n; z++) {
                System.arraycopy(v, z * n * n, section, 0, n * n);
                w.writeSection(section);
            }
            w.commit();
        }
    }

    /**
     * A soft sphere on the n³ grid, centred where {@link org.stillframe.sim.Density#voxels} puts the density (n/2):
     * 1 within {@code radius}, (1 + cos(π·(r − radius)/edge))/2 over the next {@code edge} px, 0 beyond.
     */
    static float[] mask(int n, double radius, double edge) {
        float[] m = new float[n * n * n];
        int c = n / 2;
        for (int z = 0; z < n; z++) {
            for (int y = 0; y < n; y++) {
                for (int x = 0; x < n; x++) {
                    double r = Math.sqrt((double) (x - c) * (x - c) + (y - c) * (y - c) + (z - c) * (z - c));
                    m[(z * n + y) * n + x] = r <= radius ? 1f
                            : r >= radius + edge ? 0f : (float) (0.5 * (1 + Math.cos(Math.PI * (r - radius) / edge)));
                }
            }
        }
        return m;
    }

    /** Even, at least twice the density's diameter plus 8. */
    static int mapSize(double radius) {
        int n = (int) Math.ceil(4 * radius + 8);
        return n + (n & 1);
    }

    static String star(ProjectionMovie sim, String movie) {
        ProjectionParams p = sim.params();
        String px = String.format(Locale.ROOT, "%.4f", p.pixelSizeA());
        StarWriter w = new StarWriter();
        w.table("optics", List.of("_rlnOpticsGroupName", "_rlnOpticsGroup", "_rlnMicrographOriginalPixelSize",
                "_rlnVoltage", "_rlnSphericalAberration", "_rlnAmplitudeContrast", "_rlnMicrographPixelSize"),
                List.<String[]>of(new String[] {"opticsGroup1", "1", px, String.format(Locale.ROOT, "%.1f",
                    p.voltageKv()), "2.7", "0.1", px}));
        // Coordinates where each particle appears in a micrograph registered to the default -FmRef's frame.
        int reference = new CorrectionOptions(GlobalAlignOptions.defaults(), Defaults.motionCor().getInt("fm-ref"))
                .referenceIndex(sim.frameCount());
        List<String[]> rows = new ArrayList<>();
        double[] c = new double[2];
        for (int i = 0; i < sim.particleCount(); i++) {
            double[] a = sim.angles(i);
            sim.particleCorrection(i, reference, c);
            rows.add(new String[] {movie, f(sim.particleX(i) - c[0]), f(sim.particleY(i) - c[1]), f(a[0]), f(a[1]),
                f(a[2]), f(p.defocusA()), f(p.defocusA()), "0.000000", Integer.toString(1 + i % 2), "1"});
        }
        w.table("particles", List.of("_rlnMicrographName", "_rlnCoordinateX", "_rlnCoordinateY", "_rlnAngleRot",
                "_rlnAngleTilt", "_rlnAnglePsi", "_rlnDefocusU", "_rlnDefocusV", "_rlnDefocusAngle",
                "_rlnRandomSubset", "_rlnOpticsGroup"), rows);
        return w.toString();
    }

    private static String f(double v) {
        return String.format(Locale.ROOT, "%.6f", v);
    }

    static String truth(ProjectionMovie sim, String name) {
        StringBuilder sb = new StringBuilder();
        sb.append("# stillframe simulate --projections: per-particle ground truth of ").append(name).append('\n');
        sb.append("# particle: 1-based row of ").append(name).append("_particles.star; shift: correction ="
                + " -(drift + own motion), relative to frame 1; own: the particle's own motion.\n");
        sb.append("particle\tx\ty\tradius_px\tframe\tshift_x_px\tshift_y_px\town_x_px\town_y_px\n");
        double[] c = new double[2];
        double[] o = new double[2];
        for (int i = 0; i < sim.particleCount(); i++) {
            for (int fr = 0; fr < sim.frameCount(); fr++) {
                sim.particleCorrection(i, fr, c);
                sim.ownMotion(i, fr, o);
                sb.append(String.format(Locale.ROOT, "%d\t%.2f\t%.2f\t%.2f\t%d\t%.4f\t%.4f\t%.4f\t%.4f%n", i + 1,
                        sim.particleX(i), sim.particleY(i), sim.params().radiusPx(), fr + 1, c[0] + 0.0, c[1] + 0.0,
                        o[0], o[1]));
            }
        }
        return sb.toString();
    }
}
