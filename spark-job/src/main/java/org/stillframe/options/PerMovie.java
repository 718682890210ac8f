package org.stillframe.options;

import java.io.Serializable;

/**
 * What one movie of a dataset sets for itself over the job's settings: a movies.star optics group's pixel size,
 * voltage and gain, a tilt's pre-exposure, dose per frame and even/odd sums. Null: the movie does not set it.
 * A value the listing could not read is NaN, so that movie fails (as its flag would have) and the rest go on.
 *
 * @param pixelSizeA   -PixSize (Å)
 * @param voltageKv    -Kv
 * @param gain         -Gain (a local path)
 * @param initDose     -InitDose (e/Å²)
 * @param dosePerFrame -FmDose (e/Å²)
 * @param splitSum     -SplitSum 1
 */
public record PerMovie(Double pixelSizeA, Double voltageKv, String gain, Double initDose, Double dosePerFrame,
                       Boolean splitSum) implements Serializable {

    /** A movie that sets nothing. */
    public static final PerMovie NONE = new PerMovie(null, null, null, null, null, null);

    /** The same without what {@code job}'s flags set: a flag given to the job wins over the movie's own value. */
    public PerMovie without(MotionCorArgs job) {
        return new PerMovie(job.has("-PixSize") ? null : pixelSizeA, job.has("-Kv") ? null : voltageKv,
                job.has("-Gain") ? null : gain, job.has("-InitDose") ? null : initDose,
                job.has("-FmDose") ? null : dosePerFrame, job.has("-SplitSum") ? null : splitSum);
    }
}
