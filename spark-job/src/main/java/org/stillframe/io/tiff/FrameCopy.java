package org.stillframe.io.tiff;

import java.awt.image.DataBuffer;
import java.awt.image.DataBufferByte;
import java.awt.image.DataBufferFloat;
import java.awt.image.DataBufferInt;
import java.awt.image.DataBufferShort;
import java.awt.image.DataBufferUShort;

/**
 * Copies a decoded page into the engine's float frame. With {@code flipY}, output row 0 is the last TIFF row:
 * TIFF stores the top row first, MRC (and MotionCor2, RELION, IMOD) the bottom row first.
 */
final class FrameCopy {

    private FrameCopy() {
    }

    static void toFloat(DataBuffer buffer, SampleType type, int width, int height, int stride, boolean flipY,
            float[] out) {
        for (int y = 0; y < height; y++) {
            int from = buffer.getOffset() + (flipY ? height - 1 - y : y) * stride;
            copyRow(buffer, type, from, width, out, y * width);
        }
    }

    /** Whether pages of this sample type can be copied as counts ({@link #toCounts}). */
    static boolean countsType(SampleType type) {
        return switch (type) {
            case U8, I8, U16, I16 -> true;
            default -> false;
        };
    }

    /**
     * Copies an 8- or 16-bit page into counts (0..65535); false when a signed page holds a negative value ({@code out}
     * is then undefined).
     */
    static boolean toCounts(DataBuffer buffer, SampleType type, int width, int height, int stride, boolean flipY,
            char[] out) {
        int negative = 0; // the samples' sign bits, OR-ed: a negative value when the type is signed
        for (int y = 0; y < height; y++) {
            int from = buffer.getOffset() + (flipY ? height - 1 - y : y) * stride;
            int to = y * width;
            switch (type) {
                case U8, I8 -> {
                    byte[] d = ((DataBufferByte) buffer).getData();
                    for (int i = 0; i < width; i++) {
                        int v = d[from + i];
                        negative |= v;
                        out[to + i] = (char) (v & 0xff);
                    }
                }
                case U16, I16 -> {
                    short[] d = type == SampleType.U16 ? ((DataBufferUShort) buffer).getData()
                            : ((DataBufferShort) buffer).getData();
                    for (int i = 0; i < width; i++) {
                        int v = d[from + i];
                        negative |= v;
                        out[to + i] = (char) v;
                    }
                }
                default -> throw new IllegalStateException(type.name());
            }
        }
        return type == SampleType.U8 || type == SampleType.U16 || negative >= 0;
    }

    private static void copyRow(DataBuffer buffer, SampleType type, int from, int n, float[] out, int to) {
        switch (type) {
            case U8 -> {
                byte[] d = ((DataBufferByte) buffer).getData();
                for (int i = 0; i < n; i++) {
                    out[to + i] = d[from + i] & 0xff;
                }
            }
            case I8 -> {
                // The plugin reads SampleFormat 2 bytes as unsigned; the byte itself is the signed value.
                byte[] d = ((DataBufferByte) buffer).getData();
                for (int i = 0; i < n; i++) {
                    out[to + i] = d[from + i];
                }
            }
            case U16 -> {
                short[] d = ((DataBufferUShort) buffer).getData();
                for (int i = 0; i < n; i++) {
                    out[to + i] = d[from + i] & 0xffff;
                }
            }
            case I16 -> {
                short[] d = ((DataBufferShort) buffer).getData();
                for (int i = 0; i < n; i++) {
                    out[to + i] = d[from + i];
                }
            }
            case U32 -> {
                // The plugin returns both 32-bit integer formats as Java int bits; unsigned needs the widening.
                int[] d = ((DataBufferInt) buffer).getData();
                for (int i = 0; i < n; i++) {
                    out[to + i] = d[from + i] & 0xffffffffL;
                }
            }
            case I32 -> {
                int[] d = ((DataBufferInt) buffer).getData();
                for (int i = 0; i < n; i++) {
                    out[to + i] = d[from + i];
                }
            }
            case F32 -> System.arraycopy(((DataBufferFloat) buffer).getData(), from, out, to, n);
            default -> throw new IllegalStateException(type.name());
        }
    }
}
