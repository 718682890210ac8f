package org.stillframe.extract;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.stillframe.io.star.StarFile;
import org.stillframe.io.star.StarWriter;

/**
 * The particles STAR file of the extracted stacks, RELION 3.1 layout: an optics block (the input's, with the
 * image pixel size, size and dimensionality set; a single group made up when the input had none) and the
 * particles with every input column kept, rlnImageName pointing into the stacks ({@code 000001@Particles/X.mrcs}).
 * Only particles of movies that were corrected are listed.
 */
public final class ParticlesStar {

    private ParticlesStar() {
    }

    /**
     * @param done       stems of the movies whose stacks were written
     * @param stackPath  the stack of a stem, relative to the STAR file's folder
     */
    public static String write(ParticlePicks picks, Set<String> done, java.util.function.Function<String, String> stackPath,
                               double pixelSizeA, int box, double voltageKv) {
        StarWriter w = new StarWriter();
        List<String> columns = new ArrayList<>(picks.columns());
        boolean hasGroup = columns.contains("_rlnOpticsGroup");
        int image = columns.indexOf("_rlnImageName");
        if (image < 0) {
            columns.add("_rlnImageName");
            image = columns.size() - 1;
        }
        if (!hasGroup) {
            columns.add("_rlnOpticsGroup");
        }
        String px = String.format(Locale.ROOT, "%.6f", pixelSizeA);
        if (picks.optics() != null) {
            StarFile.Block o = picks.optics();
            List<String> oc = new ArrayList<>(o.columns());
            String[] set = {"_rlnImagePixelSize", px, "_rlnImageSize", Integer.toString(box),
                "_rlnImageDimensionality", "2"};
            List<String[]> rows = new ArrayList<>();
            for (String[] r : o.rows()) {
                rows.add(r.clone());
            }
            for (int i = 0; i < set.length; i += 2) {
                int c = oc.indexOf(set[i]);
                if (c < 0) {
                    oc.add(set[i]);
                    for (int k = 0; k < rows.size(); k++) {
                        String[] grown = java.util.Arrays.copyOf(rows.get(k), oc.size());
                        grown[oc.size() - 1] = set[i + 1];
                        rows.set(k, grown);
                    }
                } else {
                    for (String[] r : rows) {
                        r[c] = set[i + 1];
                    }
                }
            }
            w.table("optics", oc, rows);
        } else {
            w.table("optics", List.of("_rlnOpticsGroupName", "_rlnOpticsGroup", "_rlnMicrographOriginalPixelSize",
                    "_rlnVoltage", "_rlnSphericalAberration", "_rlnAmplitudeContrast", "_rlnImagePixelSize",
                    "_rlnImageSize", "_rlnImageDimensionality"), List.<String[]>of(new String[] {"opticsGroup1", "1",
                        px, String.format(Locale.ROOT, "%.1f", Double.isFinite(voltageKv) ? voltageKv : 300), "2.7",
                        "0.1", px, Integer.toString(box), "2"}));
        }
        List<String[]> rows = new ArrayList<>();
        for (Map.Entry<String, List<Integer>> e : picks.rowsByStem().entrySet()) {
            if (!done.contains(e.getKey())) {
                continue;
            }
            int k = 0;
            for (int r : e.getValue()) {
                String[] row = java.util.Arrays.copyOf(picks.rows().get(r), columns.size());
                row[image] = String.format(Locale.ROOT, "%06d@%s", ++k, stackPath.apply(e.getKey()));
                if (!hasGroup) {
                    row[columns.size() - 1] = "1";
                }
                rows.add(row);
            }
        }
        w.table("particles", columns, rows);
        return w.toString();
    }
}
