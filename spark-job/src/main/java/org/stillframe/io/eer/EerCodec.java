package org.stillframe.io.eer;

import java.io.ByteArrayOutputStream;

/**
 * Encodes and decodes one EER frame's electron-event stream: a little-endian bit stream (bit j of the stream is
 * bit j mod 8 of byte j / 8), each code word's run in its low bits and the sub-pixel symbol above it. Decoding
 * walks pixel positions 0 .. W·H; a frame is valid when the last run ends exactly at W·H. Sub-pixel positions are
 * returned in quarter pixels (0..3 per axis) whatever the stored width: a stored field of b bits, XORed with its
 * top bit (the signed offset is stored shifted), is shifted up by 2 − b.
 */
public final class EerCodec {

    /** Receives each electron: pixel index (y·W + x) and its sub-pixel position in quarter pixels. */
    public interface Events {
        void event(int pixel, int quarterX, int quarterY);
    }

    /** Why a stream is invalid. */
    public static final class StreamException extends Exception {
        StreamException(String message) {
            super(message);
        }
    }

    private EerCodec() {
    }

    /** Decodes {@code data} for a frame of {@code pixels} pixels; returns the number of electrons. */
    public static int decode(byte[] data, int length, EerCompression c, long pixels, Events sink)
            throws StreamException {
        long limit = 8L * length;
        long bit = 0;
        long pos = 0;
        int electrons = 0;
        int runBits = c.runBits();
        int symBits = c.symbolBits();
        int overflow = c.overflow();
        int bx = c.subBitsX();
        int by = c.subBitsY();
        int xorX = bx == 0 ? 0 : 1 << (bx - 1);
        int xorY = by == 0 ? 0 : 1 << (by - 1);
        while (true) {
            if (bit + runBits > limit) {
                throw new StreamException("event stream ends at pixel " + pos + " of " + pixels
                        + " (the frame is incomplete)");
            }
            int run = bits(data, bit, runBits);
            bit += runBits;
            pos += run;
            if (pos >= pixels) {
                if (pos > pixels) {
                    throw new StreamException("event stream runs past the end of the frame (to pixel " + pos
                            + " of " + pixels + ")");
                }
                return electrons;
            }
            if (run == overflow) {
                if (c.symbolAfterOverflow()) {
                    bit += symBits;
                }
                continue;
            }
            if (bit + symBits > limit) {
                throw new StreamException("event stream ends inside the symbol of the electron at pixel " + pos);
            }
            int sym = bits(data, bit, symBits);
            bit += symBits;
            int sx = ((sym & ((1 << bx) - 1)) ^ xorX) << (2 - bx);
            int sy = (((sym >>> bx) & ((1 << by) - 1)) ^ xorY) << (2 - by);
            sink.event((int) pos, sx, sy);
            electrons++;
            pos++;
        }
    }

    /** Bits [bit, bit + n) of the little-endian stream, n ≤ 24. */
    private static int bits(byte[] data, long bit, int n) {
        int at = (int) (bit >>> 3);
        int shift = (int) (bit & 7);
        int word = data[at] & 0xff;
        if (at + 1 < data.length) {
            word |= (data[at + 1] & 0xff) << 8;
        }
        if (at + 2 < data.length) {
            word |= (data[at + 2] & 0xff) << 16;
        }
        if (at + 3 < data.length) {
            word |= (data[at + 3] & 0xff) << 24;
        }
        return (word >>> shift) & ((1 << n) - 1);
    }

    /**
     * Encodes electrons at strictly increasing pixel indices (at most one per pixel: the format cannot say more)
     * with sub-pixel positions in quarter pixels, for a frame of {@code pixels} pixels.
     */
    public static byte[] encode(int[] pixel, int[] quarterX, int[] quarterY, EerCompression c, long pixels) {
        BitWriter w = new BitWriter();
        int overflow = c.overflow();
        int bx = c.subBitsX();
        int by = c.subBitsY();
        int xorX = bx == 0 ? 0 : 1 << (bx - 1);
        int xorY = by == 0 ? 0 : 1 << (by - 1);
        long pos = 0;
        for (int i = 0; i < pixel.length; i++) {
            if (pixel[i] < pos || pixel[i] >= pixels) {
                throw new IllegalArgumentException("electron " + i + " at pixel " + pixel[i]
                        + ": pixels must increase strictly and lie in the frame");
            }
            long gap = pixel[i] - pos;
            for (; gap >= overflow; gap -= overflow) {
                w.write(overflow, c.runBits());
                if (c.symbolAfterOverflow()) {
                    w.write(0, c.symbolBits());
                }
            }
            int sym = (((quarterX[i] >>> (2 - bx)) ^ xorX) & ((1 << bx) - 1))
                    | ((((quarterY[i] >>> (2 - by)) ^ xorY) & ((1 << by) - 1)) << bx);
            w.write((int) gap, c.runBits());
            w.write(sym, c.symbolBits());
            pos = pixel[i] + 1L;
        }
        long rest = pixels - pos;
        for (; rest >= overflow; rest -= overflow) {
            w.write(overflow, c.runBits());
            if (c.symbolAfterOverflow()) {
                w.write(0, c.symbolBits());
            }
        }
        w.write((int) rest, c.runBits());
        if (c.symbolAfterOverflow()) {
            w.write(0, c.symbolBits());
        }
        return w.bytes();
    }

    /** Little-endian bit packing. */
    private static final class BitWriter {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();
        private long acc;
        private int held;

        void write(int value, int n) {
            acc |= ((long) value & ((1L << n) - 1)) << held;
            held += n;
            while (held >= 8) {
                out.write((int) (acc & 0xff));
                acc >>>= 8;
                held -= 8;
            }
        }

        byte[] bytes() {
            if (held > 0) {
                out.write((int) (acc & 0xff));
                acc = 0;
                held = 0;
            }
            return out.toByteArray();
        }
    }
}
