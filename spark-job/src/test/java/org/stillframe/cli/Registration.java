package org.stillframe.cli;

import java.nio.file.Path;
import org.stillframe.correct.MovieFrames;
import org.stillframe.fft.FftPlans;
import org.stillframe.fft.RealFft2d;
import org.stillframe.io.mrc.MrcHeader;
import org.stillframe.io.mrc.MrcMode;
import org.stillframe.io.mrc.MrcWriter;

/**
 * Test measurements of where one image lies relative to another, independent of the aligner: the sub-pixel peak of
 * a plain cross-correlation (integer maximum, then a 3-point parabola per axis), over the whole image or a patch.
 */
final class Registration {

    private Registration() {
    }

    /** The displacement d (px) with a(r) ≈ b(r − d), over the whole (periodic) images. */
    static double[] offset(float[] a, float[] b, int nx, int ny) {
        return peak(a, b, nx, ny);
    }

    /**
     * The displacement d with a(r) ≈ b(r − d) inside the size × size patch centred at (cx, cy): both patches
     * mean-subtracted and tapered by a cosine edge, so that the patch borders do not add a peak at zero.
     */
    static double[] patchOffset(float[] a, float[] b, int nx, int cx, int cy, int size) {
        return peak(patch(a, nx, cx, cy, size), patch(b, nx, cx, cy, size), size, size);
    }

    private static float[] patch(float[] img, int nx, int cx, int cy, int size) {
        float[] p = new float[size * size];
        double mean = 0;
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                p[y * size + x] = img[(cy - size / 2 + y) * nx + cx - size / 2 + x];
                mean += p[y * size + x];
            }
        }
        mean /= p.length;
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                p[y * size + x] = (float) ((p[y * size + x] - mean) * taper(x, size) * taper(y, size));
            }
        }
        return p;
    }

    /** 1 inside, a raised cosine over the outer eighth on each side. */
    private static double taper(int i, int n) {
        int edge = n / 8;
        int d = Math.min(i, n - 1 - i);
        return d >= edge ? 1 : 0.5 - 0.5 * Math.cos(Math.PI * (d + 0.5) / edge);
    }

    private static double[] peak(float[] a, float[] b, int nx, int ny) {
        RealFft2d fft = FftPlans.of(nx, ny);
        float[] fa = new float[fft.spectrumLength()];
        float[] fb = new float[fft.spectrumLength()];
        fft.forward(a, fa);
        fft.forward(b, fb);
        for (int i = 0; i < fa.length; i += 2) {
            // A·conj(B): its inverse peaks at d where a(r) = b(r − d).
            float re = fa[i] * fb[i] + fa[i + 1] * fb[i + 1];
            float im = fa[i + 1] * fb[i] - fa[i] * fb[i + 1];
            fa[i] = re;
            fa[i + 1] = im;
        }
        fa[0] = 0;
        fa[1] = 0;
        float[] c = new float[nx * ny];
        fft.inverse(fa, c);
        int best = 0;
        for (int i = 1; i < c.length; i++) {
            if (c[i] > c[best]) {
                best = i;
            }
        }
        int px = best % nx;
        int py = best / nx;
        double dx = parabola(c[py * nx + (px + nx - 1) % nx], c[best], c[py * nx + (px + 1) % nx]);
        double dy = parabola(c[((py + ny - 1) % ny) * nx + px], c[best], c[((py + 1) % ny) * nx + px]);
        return new double[] {wrap(px, nx) + dx, wrap(py, ny) + dy};
    }

    private static double parabola(double minus, double centre, double plus) {
        double d = minus - 2 * centre + plus;
        return d == 0 ? 0 : (minus - plus) / (2 * d);
    }

    private static int wrap(int i, int n) {
        return i > n / 2 ? i - n : i;
    }

    /** Writes a movie's frames as an int16 MRC file (1 Å/px). */
    static void writeMovie(MovieFrames movie, Path file) throws Exception {
        MrcHeader h = MrcHeader.forImage(movie.width(), movie.height(), movie.frameCount(), MrcMode.INT16, 1.0);
        try (MrcWriter w = MrcWriter.create(file, h)) {
            float[] frame = new float[movie.width() * movie.height()];
            for (int z = 0; z < movie.frameCount(); z++) {
                movie.read(z, frame);
                w.writeSection(frame);
            }
            w.commit();
        }
    }
}
