package org.stillframe.spark;

import java.util.ArrayList;
import java.util.List;

/**
 * One row of the model table: a coefficient of the deformation model in RELION's order (18 for x, then 18 for
 * y; within an axis, monomials 1, x, x², y, y², xy, each times t, t², t³).
 */
record ModelRow(String stem, int index, String axis, String monomial, int timePower, double coefficient) {

    private static final String[] MONOMIALS = {"1", "x", "x^2", "y", "y^2", "x*y"};

    /** The movie's 36 rows, or none when no model was applied. */
    static List<ModelRow> of(MovieOutcome o) {
        List<ModelRow> rows = new ArrayList<>();
        for (int i = 0; i < o.model().length; i++) {
            int within = i % 18;
            rows.add(new ModelRow(o.stem(), i, i < 18 ? "x" : "y", MONOMIALS[within / 3], within % 3 + 1,
                    o.model()[i]));
        }
        return rows;
    }
}
