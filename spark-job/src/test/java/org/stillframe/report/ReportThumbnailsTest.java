package org.stillframe.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The task's thumbnails: at most 256 px whatever the sum's size, the sum's row 0 at the bottom, and the power
 * spectrum centred with a periodic pattern's peak where its frequency is.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class ReportThumbnailsTest {

    @TempDir
    Path dir;

    @Test
    void aWaveOf64CyclesPerTileShowsItsPeak32BinnedPixelsFromTheCentre() throws Exception {
        int w = 1536;
        int h = 1024;
        float[] img = new float[w * h];
        java.util.Random r = new java.util.Random(3);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                // 64 cycles per 512 px along x; a bright band at the first stored rows
                img[y * w + x] = (float) (Math.cos(2 * Math.PI * 64 * x / 512.0) + 0.1 * r.nextGaussian()
                        + (y < 64 ? 5 : 0));
            }
        }
        List<Path> files = Thumbnails.write(dir, "wave", img, w, h);
        assertEquals(List.of(Thumbnails.sumFile(dir, "wave"), Thumbnails.spectrumFile(dir, "wave")), files);

        BufferedImage sum = ImageIO.read(files.get(0).toFile());
        assertEquals(256, sum.getWidth()); // binned by 6
        assertEquals(170, sum.getHeight());
        assertTrue(sum.getRaster().getSample(100, 168, 0) > 200, "row 0 drawn at the bottom");
        assertTrue(sum.getRaster().getSample(100, 5, 0) < 200);

        BufferedImage ps = ImageIO.read(files.get(1).toFile());
        assertEquals(256, ps.getWidth()); // 512² tiles binned by 2
        assertEquals(256, ps.getHeight());
        // The wave's two peaks at ±64 cycles per 512 px: 32 binned pixels either side of the centre, on its row;
        // the grey levels clip at the 99.5th percentile, so the peaks are white and most of the plane is dark.
        for (int x : new int[] {128 - 32, 128 + 32}) {
            int peak = 0;
            for (int dy = -1; dy <= 1; dy++) {
                for (int dx = -1; dx <= 1; dx++) {
                    peak = Math.max(peak, ps.getRaster().getSample(x + dx, 128 + dy, 0));
                }
            }
            assertEquals(255, peak, "peak near " + x + ",128");
        }
        int[] levels = ps.getRaster().getSamples(0, 0, 256, 256, 0, (int[]) null);
        java.util.Arrays.sort(levels);
        assertTrue(levels[levels.length / 2] < 160, "median grey " + levels[levels.length / 2]);
    }

    @Test
    void aSumSmallerThanOneTileHasNoSpectrum() throws Exception {
        List<Path> files = Thumbnails.write(dir, "small", new float[300 * 200], 300, 200);
        assertEquals(List.of(Thumbnails.sumFile(dir, "small")), files);
        assertEquals(150, ImageIO.read(files.get(0).toFile()).getWidth());
    }
}
