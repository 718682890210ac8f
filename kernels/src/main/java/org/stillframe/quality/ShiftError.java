package org.stillframe.quality;

import org.stillframe.align.global.FrameShifts;

/** How far measured per-frame shifts are from the true ones, after removing a constant offset. */
public final class ShiftError {

    private ShiftError() {
    }

    /**
     * RMS over frames of |measured − truth − mean(measured − truth)| in pixels (both in the same sign
     * convention; the constant is the reference-frame choice and does not matter).
     */
    public static double rms(FrameShifts measured, FrameShifts truth) {
        int n = measured.frames();
        double mx = 0;
        double my = 0;
        for (int i = 0; i < n; i++) {
            mx += measured.x(i) - truth.x(i);
            my += measured.y(i) - truth.y(i);
        }
        mx /= n;
        my /= n;
        double s = 0;
        for (int i = 0; i < n; i++) {
            double ex = measured.x(i) - truth.x(i) - mx;
            double ey = measured.y(i) - truth.y(i) - my;
            s += ex * ex + ey * ey;
        }
        return Math.sqrt(s / n);
    }
}
