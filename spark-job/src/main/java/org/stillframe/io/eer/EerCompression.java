package org.stillframe.io.eer;

/**
 * How an EER frame's event stream is encoded (the TIFF Compression tag): run-length words of {@code runBits}
 * (a run of 2^runBits − 1 is an overflow: skip that many pixels, no electron) each followed, unless it is an
 * overflow, by a sub-pixel symbol of {@code subBitsX + subBitsY} bits. 65000: 8-bit runs, 4-bit symbols, fixed
 * 12-bit words (an overflow word still carries an ignored symbol). 65001: 7-bit runs, 4-bit symbols. 65002: run
 * and symbol widths from TIFF tags 65007–65009.
 */
public record EerCompression(int code, int runBits, int subBitsX, int subBitsY) {

    public static final int TAG_RUN_BITS = 65007;
    public static final int TAG_SUB_BITS_X = 65008;
    public static final int TAG_SUB_BITS_Y = 65009;

    public EerCompression {
        if (runBits < 2 || runBits > 16 || subBitsX < 0 || subBitsX > 2 || subBitsY < 0 || subBitsY > 2) {
            throw new IllegalArgumentException("EER compression " + code + ": " + runBits + "-bit runs and "
                    + subBitsX + "+" + subBitsY + "-bit sub-pixel symbols are not supported");
        }
    }

    public static final EerCompression C65000 = new EerCompression(65000, 8, 2, 2);
    public static final EerCompression C65001 = new EerCompression(65001, 7, 2, 2);
    /** The 65002 variant RELION reads: 7-bit runs, 1-bit x and y sub-positions. */
    public static final EerCompression C65002_7_1_1 = new EerCompression(65002, 7, 1, 1);

    int overflow() {
        return (1 << runBits) - 1;
    }

    int symbolBits() {
        return subBitsX + subBitsY;
    }

    /** 65000's fixed-width words carry a symbol even after an overflow run. */
    boolean symbolAfterOverflow() {
        return code == 65000;
    }

    String describe() {
        return "compression " + code + " (" + runBits + "-bit runs, " + subBitsX + "+" + subBitsY
                + "-bit sub-pixel positions)";
    }
}
