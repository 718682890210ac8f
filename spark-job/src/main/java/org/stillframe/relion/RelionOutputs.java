package org.stillframe.relion;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.stillframe.io.AtomicFiles;
import org.stillframe.options.MotionCorSettings;
import org.stillframe.movie.MovieResult;
import org.stillframe.movie.MovieTask;
import org.stillframe.movie.OutputNames;

/** The job-level RELION file of a motioncor run: corrected_micrographs.star beside the sums. */
public final class RelionOutputs {

    private RelionOutputs() {
    }

    /** Writes {@code corrected_micrographs.star} in the first sum's folder (one optics group); returns its path. */
    public static Path writeCorrectedMicrographs(List<MovieTask> tasks, List<MovieResult> results,
                                                 MotionCorSettings s, double cs, double amplitudeContrast)
            throws IOException {
        double pixel = results.isEmpty() || !(results.get(0).pixelSizeA() > 0) ? 1 : results.get(0).pixelSizeA();
        double binning = results.isEmpty() ? 1
                : results.get(0).movieWidth() / (double) results.get(0).correction().width();
        double voltage = Double.isFinite(s.voltageKv()) ? s.voltageKv() : 300;
        List<CorrectedMicrographs.Micrograph> rows = new ArrayList<>();
        for (int i = 0; i < results.size(); i++) {
            MovieResult r = results.get(i);
            OutputNames names = new OutputNames(tasks.get(i).outputSum());
            rows.add(micrograph(r, names, s.doseWeighting(), s.initDose()));
        }
        Path star = tasks.get(0).outputSum().toAbsolutePath().resolveSibling("corrected_micrographs.star");
        AtomicFiles.writeString(star, CorrectedMicrographs.write(List.of(new CorrectedMicrographs.Optics(
                "opticsGroup1", 1, pixel, voltage, cs, amplitudeContrast, binning)), rows));
        return star;
    }

    static CorrectedMicrographs.Micrograph micrograph(MovieResult r, OutputNames names, boolean doseWeighted,
                                                     double preExposure) {
        var shifts = r.correction().shifts();
        double[] x = new double[shifts.frames()];
        double[] y = new double[shifts.frames()];
        for (int i = 0; i < x.length; i++) {
            x[i] = shifts.x(i);
            y[i] = shifts.y(i);
        }
        double dose = r.schedule().frames() > 0 ? r.schedule().dose(0) : 0;
        AccumulatedMotion motion = AccumulatedMotion.of(x, y, r.firstFrame(), dose, preExposure);
        String sum = names.sum().toString();
        return new CorrectedMicrographs.Micrograph(doseWeighted ? names.doseWeighted().toString() : sum,
                doseWeighted ? sum : null, names.relionStar().toString(), 1, motion.total(), motion.early(), motion.late());
    }
}
