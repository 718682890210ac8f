package org.stillframe.io.tiff;

/**
 * One IFD entry: {@code valuePosition} is where its values start in the file (inside the entry when they fit
 * in 4 bytes), already checked to lie inside the file for the known types.
 */
record IfdEntry(int tag, int type, long count, long entryPosition, long valuePosition) {

    /** Bytes per value of TIFF 6.0 field types 1–13, 0 for an unknown type. */
    static int typeSize(int type) {
        return switch (type) {
            case 1, 2, 6, 7 -> 1;
            case 3, 8 -> 2;
            case 4, 9, 11, 13 -> 4;
            case 5, 10, 12 -> 8;
            default -> 0;
        };
    }

    long byteCount() {
        return count * typeSize(type);
    }

    /** SHORT or LONG: the only types allowed for the sizes and offsets stillframe uses. */
    boolean isInteger() {
        return type == 3 || type == 4;
    }
}
