package org.stillframe.pipeline;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.stillframe.correct.Sums;
import org.stillframe.io.mrc.MrcWriter;
import org.stillframe.movie.OutputNames;
import org.stillframe.options.MotionCorSettings;

/** Output: the sums as MRC images under MotionCor2's names (stem.mrc, _DW, _DWS, _EVN, _ODD), -Mag applied. */
final class SumFiles {

    private SumFiles() {
    }

    /**
     * Writes the sums that were made; returns their paths in the order above.
     *
     * @param pixelSizeA pixel size of the sums (Å)
     */
    static List<Path> write(Sums sums, OutputNames names, MotionCorSettings s, double pixelSizeA)
            throws IOException {
        List<Path> out = new ArrayList<>();
        writeOne(sums.plain(), names.sum(), sums, s, pixelSizeA, out);
        writeOne(sums.doseWeighted(), names.doseWeighted(), sums, s, pixelSizeA, out);
        writeOne(sums.doseWeightedSelection(), names.doseWeightedSelection(), sums, s, pixelSizeA, out);
        writeOne(sums.even(), names.even(), sums, s, pixelSizeA, out);
        writeOne(sums.odd(), names.odd(), sums, s, pixelSizeA, out);
        return out;
    }

    private static void writeOne(float[] image, Path file, Sums sums, MotionCorSettings s, double pixelSizeA,
                                 List<Path> out) throws IOException {
        if (image == null) {
            return;
        }
        float[] img = s.mag() == null ? image : s.mag().apply(image, sums.width(), sums.height());
        MrcWriter.writeImage(file, img, sums.width(), sums.height(), pixelSizeA);
        out.add(file);
    }
}
