package org.stillframe.movie;

import java.nio.file.Path;

/** MotionCor2's output names around -OutMrc: stem.mrc, stem_DW.mrc, stem_DWS.mrc, stem_EVN/ODD.mrc, stem_Stk.mrc. */
public record OutputNames(Path sum) {

    /** RELION's per-movie motion STAR beside the sum: stem.star. */
    public Path relionStar() {
        Path mrc = sibling("");
        String name = mrc.getFileName().toString();
        return mrc.resolveSibling(name.substring(0, name.length() - 4) + ".star");
    }

    private Path sibling(String suffix) {
        String name = sum.getFileName().toString();
        String stem = name.toLowerCase(java.util.Locale.ROOT).endsWith(".mrc")
                ? name.substring(0, name.length() - 4) : name;
        return sum.resolveSibling(stem + suffix + ".mrc");
    }

    public Path doseWeighted() {
        return sibling("_DW");
    }

    public Path doseWeightedSelection() {
        return sibling("_DWS");
    }

    public Path even() {
        return sibling("_EVN");
    }

    public Path odd() {
        return sibling("_ODD");
    }

    public Path stack() {
        return sibling("_Stk");
    }
}
