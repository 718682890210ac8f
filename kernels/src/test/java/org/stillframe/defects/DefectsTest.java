package org.stillframe.defects;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class DefectsTest {

    @Test
    void detectorFindsHotAndDeadPixelsButNotPoissonNoise() {
        int nx = 256;
        int ny = 256;
        Random r = new Random(1);
        float[] sum = new float[nx * ny];
        for (int i = 0; i < sum.length; i++) {
            sum[i] = (float) Math.max(0, 40 + Math.sqrt(40) * r.nextGaussian());
        }
        int[] hot = {100, 5000, 33333, 65000};
        for (int h : hot) {
            sum[h] = 1200;
        }
        sum[777] = 0; // dead
        HotPixelDetector.Detection d = HotPixelDetector.detect(sum, nx, ny, null);
        assertEquals(4, d.hot());
        assertEquals(1, d.dead());
        for (int h : hot) {
            assertTrue(d.mask()[h]);
        }
        assertTrue(d.mask()[777]);
        assertTrue(d.cluster() <= 2, "neighbours flagged by chance: " + d.cluster());
    }

    @Test
    void repairTakesValuesFromGoodNeighboursAndIsRepeatable() {
        int nx = 32;
        int ny = 32;
        boolean[] mask = new boolean[nx * ny];
        mask[16 * nx + 16] = true;
        mask[16 * nx + 17] = true;
        DefectMap map = DefectMap.of(mask, nx, ny, 7);
        assertEquals(2, map.count());
        float[] image = new float[nx * ny];
        for (int i = 0; i < image.length; i++) {
            image[i] = i; // every value names its pixel
        }
        image[16 * nx + 16] = -1;
        image[16 * nx + 17] = -1;
        float[] again = image.clone();
        map.repair(image, 3);
        map.repair(again, 3);
        for (int b : map.badPixels()) {
            int source = (int) image[b];
            assertTrue(source >= 0 && !mask[source], "replaced from a good pixel");
            int dx = Math.abs(source % nx - b % nx);
            int dy = Math.abs(source / nx - b / nx);
            assertTrue(dx <= 2 && dy <= 2, "neighbour within 2 px, got " + dx + ", " + dy);
            assertEquals(image[b], again[b], 0, "same seed and frame, same choice");
        }
    }
}
