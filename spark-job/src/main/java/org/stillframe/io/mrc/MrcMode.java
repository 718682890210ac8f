package org.stillframe.io.mrc;

/** The MRC data modes stillframe reads; all but {@link #PACKED4} are also written. */
public enum MrcMode {
    INT8(0, "int8"),
    INT16(1, "int16"),
    FLOAT32(2, "float32"),
    UINT16(6, "uint16"),
    FLOAT16(12, "float16"),
    /** 4-bit unsigned, two pixels per byte, the even-x (left) pixel in the low nibble; rows start on a byte. */
    PACKED4(101, "4-bit packed");

    private final int code;
    private final String label;

    MrcMode(int code, String label) {
        this.code = code;
        this.label = label;
    }

    public int code() {
        return code;
    }

    public String label() {
        return label;
    }

    /** The mode for a header's MODE word, or null if stillframe does not read it. */
    public static MrcMode of(int code) {
        for (MrcMode m : values()) {
            if (m.code == code) {
                return m;
            }
        }
        return null;
    }

    /** Bytes of one row of nx pixels. */
    public long rowBytes(int nx) {
        return switch (this) {
            case INT8 -> nx;
            case INT16, UINT16, FLOAT16 -> 2L * nx;
            case FLOAT32 -> 4L * nx;
            case PACKED4 -> (nx + 1L) / 2;
        };
    }
}
