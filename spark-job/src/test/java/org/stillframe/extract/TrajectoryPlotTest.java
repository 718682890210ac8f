package org.stillframe.extract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrajectoryPlotTest {

    @TempDir
    Path dir;

    /** A 1000 × 600 image, brighter with the row index (row 0, the first stored, is drawn at the bottom). */
    private static float[] ramp() {
        float[] image = new float[1000 * 600];
        for (int y = 0; y < 600; y++) {
            for (int x = 0; x < 1000; x++) {
                image[y * 1000 + x] = y;
            }
        }
        return image;
    }

    @Test
    void drawsTheMicrographFlippedAndDownscaledWithMagnifiedTracks() throws Exception {
        Path png = dir.resolve("plot.png");
        double[] zero = new double[5];
        double[] sx = {0, 0.5, 1, 1.5, 2}; // 2 px to the right at the end: 80 px on the micrograph at ×40
        TrajectoryPlot.write(png, ramp(), 1000, 600, List.of(new TrajectoryPlot.Track(300, 300, zero, zero, sx, zero)),
                40, 500);
        BufferedImage img = ImageIO.read(png.toFile());
        assertEquals(500, img.getWidth());
        assertEquals(300, img.getHeight());
        int top = img.getRGB(250, 40) & 0xff;
        int bottom = img.getRGB(250, 290) & 0xff;
        assertTrue(top > 200 && bottom < 50, "last rows at the top: top " + top + ", bottom " + bottom);
        // The red track runs from (150, 149) to (190, 149) in the plot's pixels (y counted from the top).
        assertTrue(redNear(img, 175, 149), "red along the track");
        assertTrue(redNear(img, 188, 149), "red up to its end");
        assertTrue(!redNear(img, 175, 125) && !redNear(img, 215, 149), "no red away from the track");
    }

    private static boolean redNear(BufferedImage img, int x, int y) {
        for (int dy = -1; dy <= 1; dy++) {
            for (int dx = -1; dx <= 1; dx++) {
                if (red(img.getRGB(x + dx, y + dy))) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean red(int rgb) {
        int r = (rgb >> 16) & 0xff;
        int g = (rgb >> 8) & 0xff;
        return r > 180 && g < 90;
    }

    @Test
    void badArgumentsLeaveNoFileAndAMissingFolderIsMade() throws Exception {
        assertThrows(IllegalArgumentException.class, () -> TrajectoryPlot.write(dir.resolve("a.png"), new float[10],
                1000, 600, List.of(), 40, 500));
        assertThrows(IllegalArgumentException.class, () -> TrajectoryPlot.write(dir.resolve("a.png"), ramp(), 1000,
                600, List.of(), 0, 500));
        try (var files = Files.list(dir)) {
            assertEquals(0, files.count(), "nothing left behind");
        }
        TrajectoryPlot.write(dir.resolve("new/a.png"), ramp(), 1000, 600, List.of(), 40, 500);
        try (var files = Files.list(dir.resolve("new"))) {
            assertEquals(List.of("a.png"), files.map(f -> f.getFileName().toString()).toList(), "no temporaries");
        }
    }
}
