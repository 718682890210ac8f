package org.stillframe.spark;

import java.util.List;

/** One row of the movies table (columns in {@link Tables#MOVIES}, described in README.md). */
record MovieRow(String movie, String stem, String status, String error, String optionsHash, String version,
                String device, String host, long sizeBytes, int width, int height, int framesUsed, int firstFrame,
                Double pixelSizeA, Double dosePerFrame, Double driftTotal, Double driftEarly, Double driftLate,
                String driftUnit, int defectsRepaired, int hotPixels, int iterations, boolean localMotion,
                double readSeconds, double alignSeconds, double sumSeconds, double writeSeconds, double wallSeconds,
                Long startedMs, Long computeStartMs, Long computeEndMs, Long finishedMs, String gainOrientation,
                List<String> outputs) {

    /** The movie's row; unknown numbers (NaN) are nulls, drift is in Å when the pixel size is known. */
    static MovieRow of(MovieOutcome o) {
        return new MovieRow(o.movie(), o.stem(), o.status().label(), o.error(), o.optionsHash(), o.version(),
                o.device(), o.host(), o.sizeBytes(), o.width(), o.height(), o.framesUsed(), o.firstFrame(),
                nullIfNaN(o.pixelSizeA()), nullIfNaN(o.dosePerFrame()), nullIfNaN(o.driftTotal()),
                nullIfNaN(o.driftEarly()), nullIfNaN(o.driftLate()), o.pixelSizeA() > 0 ? "A" : "px",
                o.defectsRepaired(), o.hotPixels(), o.iterations(), o.model().length > 0, o.readSeconds(),
                o.alignSeconds(), o.sumSeconds(), o.writeSeconds(), o.wallSeconds(), started(o),
                nullIfZero(o.computeStartMs()), nullIfZero(o.computeEndMs()), nullIfZero(o.writeEndMs()),
                o.gainOrientation() == null || o.gainOrientation().isEmpty() ? null : o.gainOrientation(), o.outputs());
    }

    /** When the movie's reading began: ahead of its computation, or (a partition's first movie) within it. */
    private static Long started(MovieOutcome o) {
        return nullIfZero(o.readStartMs() > 0 ? o.readStartMs() : o.computeStartMs());
    }

    /** Stage times not recorded (a movie that failed before them) are 0 in the outcome, null in the table. */
    private static Long nullIfZero(long ms) {
        return ms > 0 ? ms : null;
    }

    private static Double nullIfNaN(double v) {
        return Double.isFinite(v) ? v : null;
    }
}
