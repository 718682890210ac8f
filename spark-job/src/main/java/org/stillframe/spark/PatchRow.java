package org.stillframe.spark;

import java.util.ArrayList;
import java.util.List;

/** One row of the patches table: a patch's measured local shift (px, after the global one) in one frame. */
record PatchRow(String stem, int patch, double centreXPx, double centreYPx, int frame, double shiftXPx,
                double shiftYPx, boolean rejected) {

    /** The rows of every patch (numbered from 1) and frame. */
    static List<PatchRow> of(MovieOutcome o) {
        List<PatchRow> rows = new ArrayList<>();
        for (int q = 0; q < o.patchX().length; q++) {
            for (int t = 0; t < o.patchX()[q].length; t++) {
                rows.add(new PatchRow(o.stem(), q + 1, o.patchCentreX()[q], o.patchCentreY()[q], o.firstFrame() + t,
                        o.patchX()[q][t], o.patchY()[q][t], o.patchRejected()[q]));
            }
        }
        return rows;
    }
}
