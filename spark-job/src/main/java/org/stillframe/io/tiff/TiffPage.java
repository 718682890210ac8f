package org.stillframe.io.tiff;

/**
 * The facts of one page (IFD) that decoding needs. Strips are chunks as wide as the image and
 * {@code chunkHeight} = RowsPerStrip rows high; tiles are {@code chunkWidth × chunkHeight}.
 *
 * @param predictorEntry the Predictor entry, or null when the tag is absent
 */
record TiffPage(int frame, long ifdOffset, int width, int height, SampleType type, int compression,
        int predictor, boolean tiled, int chunkWidth, int chunkHeight, IfdEntry chunkOffsets,
        IfdEntry chunkByteCounts, IfdEntry predictorEntry) {

    int chunksAcross() {
        return (int) ceilDiv(width, chunkWidth);
    }

    int chunksDown() {
        return (int) ceilDiv(height, chunkHeight);
    }

    long chunkCount() {
        return ceilDiv(width, chunkWidth) * ceilDiv(height, chunkHeight);
    }

    long frameBytes() {
        return (long) width * height * type.bytes();
    }

    /** Decoded bytes of chunk {@code k}: tiles are always whole, the last strip may be short. */
    long chunkBytes(long k) {
        if (tiled) {
            return (long) chunkWidth * chunkHeight * type.bytes();
        }
        long rows = Math.min(chunkHeight, height - k * chunkHeight);
        return rows * width * type.bytes();
    }

    String chunkName() {
        return tiled ? "tile" : "strip";
    }

    String compressionName() {
        return compressionName(compression) + (predictor == 2 ? " with predictor 2" : "");
    }

    static String compressionName(int code) {
        return switch (code) {
            case 1 -> "uncompressed";
            case 5 -> "LZW";
            case 8 -> "deflate";
            case 32946 -> "deflate (code 32946)";
            case 32773 -> "PackBits";
            default -> "compression " + code;
        };
    }

    private static long ceilDiv(long a, long b) {
        return (a + b - 1) / b;
    }
}
