package org.stillframe.correct;

/**
 * Holds a movie's raw frames in memory in the narrowest exact form: counting cameras write small integers, so
 * most frames fit in one byte per pixel (0..255) or two (0..65535); anything else stays float. This keeps a
 * 4096² × 40 counting movie in 640 MiB instead of 2.5 GiB, so that the sums can be made after alignment without
 * reading the movie a second time.
 */
final class CompactFrames {

    private final Object[] frames;
    private final int pixels;

    CompactFrames(int count, int pixels) {
        this.frames = new Object[count];
        this.pixels = pixels;
    }

    void store(int index, float[] raw) {
        // One pass: write bytes while every value is an integer in 0..255, then widen only if one is not.
        byte[] b = new byte[pixels];
        int i = 0;
        for (; i < pixels; i++) {
            float v = raw[i];
            int k = (int) v;
            if (k != v || (k & ~0xff) != 0) {
                break;
            }
            b[i] = (byte) k;
        }
        if (i == pixels) {
            frames[index] = b;
            return;
        }
        char[] c = new char[pixels];
        for (i = 0; i < pixels; i++) {
            float v = raw[i];
            int k = (int) v;
            if (k != v || (k & ~0xffff) != 0) {
                frames[index] = java.util.Arrays.copyOf(raw, pixels);
                return;
            }
            c[i] = (char) k;
        }
        frames[index] = c;
    }

    void load(int index, float[] out) {
        Object f = frames[index];
        if (f instanceof byte[] b) {
            for (int i = 0; i < pixels; i++) {
                out[i] = b[i] & 0xff;
            }
        } else if (f instanceof char[] c) {
            for (int i = 0; i < pixels; i++) {
                out[i] = c[i];
            }
        } else {
            System.arraycopy((float[]) f, 0, out, 0, pixels);
        }
    }

    /** Drops frame {@code index} once it is no longer needed. */
    void release(int index) {
        frames[index] = null;
    }

    /** Bytes held, for the log. */
    long bytes() {
        long total = 0;
        for (Object f : frames) {
            if (f instanceof byte[] b) {
                total += b.length;
            } else if (f instanceof char[] c) {
                total += 2L * c.length;
            } else if (f instanceof float[] v) {
                total += 4L * v.length;
            }
        }
        return total;
    }
}
