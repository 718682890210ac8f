package org.stillframe.report;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import javax.imageio.ImageIO;
import org.stillframe.correct.Sums;
import org.stillframe.fft.FftPlans;
import org.stillframe.fft.RealFft2d;
import org.stillframe.io.AtomicFiles;

/**
 * The QC report's pictures of one movie, made by the task while its sum is in memory (so the report never reads
 * a movie or a sum again): the sum binned down to at most {@link #MAX_SIDE} px and its power spectrum, as 8-bit
 * grey PNGs under {@code thumbnails/} beside the sums ({@code STEM_sum.png}, {@code STEM_ps.png}), each written
 * atomically.
 */
public final class Thumbnails {

    /** Longest side of a thumbnail (px). */
    public static final int MAX_SIDE = 256;

    /** The power spectrum is averaged over tiles of this size (px, square): Thon rings show at any sum size. */
    static final int TILE = 512;

    /** At most this many tiles per side are averaged (16 tiles: ~40 ms on one core; more add little contrast). */
    private static final int MAX_TILES_PER_SIDE = 4;

    private Thumbnails() {
    }

    /** The folder of a run's thumbnails, beside the sums in {@code outputFolder}. */
    public static Path folder(Path outputFolder) {
        return outputFolder.resolve("thumbnails");
    }

    public static Path sumFile(Path outputFolder, String stem) {
        return folder(outputFolder).resolve(stem + "_sum.png");
    }

    public static Path spectrumFile(Path outputFolder, String stem) {
        return folder(outputFolder).resolve(stem + "_ps.png");
    }

    /**
     * Writes the two thumbnails of {@code sum} (width × height, row-major; the dose-weighted sum when there is
     * one) and returns their paths.
     */
    public static List<Path> write(Path outputFolder, String stem, float[] sum, int width, int height)
            throws IOException {
        List<Path> written = new ArrayList<>();
        Path s = sumFile(outputFolder, stem);
        AtomicFiles.write(s, png(binned(sum, width, height)));
        written.add(s);
        GreyImage spectrum = powerSpectrum(sum, width, height);
        if (spectrum != null) {
            Path p = spectrumFile(outputFolder, stem);
            AtomicFiles.write(p, png(spectrum));
            written.add(p);
        }
        return written;
    }

    /**
     * {@code outputs} followed by the thumbnails of the movie's dose-weighted sum (its plain sum without dose
     * weighting). They are a picture for the report, not a product: a failure to make them is logged and the movie
     * stays ok, without them.
     */
    public static List<Path> added(List<Path> outputs, Sums sums, Path outputFolder, String stem,
                                   Consumer<String> log) {
        float[] image = sums == null ? null : sums.doseWeighted() != null ? sums.doseWeighted() : sums.plain();
        if (image == null) {
            return outputs;
        }
        List<Path> all = new ArrayList<>(outputs);
        try {
            all.addAll(write(outputFolder, stem, image, sums.width(), sums.height()));
        } catch (IOException | RuntimeException e) {
            log.accept(stem + ": no QC thumbnails: " + e);
        }
        return all;
    }

    /** A grey image before contrast: w × h values. */
    record GreyImage(float[] values, int width, int height) {
    }

    /** The sum box-averaged by the smallest integer factor that brings its longest side to at most MAX_SIDE. */
    static GreyImage binned(float[] image, int width, int height) {
        int bin = Math.max(1, (int) Math.ceil(Math.max(width, height) / (double) MAX_SIDE));
        int w = Math.max(1, width / bin);
        int h = Math.max(1, height / bin);
        float[] out = new float[w * h];
        for (int y = 0; y < h * bin && y < height; y++) {
            int row = y / bin * w;
            int src = y * width;
            for (int x = 0; x < w * bin; x++) {
                out[row + x / bin] += image[src + x];
            }
        }
        float norm = 1f / (bin * bin);
        for (int i = 0; i < out.length; i++) {
            out[i] *= norm;
        }
        return new GreyImage(out, w, h);
    }

    /**
     * The log power spectrum, zero frequency centred, averaged over up to 4 × 4 non-overlapping {@link #TILE}²
     * tiles from the middle of the image (Welch's method: the average lowers the speckle so rings stand out),
     * binned to at most MAX_SIDE px. Null when the image is smaller than one tile.
     */
    static GreyImage powerSpectrum(float[] image, int width, int height) {
        int tilesX = Math.min(MAX_TILES_PER_SIDE, width / TILE);
        int tilesY = Math.min(MAX_TILES_PER_SIDE, height / TILE);
        if (tilesX == 0 || tilesY == 0) {
            return null;
        }
        RealFft2d fft = FftPlans.of(TILE, TILE);
        float[] tile = new float[TILE * TILE];
        float[] spectrum = new float[fft.spectrumLength()];
        double[] power = new double[TILE * TILE];
        int x0 = (width - tilesX * TILE) / 2;
        int y0 = (height - tilesY * TILE) / 2;
        int cols = TILE / 2 + 1;
        for (int ty = 0; ty < tilesY; ty++) {
            for (int tx = 0; tx < tilesX; tx++) {
                double mean = 0;
                for (int y = 0; y < TILE; y++) {
                    System.arraycopy(image, (y0 + ty * TILE + y) * width + x0 + tx * TILE, tile, y * TILE, TILE);
                }
                for (float v : tile) {
                    mean += v;
                }
                float m = (float) (mean / tile.length);
                for (int i = 0; i < tile.length; i++) {
                    tile[i] -= m;
                }
                fft.forward(tile, spectrum);
                // Fill the centred full plane from the half spectrum (Friedel symmetry for the other half).
                for (int r = 0; r < TILE; r++) {
                    int fy = r <= TILE / 2 ? r : r - TILE;
                    for (int c = 0; c < cols; c++) {
                        int i = (r * cols + c) * 2;
                        double p = (double) spectrum[i] * spectrum[i] + (double) spectrum[i + 1] * spectrum[i + 1];
                        power[index(fy, c)] += p;
                        if (c > 0 && c < TILE / 2) {
                            power[index(-fy, -c)] += p;
                        }
                    }
                }
            }
        }
        float[] log = new float[TILE * TILE];
        for (int i = 0; i < log.length; i++) {
            log[i] = (float) Math.log1p(power[i]);
        }
        log[index(0, 0)] = log[index(0, 1)]; // the removed mean leaves a hole in the middle
        return binned(log, TILE, TILE);
    }

    /** Index of frequency (fy, fx) in a TILE² plane with zero frequency at (TILE/2, TILE/2). */
    private static int index(int fy, int fx) {
        int y = Math.floorMod(fy + TILE / 2, TILE);
        int x = Math.floorMod(fx + TILE / 2, TILE);
        return y * TILE + x;
    }

    /**
     * An 8-bit grey PNG; grey levels span the 0.5th to 99.5th percentile (a few hot or dead pixels do not wash the
     * picture out). Row 0 of the image is drawn at the bottom, as MRC viewers show it.
     */
    static byte[] png(GreyImage img) throws IOException {
        float[] sorted = img.values().clone();
        Arrays.sort(sorted);
        float lo = sorted[(int) (0.005 * (sorted.length - 1))];
        float hi = sorted[(int) Math.ceil(0.995 * (sorted.length - 1))];
        float scale = hi > lo ? 255f / (hi - lo) : 0f;
        BufferedImage out = new BufferedImage(img.width(), img.height(), BufferedImage.TYPE_BYTE_GRAY);
        byte[] pixels = ((java.awt.image.DataBufferByte) out.getRaster().getDataBuffer()).getData();
        for (int y = 0; y < img.height(); y++) {
            int src = (img.height() - 1 - y) * img.width();
            for (int x = 0; x < img.width(); x++) {
                float v = (img.values()[src + x] - lo) * scale;
                pixels[y * img.width() + x] = (byte) Math.max(0, Math.min(255, Math.round(v)));
            }
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ImageIO.write(out, "png", bytes);
        return bytes.toByteArray();
    }
}
