package org.stillframe.relion;

import java.util.ArrayList;
import java.util.List;
import org.stillframe.io.star.StarWriter;

/**
 * RELION 3.1's {@code corrected_micrographs.star}: the optics groups (with the micrograph pixel size after
 * binning) and one row per corrected movie — the sum, its motion STAR, its optics group and the accumulated
 * motion (total, early, late; unbinned px, as RELION writes them although its labels say Å).
 */
public final class CorrectedMicrographs {

    /** One optics group as RELION's data_optics lists it. */
    public record Optics(String name, int group, double originalPixelSize, double voltage, double cs,
                         double amplitudeContrast, double binning) {
    }

    /** One corrected movie. */
    public record Micrograph(String sum, String sumNoDw, String metadata, int group, double total, double early,
                             double late) {
    }

    private CorrectedMicrographs() {
    }

    public static String write(List<Optics> optics, List<Micrograph> micrographs) {
        List<String[]> o = new ArrayList<>();
        for (Optics g : optics) {
            o.add(new String[] {g.name(), String.valueOf(g.group()), StarWriter.num(g.originalPixelSize()),
                StarWriter.num(g.voltage()), StarWriter.num(g.cs()), StarWriter.num(g.amplitudeContrast()),
                StarWriter.num(g.originalPixelSize() * g.binning())});
        }
        boolean noDw = micrographs.stream().anyMatch(m -> m.sumNoDw() != null);
        List<String> columns = new ArrayList<>();
        if (noDw) {
            columns.add("_rlnMicrographNameNoDW");
        }
        columns.addAll(List.of("_rlnMicrographName", "_rlnMicrographMetadata", "_rlnOpticsGroup",
                "_rlnAccumMotionTotal", "_rlnAccumMotionEarly", "_rlnAccumMotionLate"));
        List<String[]> rows = new ArrayList<>();
        for (Micrograph m : micrographs) {
            List<String> r = new ArrayList<>();
            if (noDw) {
                r.add(m.sumNoDw() == null ? m.sum() : m.sumNoDw());
            }
            r.addAll(List.of(m.sum(), m.metadata(), String.valueOf(m.group()), StarWriter.num(m.total()),
                    StarWriter.num(m.early()), StarWriter.num(m.late())));
            rows.add(r.toArray(String[]::new));
        }
        return new StarWriter()
                .table("optics", List.of("_rlnOpticsGroupName", "_rlnOpticsGroup", "_rlnMicrographOriginalPixelSize",
                        "_rlnVoltage", "_rlnSphericalAberration", "_rlnAmplitudeContrast", "_rlnMicrographPixelSize"), o)
                .table("micrographs", columns, rows)
                .toString();
    }
}
