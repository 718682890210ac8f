package org.stillframe.particles;

import java.io.IOException;
import org.stillframe.fft.FftPlans;
import org.stillframe.fft.RealFft2d;
import org.stillframe.image.Spectra;
import org.stillframe.parallel.Workers;

/** Cuts, masks and transforms boxes; per-worker buffers. */
final class BoxCutter {
    private final int box;
    private final float[] mask;
    private final double maskSum;
    private final RealFft2d fft;
    private final float[][] image;
    private final float[][] spectrum;

    BoxCutter(int box, double maskRadius, int workers) {
        this.box = box;
        this.fft = FftPlans.of(box, box);
        this.mask = softDisc(box, maskRadius);
        double s = 0;
        for (float m : mask) {
            s += m;
        }
        this.maskSum = s;
        this.image = new float[workers][box * box];
        this.spectrum = new float[workers][fft.spectrumLength()];
    }

    /** A disc of radius r with a raised-cosine edge 0.1·box wide (outside r), centred on the box centre. */
    static float[] softDisc(int box, double r) {
        float[] m = new float[box * box];
        double edge = Math.max(2, 0.1 * box);
        for (int y = 0; y < box; y++) {
            for (int x = 0; x < box; x++) {
                double d = Math.hypot(x - box / 2, y - box / 2);
                double v = d <= r ? 1 : d >= r + edge ? 0 : 0.5 * (1 + Math.cos(Math.PI * (d - r) / edge));
                m[y * box + x] = (float) v;
            }
        }
        return m;
    }

    /** Copies the box at (x0, y0) from the frame, filling pixels outside it with {@code fill}. */
    void cut(FrameReader frames, int x0, int y0, float fill, float[] out) {
        int nx = frames.width();
        int ny = frames.height();
        float[] frame = frames.frame;
        for (int y = 0; y < box; y++) {
            int fy = y0 + y;
            int row = y * box;
            if (fy < 0 || fy >= ny) {
                java.util.Arrays.fill(out, row, row + box, fill);
                continue;
            }
            int xs = Math.max(0, -x0);
            int xe = Math.min(box, nx - x0);
            if (xs >= xe) {
                java.util.Arrays.fill(out, row, row + box, fill);
                continue;
            }
            java.util.Arrays.fill(out, row, row + xs, fill);
            System.arraycopy(frame, fy * nx + x0 + xs, out, row + xs, xe - xs);
            java.util.Arrays.fill(out, row + xe, row + box, fill);
        }
    }

    /** The tracking band of every particle from..to−1 in every frame: [particle][frame][2K]. */
    float[][][] bands(FrameReader frames, Placement place, TrackingBand band, int from, int to, Workers workers)
            throws IOException {
        int n = frames.frames();
        float[][][] out = new float[to - from][n][2 * band.size()];
        for (int f = 0; f < n; f++) {
            float fill = frames.read(f);
            int frame = f;
            workers.forEach(to - from, (w, j) -> {
                int p = from + j;
                float[] img = image[w];
                cut(frames, place.originX[p][frame], place.originY[p][frame], fill, img);
                double mean = 0;
                for (int i = 0; i < img.length; i++) {
                    mean += mask[i] * img[i];
                }
                float m = (float) (mean / maskSum);
                for (int i = 0; i < img.length; i++) {
                    img[i] = (img[i] - m) * mask[i];
                }
                fft.forward(img, spectrum[w]);
                band.gather(spectrum[w], place.restX[p][frame], place.restY[p][frame], out[j][frame]);
            });
        }
        return out;
    }

    /** The dose-weighted, motion-corrected sum of every particle from..from+len−1, cropped to outBox. */
    float[][] extract(FrameReader frames, Placement place, ParticleTrajectory[] trajectories, int from,
                      ParticleMotionCorrector.FrameWeights dose, int outBox, Workers workers) throws IOException {
        int n = frames.frames();
        int len = trajectories.length;
        int specLen = fft.spectrumLength();
        float[][] acc = new float[len][specLen];
        float[] weights = new float[specLen / 2];
        int cols = box / 2 + 1;
        for (int f = 0; f < n; f++) {
            float fill = frames.read(f);
            for (int r = 0; r < box; r++) {
                double sy = Spectra.rowFrequency(r, box) / (double) box;
                for (int c = 0; c < cols; c++) {
                    double s = Math.hypot(c / (double) box, sy);
                    weights[r * cols + c] = dose == null ? 1f : dose.weight(f, s);
                }
            }
            int frame = f;
            workers.forEach(len, (w, j) -> {
                int p = from + j;
                float[] img = image[w];
                cut(frames, place.originX[p][frame], place.originY[p][frame], fill, img);
                fft.forward(img, spectrum[w]);
                double sx = place.restX[p][frame] + trajectories[j].x()[frame];
                double sy = place.restY[p][frame] + trajectories[j].y()[frame];
                Spectra.shift(spectrum[w], box, box, sx, sy, spectrum[w], false);
                float[] a = acc[j];
                float[] s = spectrum[w];
                for (int i = 0; i < weights.length; i++) {
                    a[2 * i] += weights[i] * s[2 * i];
                    a[2 * i + 1] += weights[i] * s[2 * i + 1];
                }
            });
        }
        RealFft2d outFft = FftPlans.of(outBox, outBox);
        float[][] images = new float[len][];
        float scale = (float) ((double) outBox * outBox / ((double) box * box));
        workers.forEach(len, (w, j) -> {
            float[] cropped = outBox == box ? acc[j] : new float[outFft.spectrumLength()];
            if (outBox != box) {
                Spectra.crop(acc[j], box, box, cropped, outBox, outBox, scale);
            }
            float[] out = new float[outBox * outBox];
            outFft.inverse(cropped, out);
            float norm = 1f / (outBox * outBox);
            for (int i = 0; i < out.length; i++) {
                out[i] *= norm;
            }
            acc[j] = null;
            images[j] = out;
        });
        return images;
    }
}
