package org.stillframe.relion;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.stillframe.align.patch.DeformationModel;
import org.stillframe.io.BadInputException;
import org.stillframe.io.star.StarFile;

/**
 * RELION 3.1 polishing's per-particle trajectories ({@code relion_motion_refine}'s {@code MOVIE_tracks.star}) as
 * the trajectory table {@code stillframe particles accuracy} reads (the layout {@code particles local} and
 * {@code polish} write), so that RELION is scored like stillframe.
 *
 * <p>The tracks file holds {@code data_general} ({@code _rlnParticleNumber}) and one block per particle, named
 * 0, 1, ... in the order of that micrograph's particles in the STAR given to {@code relion_motion_refine}, with one
 * row per frame (frame 1 first) of {@code _rlnOriginXAngst}, {@code _rlnOriginYAngst}: the particle's position in
 * that frame, in Å at the movie's pixel size, relative to the whole pixel its box is cut at, floor(coordinate),
 * not to the exact coordinate. Measured on the simulated movie of {@code bench/polish.sh}: regressing the frame-1
 * track on coordinate − floor(coordinate) gives slope 0.98, and subtracting that fraction takes the mean frame-1
 * offset from (0.42, 0.50) px to (−0.05, 0.01) px. RELION's micrograph is registered to frame 1, but frame 1 is not
 * pinned to 0 (each particle's position is fitted). A track follows the specimen; stillframe's tables hold the
 * correction (MotionCor2 sign), so shift = −(track / pixel − (coordinate − floor(coordinate))), relative to frame 1.
 *
 * <p>The residual columns are the shift minus RELION's own movie motion at the particle (the per-micrograph motion
 * STAR of {@code relion_run_motioncorr}: global shift plus {@link DeformationModel}), so that {@code particles
 * accuracy}'s "movie motion alone" is RELION's patch motion.
 */
public final class RelionTracks {

    private RelionTracks() {
    }

    /**
     * @param tracks    {@code MOVIE_tracks.star} of one micrograph
     * @param particles the particles STAR given to {@code relion_motion_refine} (coordinates in micrograph pixels)
     * @param motion    {@code relion_run_motioncorr}'s per-micrograph {@code MOVIE.star}
     */
    public static String trajectoryTable(Path tracks, Path particles, Path motion) throws IOException {
        StarFile motionStar = read(motion);
        StarFile.Block general = block(motionStar, "general", motion);
        int width = integer(general, "_rlnImageSizeX", motion);
        int height = integer(general, "_rlnImageSizeY", motion);
        double binning = Double.parseDouble(general.values().getOrDefault("_rlnMicrographBinning", "1"));
        double pixelA = number(general, "_rlnMicrographOriginalPixelSize", motion);
        int start = Integer.parseInt(general.values().getOrDefault("_rlnMicrographStartFrame", "1"));
        String movieName = general.values().getOrDefault("_rlnMicrographMovieName", "");
        Map<Integer, double[]> global = new HashMap<>();
        StarFile.Block shifts = block(motionStar, "global_shift", motion);
        for (String[] r : shifts.rows()) {
            global.put(Integer.parseInt(r[shifts.column("_rlnMicrographFrameNumber")]), new double[] {
                Double.parseDouble(r[shifts.column("_rlnMicrographShiftX")]),
                Double.parseDouble(r[shifts.column("_rlnMicrographShiftY")])});
        }
        DeformationModel local = DeformationModel.zero(width, height);
        if ("1".equals(general.values().get("_rlnMotionModelVersion"))) {
            StarFile.Block model = block(motionStar, "local_motion_model", motion);
            double[] c = new double[2 * DeformationModel.COEFFICIENTS];
            for (String[] r : model.rows()) {
                c[Integer.parseInt(r[model.column("_rlnMotionModelCoeffsIdx")])] =
                        Double.parseDouble(r[model.column("_rlnMotionModelCoeff")]);
            }
            local = new DeformationModel(width, height, java.util.Arrays.copyOf(c, DeformationModel.COEFFICIENTS),
                    java.util.Arrays.copyOfRange(c, DeformationModel.COEFFICIENTS, c.length));
        }

        List<double[]> picks = picks(particles, stem(movieName), binning);
        StarFile trackStar = read(tracks);
        int count = integer(block(trackStar, "general", tracks), "_rlnParticleNumber", tracks);
        if (count != picks.size()) {
            throw new BadInputException(tracks.toString(), count + " particles, but " + particles.getFileName()
                    + " has " + picks.size() + " of " + stem(movieName));
        }
        StringBuilder sb = new StringBuilder();
        sb.append("# relion_motion_refine tracks ").append(tracks.getFileName()).append(": per particle (1-based, the"
                + " input's order) and frame\n");
        sb.append(String.format(Locale.ROOT, "# shift_x/y_px: -(track / %.4f A/px - (coordinate - floor(coordinate))),"
                + " correction sign; residual_x/y_px: shift minus RELION's movie motion at the particle%n", pixelA));
        sb.append("# reference frame: 1\n");
        sb.append("particle\tx_px\ty_px\tframe\tshift_x_px\tshift_y_px\tresidual_x_px\tresidual_y_px\tsignal_z\t"
                + "fallback\n");
        double[] u = new double[2];
        for (int p = 0; p < count; p++) {
            StarFile.Block b = block(trackStar, Integer.toString(p), tracks);
            int cx = b.column("_rlnOriginXAngst");
            int cy = b.column("_rlnOriginYAngst");
            if (cx < 0 || cy < 0) {
                throw new BadInputException(tracks.toString(), "data_" + p + " has no _rlnOriginXAngst/YAngst");
            }
            double x = picks.get(p)[0];
            double y = picks.get(p)[1];
            for (int f = 0; f < b.rows().size(); f++) {
                String[] r = b.rows().get(f);
                double sx = -(Double.parseDouble(r[cx]) / pixelA - (x - Math.floor(x)));
                double sy = -(Double.parseDouble(r[cy]) / pixelA - (y - Math.floor(y)));
                double[] g = global.get(f + 1);
                if (g == null) {
                    throw new BadInputException(motion.toString(), "no global shift for frame " + (f + 1));
                }
                local.at(x, y, f + 1 - start, u);
                sb.append(String.format(Locale.ROOT, "%d\t%.2f\t%.2f\t%d\t%.4f\t%.4f\t%.4f\t%.4f\tNaN\tfalse%n", p + 1,
                        x, y, f + 1, sx, sy, sx - g[0] - u[0], sy - g[1] - u[1]));
            }
        }
        return sb.toString();
    }

    /** Movie-pixel coordinates of the particles of the micrograph whose file stem is {@code stem}, in file order. */
    private static List<double[]> picks(Path particles, String stem, double binning) throws IOException {
        StarFile star = read(particles);
        StarFile.Block b = star.blockWithColumn("_rlnCoordinateX");
        if (b == null || b.column("_rlnMicrographName") < 0 || b.column("_rlnCoordinateY") < 0) {
            throw new BadInputException(particles.toString(), "no table with _rlnMicrographName and"
                    + " _rlnCoordinateX/Y");
        }
        List<double[]> out = new ArrayList<>();
        for (String[] r : b.rows()) {
            if (stem(r[b.column("_rlnMicrographName")]).equals(stem)) {
                out.add(new double[] {Double.parseDouble(r[b.column("_rlnCoordinateX")]) * binning,
                    Double.parseDouble(r[b.column("_rlnCoordinateY")]) * binning});
            }
        }
        return out;
    }

    /** A file name without folders and extension: the movie and its micrograph share it. */
    static String stem(String name) {
        String base = name.substring(name.lastIndexOf('/') + 1);
        int dot = base.lastIndexOf('.');
        return dot > 0 ? base.substring(0, dot) : base;
    }

    private static StarFile read(Path f) throws IOException {
        if (!Files.isRegularFile(f)) {
            throw new BadInputException(f.toString(), "no such file");
        }
        return StarFile.parse(Files.readString(f), f.toString());
    }

    private static StarFile.Block block(StarFile star, String name, Path f) throws BadInputException {
        StarFile.Block b = star.blocks().get(name);
        if (b == null) {
            throw new BadInputException(f.toString(), "no data_" + name + " block");
        }
        return b;
    }

    private static double number(StarFile.Block b, String key, Path f) throws BadInputException {
        String v = b.values().get(key);
        if (v == null) {
            throw new BadInputException(f.toString(), "data_" + b.name() + " has no " + key);
        }
        try {
            return Double.parseDouble(v);
        } catch (NumberFormatException e) {
            throw new BadInputException(f.toString(), key + " is not a number: " + v);
        }
    }

    private static int integer(StarFile.Block b, String key, Path f) throws BadInputException {
        return (int) Math.round(number(b, key, f));
    }
}
