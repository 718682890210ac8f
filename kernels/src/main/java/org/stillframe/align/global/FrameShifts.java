package org.stillframe.align.global;

import java.util.Arrays;

/**
 * Per-frame shifts in input pixels: the translation applied to each frame to bring it into register,
 * aligned(r) = frame(r − s), i.e. minus the specimen's motion (the MotionCor2 / RELION convention).
 */
public record FrameShifts(double[] x, double[] y) {

    public FrameShifts {
        if (x.length != y.length) {
            throw new IllegalArgumentException("x and y shift counts differ");
        }
        x = x.clone();
        y = y.clone();
    }

    public static FrameShifts zeros(int frames) {
        return new FrameShifts(new double[frames], new double[frames]);
    }

    public int frames() {
        return x.length;
    }

    public double x(int frame) {
        return x[frame];
    }

    public double y(int frame) {
        return y[frame];
    }

    @Override
    public double[] x() {
        return x.clone();
    }

    @Override
    public double[] y() {
        return y.clone();
    }

    /** The same trajectory with frame {@code reference} moved to (0, 0). */
    public FrameShifts relativeTo(int reference) {
        double[] rx = new double[x.length];
        double[] ry = new double[y.length];
        for (int i = 0; i < x.length; i++) {
            rx[i] = x[i] - x[reference];
            ry[i] = y[i] - y[reference];
        }
        return new FrameShifts(rx, ry);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FrameShifts f && Arrays.equals(x, f.x) && Arrays.equals(y, f.y);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(x) + Arrays.hashCode(y);
    }

    @Override
    public String toString() {
        return "FrameShifts" + Arrays.toString(x) + Arrays.toString(y);
    }
}
