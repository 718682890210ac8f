package org.stillframe.tomo;

import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;
import org.stillframe.correct.Sums;
import org.stillframe.movie.OutputNames;

/**
 * One of a tilt series' stacks: its file suffix, the per-tilt file its sections are copied from (null: the sum
 * itself) and the sum it holds, for writing it from memory.
 */
record StackKind(String suffix, Sibling sibling, Function<Sums, float[]> image) {

    /** The per-tilt file beside a tilt's sum that a stack is made of. */
    interface Sibling {
        Path of(OutputNames names);
    }

    static final StackKind PLAIN = new StackKind("", null, Sums::plain);
    static final StackKind EVEN = new StackKind("_EVN", OutputNames::even, Sums::even);
    static final StackKind ODD = new StackKind("_ODD", OutputNames::odd, Sums::odd);
    static final StackKind DOSE_WEIGHTED = new StackKind("_DW", OutputNames::doseWeighted, Sums::doseWeighted);

    /** NAME.st, NAME_EVN.st, NAME_ODD.st and, with dose weighting, NAME_DW.st. */
    static List<StackKind> of(boolean doseWeighted) {
        return doseWeighted ? List.of(PLAIN, EVEN, ODD, DOSE_WEIGHTED) : List.of(PLAIN, EVEN, ODD);
    }

    Path file(Path out, String name) {
        return out.resolve(name + suffix + ".st");
    }
}
