package org.stillframe.compute;

import org.stillframe.image.Spectra;

/**
 * The leave-one-out cross power spectrum on the CPU: conj(unit) · (total − unit) · weight, so that a unit's
 * noise never meets itself; optionally phase-only; the DC term zeroed. Its inverse is the correlation map.
 */
final class CrossPower {

    private CrossPower() {
    }

    /**
     * {@link #of} for a unit of one frame, shifting it on the fly (the unit never needs storing):
     * u = frame · exp(−2πi(k_x·fx/gx + k_y·fy/gy)).
     */
    static void shifted(float[] frame, int gx, int gy, double fx, double fy, float[] total,
                        float[] weight, boolean phaseOnly, float[] out) {
        int cols = gx / 2 + 1;
        float[] ex = new float[2 * cols];
        for (int c = 0; c < cols; c++) {
            double phase = -2.0 * Math.PI * c * fx / gx;
            ex[2 * c] = (float) Math.cos(phase);
            ex[2 * c + 1] = (float) Math.sin(phase);
        }
        for (int r = 0; r < gy; r++) {
            double phaseY = -2.0 * Math.PI * Spectra.rowFrequency(r, gy) * fy / gy;
            float cy = (float) Math.cos(phaseY);
            float sy = (float) Math.sin(phaseY);
            int base = r * cols;
            for (int c = 0; c < cols; c++) {
                float pr = cy * ex[2 * c] - sy * ex[2 * c + 1];
                float pi = cy * ex[2 * c + 1] + sy * ex[2 * c];
                int k = 2 * (base + c);
                float fr = frame[k];
                float fi = frame[k + 1];
                float ar = fr * pr - fi * pi;
                float ai = fr * pi + fi * pr;
                float br = total[k] - ar;
                float bi = total[k + 1] - ai;
                float re = ar * br + ai * bi;
                float im = ar * bi - ai * br;
                float wgt = weight[base + c];
                if (phaseOnly) {
                    float mod = (float) Math.sqrt(re * re + im * im);
                    wgt = mod > 0 ? wgt / mod : 0f;
                }
                out[k] = re * wgt;
                out[k + 1] = im * wgt;
            }
        }
        out[0] = 0f;
        out[1] = 0f;
    }

    /** conj(unit) · (total − unit) · weight, with the DC term zeroed. */
    static void of(float[] unit, float[] total, float[] weight, boolean phaseOnly,
                   float[] out, int length) {
        for (int k = 0, m = 0; k < length; k += 2, m++) {
            float ar = unit[k];
            float ai = unit[k + 1];
            float br = total[k] - ar;
            float bi = total[k + 1] - ai;
            float re = ar * br + ai * bi;
            float im = ar * bi - ai * br;
            float wgt = weight[m];
            if (phaseOnly) {
                float mod = (float) Math.sqrt(re * re + im * im);
                wgt = mod > 0 ? wgt / mod : 0f;
            }
            out[k] = re * wgt;
            out[k + 1] = im * wgt;
        }
        out[0] = 0f;
        out[1] = 0f;
    }
}
