package org.stillframe.options;

import java.util.Locale;

/**
 * -GainOrient (stillframe's own flag): what to do with the check of the gain reference's orientation against the
 * movie. MotionCor2's -RotGain/-FlipGain keep their meaning; this only decides whether they are checked or replaced.
 */
public enum GainOrientMode {
    /** Check, and warn in one line when another orientation is clearly better (the default). */
    CHECK,
    /** Check, and apply the best orientation when it is clearly better than the requested one. */
    AUTO,
    /** Apply -RotGain/-FlipGain as given, unchecked (also what executors get once the driver has decided). */
    OFF;

    /** The flag's value: check, auto or off. */
    public static GainOrientMode parse(String value) throws UsageException {
        try {
            return valueOf(value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new UsageException("-GainOrient takes check, auto or off, got '" + value + "'");
        }
    }
}
