package org.stillframe.gain;

/**
 * Rotation and flip of a reference image (MotionCor2's -RotGain r, -FlipGain f): r counter-clockwise quarter
 * turns in the MRC display (y up, row 0 at the bottom), then f = 1 upside down (about the horizontal axis) or
 * f = 2 left–right (about the vertical axis). Rotation first, then flip. On an nx × ny image g(x, y):
 *
 * <pre>
 *   r=1: g'(X,Y) = g(Y, ny−1−X)     r=2: g'(X,Y) = g(nx−1−X, ny−1−Y)     r=3: g'(X,Y) = g(nx−1−Y, X)
 *   f=1: g'(X,Y) = g(X, ny−1−Y)     f=2: g'(X,Y) = g(nx−1−X, Y)          (r = 1, 3 make it ny × nx)
 * </pre>
 *
 * @param rotation 0..3
 * @param flip     0..2
 */
public record GainOrientation(int rotation, int flip) implements java.io.Serializable {

    public GainOrientation {
        if (rotation < 0 || rotation > 3) {
            throw new IllegalArgumentException("-RotGain must be 0, 1, 2 or 3, got " + rotation);
        }
        if (flip < 0 || flip > 2) {
            throw new IllegalArgumentException("-FlipGain must be 0, 1 or 2, got " + flip);
        }
    }

    public static final GainOrientation NONE = new GainOrientation(0, 0);

    /** Width after orientation of an nx × ny image. */
    public int width(int nx, int ny) {
        return rotation % 2 == 1 ? ny : nx;
    }

    /** Height after orientation of an nx × ny image. */
    public int height(int nx, int ny) {
        return rotation % 2 == 1 ? nx : ny;
    }

    /** The oriented copy of image (nx × ny, row-major, row 0 = y 0). */
    public float[] apply(float[] image, int nx, int ny) {
        float[] rotated = rotate(image, nx, ny);
        int w = width(nx, ny);
        int h = height(nx, ny);
        return flip == 0 ? rotated : flip(rotated, w, h);
    }

    private float[] rotate(float[] g, int nx, int ny) {
        if (rotation == 0) {
            return g.clone();
        }
        int w = width(nx, ny);
        int h = height(nx, ny);
        float[] out = new float[g.length];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int sx;
                int sy;
                switch (rotation) {
                    case 1 -> {
                        sx = y;
                        sy = ny - 1 - x;
                    }
                    case 2 -> {
                        sx = nx - 1 - x;
                        sy = ny - 1 - y;
                    }
                    default -> {
                        sx = nx - 1 - y;
                        sy = x;
                    }
                }
                out[y * w + x] = g[sy * nx + sx];
            }
        }
        return out;
    }

    private float[] flip(float[] g, int w, int h) {
        float[] out = new float[g.length];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int sx = flip == 2 ? w - 1 - x : x;
                int sy = flip == 1 ? h - 1 - y : y;
                out[y * w + x] = g[sy * w + sx];
            }
        }
        return out;
    }

    /**
     * Whether two codes turn an image the same way: a left-right flip after r quarter turns is an upside-down flip
     * after r + 2 (MotionCor2 accepts both spellings).
     */
    public boolean sameAs(GainOrientation other) {
        return canonical().equals(other.canonical());
    }

    private GainOrientation canonical() {
        return flip == 2 ? new GainOrientation((rotation + 2) % 4, 1) : this;
    }

    /** All eight distinct orientations. */
    public static GainOrientation[] all() {
        GainOrientation[] all = new GainOrientation[8];
        for (int r = 0; r < 4; r++) {
            all[2 * r] = new GainOrientation(r, 0);
            all[2 * r + 1] = new GainOrientation(r, 1);
        }
        return all;
    }

    @Override
    public String toString() {
        return "-RotGain " + rotation + " -FlipGain " + flip;
    }
}
