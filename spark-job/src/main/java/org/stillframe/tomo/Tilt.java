package org.stillframe.tomo;

import java.time.LocalDateTime;

/**
 * One tilt of a tilt series, as the mdoc lists it.
 *
 * @param zValue        its section number in the mdoc
 * @param angle         nominal stage tilt (degrees)
 * @param movie         the movie's file name (SubFramePath's last element: SerialEM writes Windows paths)
 * @param acquired      DateTime, or null
 * @param dose          e/Å² of this tilt
 * @param frames        NumSubFrames, or 0 when absent
 * @param order         0-based position in acquisition order
 * @param preExposure   e/Å² the specimen received before this tilt (tilts acquired strictly earlier)
 * @param defocus       TargetDefocus (µm, SerialEM's sign: negative = underfocus), NaN when absent
 */
public record Tilt(int zValue, double angle, String movie, LocalDateTime acquired, double dose, int frames,
                   int order, double preExposure, double defocus) {

    /** Flags every correction of this tilt must have: its pre-exposure (-InitDose) and even/odd sums. */
    public java.util.List<String> requiredFlags() {
        return java.util.List.of("-InitDose", number(preExposure), "-SplitSum", "1");
    }

    /** Flags the user may override: the dose per frame when the mdoc gives the frame count. */
    public java.util.List<String> defaultFlags() {
        return frames > 0 ? java.util.List.of("-FmDose", number(dose / frames)) : java.util.List.of();
    }

    /**
     * The same as the job's per-movie values: pre-exposure and even/odd sums, and the dose per frame when the mdoc
     * gives the frame count. Values as the flags carry them (6 decimals), so the job and {@code stillframe tilts}
     * correct a tilt alike.
     */
    public org.stillframe.options.PerMovie perMovie() {
        return new org.stillframe.options.PerMovie(null, null, null, asFlag(preExposure),
                frames > 0 ? asFlag(dose / frames) : null, true);
    }

    private static double asFlag(double v) {
        return Double.parseDouble(number(v));
    }

    private static String number(double v) {
        return String.format(java.util.Locale.ROOT, "%.6f", v);
    }
}
