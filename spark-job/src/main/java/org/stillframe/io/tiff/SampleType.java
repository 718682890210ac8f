package org.stillframe.io.tiff;

/** The pixel types stillframe reads from TIFF pages (one sample per pixel), from BitsPerSample and SampleFormat. */
public enum SampleType {
    U8(8, "8-bit unsigned"),
    I8(8, "8-bit signed"),
    U16(16, "16-bit unsigned"),
    I16(16, "16-bit signed"),
    U32(32, "32-bit unsigned"),
    I32(32, "32-bit signed"),
    F32(32, "32-bit float");

    private final int bits;
    private final String label;

    SampleType(int bits, String label) {
        this.bits = bits;
        this.label = label;
    }

    public int bits() {
        return bits;
    }

    public int bytes() {
        return bits / 8;
    }

    public String label() {
        return label;
    }

    /**
     * The type for BitsPerSample {@code bits} and SampleFormat {@code format} (1 unsigned, 2 signed, 3 float),
     * or null when stillframe does not read it.
     */
    static SampleType of(long bits, long format) {
        if (format == 1 || format == 2) {
            boolean signed = format == 2;
            if (bits == 8) {
                return signed ? I8 : U8;
            }
            if (bits == 16) {
                return signed ? I16 : U16;
            }
            if (bits == 32) {
                return signed ? I32 : U32;
            }
        }
        return format == 3 && bits == 32 ? F32 : null;
    }
}
