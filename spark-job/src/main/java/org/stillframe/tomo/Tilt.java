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

    /**
     * What this tilt sets for its correction: its pre-exposure (-InitDose) and even/odd sums, and the dose per frame
     * (-FmDose) when the mdoc gives the frame count. Doses rounded to 6 decimals, as the flags that carried them
     * were, so results stay as they were.
     */
    public org.stillframe.options.PerMovie perMovie() {
        return new org.stillframe.options.PerMovie(null, null, null, asFlag(preExposure),
                frames > 0 ? asFlag(dose / frames) : null, true);
    }

    private static double asFlag(double v) {
        return Double.parseDouble(String.format(java.util.Locale.ROOT, "%.6f", v));
    }
}
