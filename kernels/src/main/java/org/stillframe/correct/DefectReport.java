package org.stillframe.correct;

import org.stillframe.defects.DefectMap;

/**
 * The pixels repaired in a movie and why: listed in the defect file, dead in the gain reference, or found in the
 * frames (hot, dead, next to hot ones).
 */
public record DefectReport(DefectMap map, int listed, int zeroGain, int hot, int dead, int cluster) {

    /** All repaired pixels. */
    public int total() {
        return map.count();
    }
}
