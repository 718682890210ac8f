package org.stillframe.io.mrc;

import java.nio.ByteBuffer;

/** Converts one section between its bytes in a given mode and float pixels (row 0 = first stored row). */
final class MrcCodec {

    private MrcCodec() {
    }

    static void decode(ByteBuffer in, MrcHeader h, float[] out) {
        int nx = h.nx();
        int n = nx * h.ny();
        switch (h.mode()) {
            case INT8 -> {
                if (h.signedBytes()) {
                    for (int i = 0; i < n; i++) {
                        out[i] = in.get(i);
                    }
                } else {
                    for (int i = 0; i < n; i++) {
                        out[i] = in.get(i) & 0xff;
                    }
                }
            }
            case INT16 -> {
                short[] s = shorts(in, n);
                for (int i = 0; i < n; i++) {
                    out[i] = s[i];
                }
            }
            case UINT16 -> {
                short[] s = shorts(in, n);
                for (int i = 0; i < n; i++) {
                    out[i] = s[i] & 0xffff;
                }
            }
            case FLOAT32 -> {
                for (int i = 0; i < n; i++) {
                    out[i] = in.getFloat(4 * i);
                }
            }
            case FLOAT16 -> {
                for (int i = 0; i < n; i++) {
                    out[i] = Half.toFloat(in.getShort(2 * i));
                }
            }
            case PACKED4 -> {
                int rowBytes = (nx + 1) / 2;
                for (int y = 0; y < h.ny(); y++) {
                    int row = y * rowBytes;
                    for (int x = 0; x < nx; x++) {
                        int b = in.get(row + x / 2) & 0xff;
                        out[y * nx + x] = (x & 1) == 0 ? (b & 0x0f) : (b >>> 4);
                    }
                }
            }
            default -> throw new IllegalStateException("no decoder for " + h.mode());
        }
    }

    /** Whether sections of this mode can be decoded to counts ({@link #decodeCounts}). */
    static boolean countsMode(MrcHeader h) {
        return switch (h.mode()) {
            case INT8, INT16, UINT16 -> true;
            default -> false;
        };
    }

    /**
     * Decodes an integer section to counts (0..65535); false when a signed section holds a negative value
     * ({@code out} is then undefined).
     */
    static boolean decodeCounts(ByteBuffer in, MrcHeader h, char[] out) {
        int n = h.nx() * h.ny();
        switch (h.mode()) {
            case INT8 -> {
                int negative = 0;
                for (int i = 0; i < n; i++) {
                    int b = in.get(i);
                    negative |= b;
                    out[i] = (char) (b & 0xff);
                }
                return !h.signedBytes() || negative >= 0;
            }
            case INT16, UINT16 -> {
                in.position(0);
                in.asCharBuffer().get(out, 0, n); // one bulk copy; a signed word's sign bit is bit 15
                if (h.mode() == MrcMode.INT16) {
                    int high = 0;
                    for (int i = 0; i < n; i++) {
                        high |= out[i];
                    }
                    return (high & 0x8000) == 0;
                }
                return true;
            }
            default -> throw new IllegalStateException("no counts decoder for " + h.mode());
        }
    }

    private static final ThreadLocal<short[]> SHORTS = ThreadLocal.withInitial(() -> new short[0]);

    /** The section's 16-bit words in one bulk copy (much faster than one getShort per pixel). */
    private static short[] shorts(ByteBuffer in, int n) {
        short[] s = SHORTS.get();
        if (s.length < n) {
            s = new short[n];
            SHORTS.set(s);
        }
        in.position(0);
        in.asShortBuffer().get(s, 0, n);
        return s;
    }

    /**
     * Encodes pixels {@code from} to {@code from + n - 1} into {@code out} from its start; integer modes round to
     * nearest and clamp to the mode's range.
     */
    static void encode(float[] in, int from, int n, MrcHeader h, ByteBuffer out) {
        switch (h.mode()) {
            case INT8 -> {
                int lo = h.signedBytes() ? -128 : 0;
                int hi = h.signedBytes() ? 127 : 255;
                for (int i = 0; i < n; i++) {
                    out.put(i, (byte) clampRound(in[from + i], lo, hi));
                }
            }
            case INT16 -> {
                for (int i = 0; i < n; i++) {
                    out.putShort(2 * i, (short) clampRound(in[from + i], Short.MIN_VALUE, Short.MAX_VALUE));
                }
            }
            case UINT16 -> {
                for (int i = 0; i < n; i++) {
                    out.putShort(2 * i, (short) clampRound(in[from + i], 0, 65535));
                }
            }
            case FLOAT32 -> {
                // one bulk copy (the buffer's byte order applies), not a bounds-checked put per pixel
                ByteBuffer whole = out.duplicate().order(out.order());
                whole.position(0);
                whole.asFloatBuffer().put(in, from, n);
            }
            case FLOAT16 -> {
                for (int i = 0; i < n; i++) {
                    out.putShort(2 * i, Half.fromFloat(in[from + i]));
                }
            }
            default -> throw new IllegalArgumentException("stillframe does not write MRC " + h.mode().label());
        }
    }

    private static int clampRound(float v, int lo, int hi) {
        long r = Math.round(v);
        return (int) Math.max(lo, Math.min(hi, r));
    }
}
