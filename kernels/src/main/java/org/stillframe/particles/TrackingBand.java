package org.stillframe.particles;

import java.util.ArrayList;
import java.util.List;
import org.stillframe.image.Spectra;

/**
 * The Fourier coefficients of a box used for tracking: half-plane frequencies (fx ≥ 0, each conjugate pair once)
 * with radius from 2 cycles per box (lower ones hold the ice gradient and the mask's edge) up to box / period.
 */
final class TrackingBand {

    final int box;
    final int[] fx;
    final int[] fy;
    final int[] offset; // index of the coefficient's real part in a box spectrum
    final int maxFx;
    final int maxFy;
    final int[] xIndex; // 2·fx: index into a table of exp(−2πi·fx·s/box) from phases(s, maxFx, 0, ·)
    final int[] yIndex; // 2·(fy + maxFy): index into phases(s, maxFy, maxFy, ·)
    final float[] fxf;
    final float[] fyf;

    TrackingBand(int box, double period) {
        this(box, coefficients(box, period));
    }

    private TrackingBand(int box, List<int[]> kept) {
        this.box = box;
        int k = kept.size();
        fx = new int[k];
        fy = new int[k];
        offset = new int[k];
        int mx = 0;
        int my = 0;
        for (int i = 0; i < k; i++) {
            fx[i] = kept.get(i)[0];
            fy[i] = kept.get(i)[1];
            offset[i] = kept.get(i)[2];
            mx = Math.max(mx, fx[i]);
            my = Math.max(my, Math.abs(fy[i]));
        }
        maxFx = mx;
        maxFy = my;
        xIndex = new int[k];
        yIndex = new int[k];
        fxf = new float[k];
        fyf = new float[k];
        for (int i = 0; i < k; i++) {
            xIndex[i] = 2 * fx[i];
            yIndex[i] = 2 * (fy[i] + my);
            fxf[i] = fx[i];
            fyf[i] = fy[i];
        }
    }

    private static List<int[]> coefficients(int box, double period) {
        double outer = Math.min(box / period, box / 2.0 - 1);
        int cols = box / 2 + 1;
        List<int[]> kept = new ArrayList<>();
        for (int r = 0; r < box; r++) {
            int f = Spectra.rowFrequency(r, box);
            for (int c = 0; c < cols - 1; c++) {
                if (c == 0 && f <= 0) {
                    continue; // column 0: (0, −f) is the conjugate of (0, f)
                }
                double rho = Math.hypot(c, f);
                if (rho >= 2 && rho <= outer) {
                    kept.add(new int[] {c, f, 2 * (r * cols + c)});
                }
            }
        }
        return kept;
    }

    int size() {
        return fx.length;
    }

    /** The coefficients whose radius (cycles per box) {@code keep} accepts, in the same order. */
    TrackingBand select(java.util.function.DoublePredicate keep) {
        List<int[]> kept = new ArrayList<>();
        for (int i = 0; i < fx.length; i++) {
            if (keep.test(Math.hypot(fx[i], fy[i]))) {
                kept.add(new int[] {fx[i], fy[i], offset[i]});
            }
        }
        return new TrackingBand(box, kept);
    }

    /**
     * The coefficients of frames gathered with this band that a coarser band (longer period) keeps: the
     * coarser band lists them in the same order, as both walk the spectrum the same way.
     */
    float[][] restrict(float[][] frames, TrackingBand coarser) {
        int[] index = indicesOf(coarser);
        float[][] out = new float[frames.length][2 * index.length];
        for (int f = 0; f < frames.length; f++) {
            for (int c = 0; c < index.length; c++) {
                out[f][2 * c] = frames[f][2 * index[c]];
                out[f][2 * c + 1] = frames[f][2 * index[c] + 1];
            }
        }
        return out;
    }

    /** Where each coefficient of a sub-band (same walk of the spectrum, a subset) stands in this band. */
    int[] indicesOf(TrackingBand sub) {
        int[] index = new int[sub.size()];
        int j = 0;
        for (int i = 0; i < fx.length && j < index.length; i++) {
            if (offset[i] == sub.offset[j]) {
                index[j++] = i;
            }
        }
        return index;
    }

    /** The largest radius of the band (cycles per box). */
    double maxRadius() {
        double m = 0;
        for (int i = 0; i < fx.length; i++) {
            m = Math.max(m, Math.hypot(fx[i], fy[i]));
        }
        return m;
    }

    /** Copies the band's coefficients of a box spectrum, shifted by (sx, sy) px (out(r) = in(r − s)). */
    void gather(float[] spectrum, double sx, double sy, float[] out) {
        double[] ex = new double[2 * (maxFx + 1)];
        double[] ey = new double[2 * (2 * maxFy + 1)];
        phases(sx, maxFx, 0, ex);
        phases(sy, maxFy, maxFy, ey);
        for (int i = 0; i < fx.length; i++) {
            double ar = ex[2 * fx[i]];
            double ai = ex[2 * fx[i] + 1];
            int j = 2 * (fy[i] + maxFy);
            double pr = ar * ey[j] - ai * ey[j + 1];
            double pi = ar * ey[j + 1] + ai * ey[j];
            double re = spectrum[offset[i]];
            double im = spectrum[offset[i] + 1];
            out[2 * i] = (float) (re * pr - im * pi);
            out[2 * i + 1] = (float) (re * pi + im * pr);
        }
    }

    /** Phase tables for {@link #move}: {ex, ey}. */
    double[][] phaseTables() {
        return new double[][] {new double[2 * (maxFx + 1)], new double[2 * (2 * maxFy + 1)]};
    }

    /** Band coefficients y (interleaved) moved by (sx, sy) px into out (out(r) = in(r − s)); tables: scratch. */
    void move(float[] y, double sx, double sy, double[][] tables, double[] out) {
        double[] ex = tables[0];
        double[] ey = tables[1];
        phases(sx, maxFx, 0, ex);
        phases(sy, maxFy, maxFy, ey);
        for (int i = 0; i < fx.length; i++) {
            int xi = xIndex[i];
            int yi = yIndex[i];
            double pr = ex[xi] * ey[yi] - ex[xi + 1] * ey[yi + 1];
            double pi = ex[xi] * ey[yi + 1] + ex[xi + 1] * ey[yi];
            out[2 * i] = y[2 * i] * pr - y[2 * i + 1] * pi;
            out[2 * i + 1] = y[2 * i] * pi + y[2 * i + 1] * pr;
        }
    }

    /**
     * exp(−2πi·f·s/box) for f = −lo..max (stored at index f + lo), by recurrence from one sine and cosine:
     * exact enough for the few dozen steps a band needs.
     */
    void phases(double s, int max, int lo, double[] out) {
        double t = -2 * Math.PI * s / box;
        double c = Math.cos(t);
        double sn = Math.sin(t);
        out[2 * lo] = 1;
        out[2 * lo + 1] = 0;
        double re = 1;
        double im = 0;
        for (int f = 1; f <= max; f++) {
            double nr = re * c - im * sn;
            double ni = re * sn + im * c;
            re = nr;
            im = ni;
            out[2 * (lo + f)] = re;
            out[2 * (lo + f) + 1] = im;
            if (f <= lo) {
                out[2 * (lo - f)] = re; // exp(−iθf) for −f is the conjugate
                out[2 * (lo - f) + 1] = -im;
            }
        }
    }
}
