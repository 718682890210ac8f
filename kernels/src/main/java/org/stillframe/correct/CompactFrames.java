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
        storeAndAdd(index, raw, null);
    }

    /**
     * Stores frame {@code index} and, when {@code sum} is given, adds the frame to it in the same pass.
     */
    void storeAndAdd(int index, float[] raw, float[] sum) {
        if (sum != null) {
            for (int i = 0; i < pixels; i++) {
                sum[i] += raw[i];
            }
        }
        // Write bytes while every value is an integer in 0..255, then widen only if one is not.
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

    /**
     * Stores frame {@code index} given as counts and, when {@code sum} is given, adds it to the sum in the same
     * pass: one byte a pixel when every count is at most 255, else two.
     */
    void storeCountsAndAdd(int index, char[] counts, float[] sum) {
        int all = 0; // every count's bits, OR-ed: the largest one's high bits
        if (sum != null) {
            for (int i = 0; i < pixels; i++) {
                char c = counts[i];
                sum[i] += c;
                all |= c;
            }
        } else {
            for (int i = 0; i < pixels; i++) {
                all |= counts[i];
            }
        }
        if ((all & ~0xff) != 0) {
            frames[index] = java.util.Arrays.copyOf(counts, pixels);
            return;
        }
        byte[] b = new byte[pixels];
        for (int i = 0; i < pixels; i++) {
            b[i] = (byte) counts[i];
        }
        frames[index] = b;
    }

    /**
     * Loads frame {@code index} gain-corrected ((raw − dark)·gain, either may be absent) straight into a native
     * transform buffer whose rows are {@code rowStride} floats apart: one pass, no intermediate array.
     */
    void loadCorrected(int index, float[] gain, float[] dark, int nx, java.nio.FloatBuffer dst, int rowStride) {
        Object f = frames[index];
        int ny = pixels / nx;
        float[] row = new float[nx];
        for (int y = 0; y < ny; y++) {
            int in = y * nx;
            if (f instanceof byte[] b) {
                for (int x = 0; x < nx; x++) {
                    row[x] = b[in + x] & 0xff;
                }
            } else if (f instanceof char[] c) {
                for (int x = 0; x < nx; x++) {
                    row[x] = c[in + x];
                }
            } else {
                System.arraycopy((float[]) f, in, row, 0, nx);
            }
            if (dark != null) {
                for (int x = 0; x < nx; x++) {
                    row[x] -= dark[in + x];
                }
            }
            if (gain != null) {
                for (int x = 0; x < nx; x++) {
                    row[x] *= gain[in + x];
                }
            }
            dst.put(y * rowStride, row, 0, nx);
        }
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
