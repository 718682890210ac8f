package org.stillframe.io.tiff;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * The fixtures under {@code src/test/resources/tiff} (written by libtiff's tools, see README.md there) and the
 * formula their pixel values were written from, recomputed here.
 */
final class TiffFixtures {

    static final int WIDTH = 70;
    static final int HEIGHT = 45;
    static final int PAGES = 3;

    static final List<String> ALL = List.of(
            "u8-none-strips-II.tif", "u8-lzw-strips-II.tif", "u8-lzw2-strips-MM.tif", "u8-zip-tiles-II.tif",
            "u8-packbits-strips-MM.tif", "u8-deflate32946-tiles-II.tif", "i8-lzw-strips-II.tif",
            "u16-lzw-strips-II.tif", "u16-lzw2-tiles-MM.tif", "u16-zip-strips-MM.tif",
            "u16-deflate32946-strips-II.tif", "i16-none-strips-MM.tif", "i16-lzw2-strips-II.tif",
            "u32-lzw-strips-II.tif", "u32-none-tiles-MM.tif", "i32-zip-tiles-MM.tif", "i32-lzw2-strips-II.tif",
            "f32-none-strips-MM.tif", "f32-lzw-tiles-II.tif", "f32-zip-strips-II.tif");

    private TiffFixtures() {
    }

    static byte[] bytes(String name) {
        try (InputStream in = TiffFixtures.class.getResourceAsStream("/tiff/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The sample type a fixture was written with, from its name. */
    static SampleType type(String name) {
        return SampleType.valueOf(name.substring(0, name.indexOf('-')).toUpperCase());
    }

    /**
     * The value written at column x, stored row y (0 = top, TIFF order) of page p; the same formula as
     * make-fixtures.sh, with Python's floor modulo.
     */
    static float expected(SampleType type, int x, int y, int p) {
        long k = 31L * x + 1009L * y + 7919L * p + 7L * x * y;
        long u32 = Math.floorMod(k * 2654435761L, 1L << 32);
        return switch (type) {
            case U8 -> k % 256;
            case I8 -> k % 256 - 128;
            case U16 -> k * 37 % 65536;
            case I16 -> k * 37 % 65536 - 32768;
            case U32 -> u32;
            case I32 -> u32 - (1L << 31);
            case F32 -> (float) ((x - 2.0 * y) * 0.375 + p * 1000.25);
        };
    }

    /** File offsets of every IFD, following the chain of a valid file. */
    static List<Integer> ifdOffsets(byte[] file) {
        ByteBuffer b = wrap(file);
        List<Integer> offsets = new ArrayList<>();
        for (int at = b.getInt(4); at != 0; at = b.getInt(at + 2 + 12 * (b.getShort(at) & 0xffff))) {
            offsets.add(at);
        }
        return offsets;
    }

    /** Position of the 12-byte entry for {@code tag} in the IFD at {@code ifd}. */
    static int entry(byte[] file, int ifd, int tag) {
        ByteBuffer b = wrap(file);
        int n = b.getShort(ifd) & 0xffff;
        for (int i = 0; i < n; i++) {
            int at = ifd + 2 + 12 * i;
            if ((b.getShort(at) & 0xffff) == tag) {
                return at;
            }
        }
        throw new IllegalArgumentException("no tag " + tag);
    }

    /** Position of the next-IFD pointer of the IFD at {@code ifd}. */
    static int nextPointer(byte[] file, int ifd) {
        return ifd + 2 + 12 * (wrap(file).getShort(ifd) & 0xffff);
    }

    static ByteBuffer wrap(byte[] file) {
        return ByteBuffer.wrap(file).order(file[0] == 'I' ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN);
    }
}
