package org.stillframe.spark;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.stillframe.options.MotionCorSettings;
import org.stillframe.relion.CorrectedMicrographs;
import org.stillframe.relion.AccumulatedMotion;

/** The job's RELION corrected_micrographs.star, from the recorded outcomes (one optics group per group listed). */
final class RelionJobStar {

    private RelionJobStar() {
    }

    static String correctedMicrographs(List<MovieOutcome> ok, MotionCorSettings s, List<MovieEntry> movies) {
        Map<String, Integer> groupOf = new HashMap<>();
        Map<Integer, MovieEntry> firstOfGroup = new TreeMap<>();
        for (MovieEntry m : movies) {
            groupOf.put(m.stem(), m.opticsGroup());
            firstOfGroup.putIfAbsent(m.opticsGroup(), m);
        }
        Map<Integer, Double> pixel = new HashMap<>();
        List<CorrectedMicrographs.Micrograph> rows = new ArrayList<>();
        ok = new ArrayList<>(ok);
        ok.sort(java.util.Comparator.comparing(MovieOutcome::stem));
        for (MovieOutcome o : ok) {
            int group = groupOf.getOrDefault(o.stem(), 1);
            pixel.putIfAbsent(group, o.pixelSizeA() > 0 ? o.pixelSizeA() : 1);
            AccumulatedMotion motion = AccumulatedMotion.of(o.shiftX(), o.shiftY(), o.firstFrame(),
                    Double.isFinite(o.dosePerFrame()) ? o.dosePerFrame() : 0, s.initDose());
            String sum = find(o, ".mrc", "_DW.mrc");
            String dw = find(o, "_DW.mrc", null);
            String star = find(o, ".star", null);
            rows.add(new CorrectedMicrographs.Micrograph(dw != null ? dw : sum, dw != null ? sum : null,
                    star == null ? "" : star, group, motion.total(), motion.early(), motion.late()));
        }
        List<CorrectedMicrographs.Optics> optics = new ArrayList<>();
        double voltage = Double.isFinite(s.voltageKv()) ? s.voltageKv() : 300;
        for (Map.Entry<Integer, MovieEntry> e : firstOfGroup.entrySet()) {
            double kv = voltage;
            Double groupKv = e.getValue().perMovie().voltageKv();
            if (groupKv != null && !Double.isFinite(s.voltageKv())) {
                kv = groupKv;
            }
            optics.add(new CorrectedMicrographs.Optics("opticsGroup" + e.getKey(), e.getKey(),
                    pixel.getOrDefault(e.getKey(), 1.0), kv, s.csMm(), s.ampContrast(),
                    s.binning()));
        }
        return CorrectedMicrographs.write(optics, rows);
    }

    /** The output ending with {@code suffix} (and not with {@code unless}), or null. */
    private static String find(MovieOutcome o, String suffix, String unless) {
        for (String f : o.outputs()) {
            if (f.endsWith(suffix) && (unless == null || !f.endsWith(unless))
                    && !f.endsWith("_DWS.mrc") && !f.endsWith("_EVN.mrc") && !f.endsWith("_ODD.mrc")
                    && !f.endsWith("_Stk.mrc") && !f.endsWith("corrected_micrographs.star")) {
                return f;
            }
        }
        return null;
    }
}
