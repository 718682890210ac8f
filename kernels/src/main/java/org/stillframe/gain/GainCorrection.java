package org.stillframe.gain;

/**
 * The per-pixel correction applied to every raw frame before alignment: frame = (raw − dark) · gain, as
 * MotionCor2 does (the gain reference is multiplicative; the dark reference is subtracted first). Either
 * reference may be absent.
 */
public record GainCorrection(float[] gain, float[] dark) {

    public static GainCorrection none() {
        return new GainCorrection(null, null);
    }

    public boolean isIdentity() {
        return gain == null && dark == null;
    }

    /** Applies the references in place to one frame of {@code length} pixels; returns the corrected sum. */
    public double apply(float[] frame, int length) {
        if (dark != null) {
            for (int i = 0; i < length; i++) {
                frame[i] -= dark[i];
            }
        }
        if (gain != null) {
            for (int i = 0; i < length; i++) {
                frame[i] *= gain[i];
            }
        }
        return sum(frame, length);
    }

    /** The mean of an image. */
    public static double mean(float[] image) {
        return sum(image, image.length) / image.length;
    }

    /** Σ values, with four partial sums so that the additions do not wait on each other. */
    static double sum(float[] v, int length) {
        double s0 = 0;
        double s1 = 0;
        double s2 = 0;
        double s3 = 0;
        int i = 0;
        for (; i + 3 < length; i += 4) {
            s0 += v[i];
            s1 += v[i + 1];
            s2 += v[i + 2];
            s3 += v[i + 3];
        }
        for (; i < length; i++) {
            s0 += v[i];
        }
        return s0 + s1 + s2 + s3;
    }
}
