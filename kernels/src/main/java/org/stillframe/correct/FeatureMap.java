package org.stillframe.correct;

/**
 * How much structure each part of a movie has, for placing patches. The globally aligned even and odd frames
 * are summed separately, block-averaged to fw × fh and high-passed (minus their 5 × 5 local mean); the map is
 * the local covariance of the two half sums over 5 × 5 neighbourhoods. Their noise is independent, so it
 * cancels: the map measures signal only, and places where the noise is merely louder (low detector
 * sensitivity, thick ice) do not win. Empty ice and carbon holes score low, particle-rich areas high.
 */
final class FeatureMap {

    private FeatureMap() {
    }

    static float[] of(float[][] frames, int gw, int gh, int fw, int fh) {
        float[] even = highPass(coarse(frames, 0, gw, gh, fw, fh), fw, fh);
        float[] odd = highPass(coarse(frames, 1, gw, gh, fw, fh), fw, fh);
        float[] feature = new float[fw * fh];
        for (int y = 0; y < fh; y++) {
            for (int x = 0; x < fw; x++) {
                double s = 0;
                int k = 0;
                for (int dy = -2; dy <= 2; dy++) {
                    for (int dx = -2; dx <= 2; dx++) {
                        int xx = x + dx;
                        int yy = y + dy;
                        if (xx >= 0 && yy >= 0 && xx < fw && yy < fh) {
                            s += even[yy * fw + xx] * odd[yy * fw + xx];
                            k++;
                        }
                    }
                }
                feature[y * fw + x] = (float) (s / k);
            }
        }
        return feature;
    }

    /** Block average of the frames first, first + 2, first + 4, …; with one frame, of that frame. */
    private static float[] coarse(float[][] frames, int first, int gw, int gh, int fw, int fh) {
        float[] coarse = new float[fw * fh];
        int[] count = new int[fw * fh];
        for (int i = Math.min(first, frames.length - 1); i < frames.length; i += 2) {
            float[] f = frames[i];
            for (int y = 0; y < gh; y++) {
                int cy = Math.min(fh - 1, y * fh / gh);
                for (int x = 0; x < gw; x++) {
                    int cx = Math.min(fw - 1, x * fw / gw);
                    coarse[cy * fw + cx] += f[y * gw + x];
                    count[cy * fw + cx]++;
                }
            }
        }
        for (int i = 0; i < coarse.length; i++) {
            coarse[i] /= Math.max(1, count[i]);
        }
        return coarse;
    }

    private static float[] highPass(float[] coarse, int fw, int fh) {
        float[] high = new float[coarse.length];
        for (int y = 0; y < fh; y++) {
            for (int x = 0; x < fw; x++) {
                high[y * fw + x] = coarse[y * fw + x] - mean(coarse, fw, fh, x, y);
            }
        }
        return high;
    }

    private static float mean(float[] v, int w, int h, int x, int y) {
        double s = 0;
        int k = 0;
        for (int dy = -2; dy <= 2; dy++) {
            for (int dx = -2; dx <= 2; dx++) {
                int xx = x + dx;
                int yy = y + dy;
                if (xx >= 0 && yy >= 0 && xx < w && yy < h) {
                    s += v[yy * w + xx];
                    k++;
                }
            }
        }
        return (float) (s / k);
    }
}
