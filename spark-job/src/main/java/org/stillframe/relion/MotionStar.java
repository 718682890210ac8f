package org.stillframe.relion;

import java.util.ArrayList;
import java.util.List;
import org.stillframe.align.patch.LocalMotion;
import org.stillframe.io.star.StarWriter;
import org.stillframe.options.MotionCorSettings;
import org.stillframe.movie.MovieResult;

/**
 * RELION 3.1's per-movie motion STAR file ({@code <stem>.star} beside the sum), which RELION's Bayesian polishing
 * reads to re-extract particles with our motion: {@code data_general} (movie, sizes, binning, pixel size, dose,
 * pre-exposure, voltage, first frame, model version), {@code data_global_shift} (frame number in the movie,
 * shift x, y in unbinned px, MotionCor2's sign, first frame used = 0), {@code data_local_motion_model} (the 36
 * coefficients in RELION's order, when a local model was applied), {@code data_hot_pixels} (0-based column,
 * row of every repaired pixel) and {@code data_local_shift} (patch centres and measured shifts, for plots).
 */
public final class MotionStar {

    private MotionStar() {
    }

    /**
     * @param movieName the movie as RELION should find it (as given on the command line or in movies.star)
     */
    public static String write(MovieResult r, MotionCorSettings s, String movieName) {
        var c = r.correction();
        LocalMotion local = c.local();
        boolean model = local != null && local.applied();
        double binning = r.movieWidth() / (double) c.width();
        List<String> general = new ArrayList<>(List.of(
                "_rlnImageSizeX", String.valueOf(r.movieWidth()),
                "_rlnImageSizeY", String.valueOf(r.movieHeight()),
                "_rlnImageSizeZ", String.valueOf(r.movieFrames()),
                "_rlnMicrographMovieName", movieName));
        if (s.gain() != null) {
            general.addAll(List.of("_rlnMicrographGainName", s.gain().toString()));
        }
        if (s.defectFile() != null) {
            general.addAll(List.of("_rlnMicrographDefectFile", s.defectFile().toString()));
        }
        general.addAll(List.of("_rlnMicrographBinning", StarWriter.num(binning)));
        if (r.pixelSizeA() > 0) {
            general.addAll(List.of("_rlnMicrographOriginalPixelSize", StarWriter.num(r.pixelSizeA())));
        }
        double dose = r.schedule().frames() > 0 ? r.schedule().dose(0) : 0;
        general.addAll(List.of("_rlnMicrographDoseRate", StarWriter.num(dose),
                "_rlnMicrographPreExposure", StarWriter.num(s.initDose())));
        if (Double.isFinite(s.voltageKv())) {
            general.addAll(List.of("_rlnVoltage", StarWriter.num(s.voltageKv())));
        }
        general.addAll(List.of("_rlnMicrographStartFrame", String.valueOf(r.firstFrame()),
                "_rlnMotionModelVersion", model ? "1" : "0"));
        StarWriter w = new StarWriter().values("general", general.toArray(String[]::new));

        List<String[]> shifts = new ArrayList<>();
        for (int i = 0; i < c.shifts().frames(); i++) {
            shifts.add(new String[] {String.valueOf(r.firstFrame() + i), StarWriter.num(c.shifts().x(i)),
                StarWriter.num(c.shifts().y(i))});
        }
        w.table("global_shift", List.of("_rlnMicrographFrameNumber", "_rlnMicrographShiftX",
                "_rlnMicrographShiftY"), shifts);
        if (model) {
            double[] coeffs = local.model().relionCoefficients();
            List<String[]> rows = new ArrayList<>();
            for (int i = 0; i < coeffs.length; i++) {
                rows.add(new String[] {String.valueOf(i), String.format(java.util.Locale.ROOT, "%.9e", coeffs[i])});
            }
            w.table("local_motion_model", List.of("_rlnMotionModelCoeffsIdx", "_rlnMotionModelCoeff"), rows);
        }
        int[] bad = c.defects().map() == null ? new int[0] : c.defects().map().badPixels();
        if (bad.length > 0) {
            List<String[]> rows = new ArrayList<>();
            for (int p : bad) {
                rows.add(new String[] {String.valueOf(p % r.movieWidth()), String.valueOf(p / r.movieWidth())});
            }
            w.table("hot_pixels", List.of("_rlnCoordinateX", "_rlnCoordinateY"), rows);
        }
        if (local != null) {
            var p = local.patches();
            List<String[]> rows = new ArrayList<>();
            for (int q = 0; q < p.patches(); q++) {
                for (int t = 0; t < p.frames(); t++) {
                    rows.add(new String[] {String.valueOf(r.firstFrame() + t),
                        StarWriter.num(p.layout().centreX()[q]), StarWriter.num(p.layout().centreY()[q]),
                        StarWriter.num(p.x()[q][t]), StarWriter.num(p.y()[q][t])});
                }
            }
            w.table("local_shift", List.of("_rlnMicrographFrameNumber", "_rlnCoordinateX", "_rlnCoordinateY",
                    "_rlnMicrographShiftX", "_rlnMicrographShiftY"), rows);
        }
        return w.toString();
    }
}
