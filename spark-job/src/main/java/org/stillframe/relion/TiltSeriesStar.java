package org.stillframe.relion;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import org.stillframe.io.star.StarWriter;

/**
 * RELION 5's tomography STAR files for a corrected tilt series: {@code corrected_tilt_series.star} (one row per
 * series: name, its STAR file, voltage, Cs, amplitude contrast, pixel sizes, hand, optics group) and
 * {@code NAME.star} (one row per tilt in acquisition order: movie, frame count, nominal tilt and tilt-axis angles,
 * pre-exposure, nominal defocus, the corrected image and its even/odd halves).
 */
public final class TiltSeriesStar {

    /** One corrected tilt. */
    public record TiltRow(String movie, int frames, double angle, double axisAngle, double preExposure,
                          double defocusUm, String image, String even, String odd, int order) {
    }

    private TiltSeriesStar() {
    }

    public static String series(String name, List<TiltRow> tilts) {
        List<TiltRow> byOrder = new ArrayList<>(tilts);
        byOrder.sort(Comparator.comparingInt(TiltRow::order));
        List<String[]> rows = new ArrayList<>();
        for (TiltRow t : byOrder) {
            rows.add(new String[] {t.movie(), String.valueOf(t.frames()), StarWriter.num(t.angle()),
                StarWriter.num(Double.isFinite(t.axisAngle()) ? t.axisAngle() : 0), StarWriter.num(t.preExposure()),
                // RELION's nominal defocus is positive for underfocus, in µm; SerialEM's TargetDefocus is negative.
                StarWriter.num(Double.isFinite(t.defocusUm()) ? -t.defocusUm() : 0), t.image(), t.even(), t.odd()});
        }
        return new StarWriter().table(name, List.of("_rlnMicrographMovieName", "_rlnTomoTiltMovieFrameCount",
                "_rlnTomoNominalStageTiltAngle", "_rlnTomoNominalTiltAxisAngle", "_rlnMicrographPreExposure",
                "_rlnTomoNominalDefocus", "_rlnMicrographName", "_rlnMicrographNameEven", "_rlnMicrographNameOdd"),
                rows).toString();
    }

    public static String global(String name, String seriesStar, double voltage, double cs, double amplitudeContrast,
                                double pixelSize) {
        return new StarWriter().table("global", List.of("_rlnTomoName", "_rlnTomoTiltSeriesStarFile", "_rlnVoltage",
                "_rlnSphericalAberration", "_rlnAmplitudeContrast", "_rlnMicrographOriginalPixelSize",
                "_rlnTomoHand", "_rlnOpticsGroupName", "_rlnTomoTiltSeriesPixelSize"),
                List.<String[]>of(new String[] {name, seriesStar, StarWriter.num(voltage), StarWriter.num(cs),
                    StarWriter.num(amplitudeContrast), StarWriter.num(pixelSize), String.format(Locale.ROOT, "%d", -1),
                    "optics1", StarWriter.num(pixelSize)})).toString();
    }
}
