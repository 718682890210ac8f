package org.stillframe.io.tiff;

import java.awt.image.DataBuffer;
import java.awt.image.DataBufferInt;
import java.awt.image.DataBufferShort;
import java.awt.image.DataBufferUShort;

/**
 * Undoes TIFF predictor 2 (horizontal differencing, TIFF 6.0 §14) for 16- and 32-bit integer samples, which the
 * JDK plugin refuses: each stored sample is the difference from its left neighbour, modulo 2^bits, restarting at
 * the left edge of every strip row or tile row. ImageIO decodes such pages as if the predictor were 1.
 */
final class HorizontalPredictor {

    private HorizontalPredictor() {
    }

    /** True where the JDK plugin cannot undo the predictor itself and this class must. */
    static boolean needed(TiffPage page) {
        return page.predictor() == 2 && page.type().bits() > 8;
    }

    static void undo(DataBuffer buffer, TiffPage page, int stride) {
        int base = buffer.getOffset();
        int segments = page.tiled() ? page.chunksAcross() : 1;
        int segmentWidth = page.tiled() ? page.chunkWidth() : page.width();
        for (int y = 0; y < page.height(); y++) {
            for (int s = 0; s < segments; s++) {
                int x0 = s * segmentWidth;
                int from = base + y * stride + x0;
                int to = from + Math.min(segmentWidth, page.width() - x0);
                accumulate(buffer, from, to);
            }
        }
    }

    /** Running sum over {@code [from, to)}; Java's wrapping short and int arithmetic is the modulo. */
    private static void accumulate(DataBuffer buffer, int from, int to) {
        if (buffer instanceof DataBufferUShort u) {
            short[] d = u.getData();
            for (int i = from + 1; i < to; i++) {
                d[i] += d[i - 1];
            }
        } else if (buffer instanceof DataBufferShort s) {
            short[] d = s.getData();
            for (int i = from + 1; i < to; i++) {
                d[i] += d[i - 1];
            }
        } else if (buffer instanceof DataBufferInt n) {
            int[] d = n.getData();
            for (int i = from + 1; i < to; i++) {
                d[i] += d[i - 1];
            }
        } else {
            throw new IllegalStateException("predictor 2 on a " + buffer.getClass().getSimpleName());
        }
    }
}
