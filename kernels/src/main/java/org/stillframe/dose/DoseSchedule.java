package org.stillframe.dose;

/**
 * The exposure each (rendered) frame received, in e/Å², and what the specimen had received before the first
 * frame used: earlier tilts (-InitDose) plus frames dropped with -Throw, which count towards the damage.
 *
 * @param frameDose  exposure of each frame used
 * @param preExposure exposure before the first frame used
 */
public record DoseSchedule(double[] frameDose, double preExposure) {

    public DoseSchedule {
        frameDose = frameDose.clone();
        for (double d : frameDose) {
            if (!(d >= 0) || !Double.isFinite(d)) {
                throw new IllegalArgumentException("frame doses must be finite and >= 0");
            }
        }
        if (!(preExposure >= 0)) {
            throw new IllegalArgumentException("pre-exposure must be >= 0");
        }
    }

    /** The same dose d for each of n frames. */
    public static DoseSchedule uniform(int frames, double dosePerFrame, double preExposure) {
        double[] d = new double[frames];
        java.util.Arrays.fill(d, dosePerFrame);
        return new DoseSchedule(d, preExposure);
    }

    public int frames() {
        return frameDose.length;
    }

    @Override
    public double[] frameDose() {
        return frameDose.clone();
    }

    public double dose(int frame) {
        return frameDose[frame];
    }

    /** Accumulated exposure at the end of frame i (0-based), pre-exposure included. */
    public double exposureAtEnd(int frame) {
        double e = preExposure;
        for (int i = 0; i <= frame; i++) {
            e += frameDose[i];
        }
        return e;
    }

    /** The schedule of frames [from, to). */
    public DoseSchedule window(int from, int to) {
        double pre = preExposure;
        for (int i = 0; i < from; i++) {
            pre += frameDose[i];
        }
        return new DoseSchedule(java.util.Arrays.copyOfRange(frameDose, from, to), pre);
    }
}
