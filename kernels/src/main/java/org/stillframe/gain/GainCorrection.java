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

    /** Applies the references in place to one frame of {@code length} pixels. */
    public void apply(float[] frame, int length) {
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
    }
}
