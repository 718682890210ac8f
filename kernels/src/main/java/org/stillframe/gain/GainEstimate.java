package org.stillframe.gain;

import java.util.ArrayList;
import java.util.List;

/**
 * A gain reference estimated from movies, with the defects found.
 *
 * @param gain               the multiplicative gain reference (1/sensitivity, 0 at defects), row 0 at the bottom
 * @param sensitivity        relative sensitivity, mean 1 over the good pixels, 0 at defects
 * @param defects            true at every defect (bad columns and pixels, and any pixel without counts)
 * @param deadColumns        columns with far too few counts
 * @param hotColumns         columns with far too many counts
 * @param deadPixels         linear indices (y·width + x) of single pixels with far too few counts
 * @param hotPixels          linear indices of single pixels with far too many counts
 * @param meanCountsPerPixel the raw counts of a good pixel summed over all movies, on average
 */
public record GainEstimate(int width, int height, float[] gain, float[] sensitivity, boolean[] defects,
                           int[] deadColumns, int[] hotColumns, int[] deadPixels, int[] hotPixels, long movies,
                           long frames, double meanCountsPerPixel) {

    /**
     * The relative error of a pixel's gain that counting statistics alone leave: 1/√(counts), the counts summed
     * over all movies.
     */
    public double poissonLimit() {
        return meanCountsPerPixel > 0 ? 1 / Math.sqrt(meanCountsPerPixel) : Double.POSITIVE_INFINITY;
    }

    public int defectPixelCount() {
        int n = 0;
        for (boolean d : defects) {
            if (d) {
                n++;
            }
        }
        return n;
    }

    /**
     * The defects as rectangles {x, y, w, h} (MotionCor2's -DefectFile: lower-left corner, row 0 at the bottom): each
     * bad column as {@code x 0 1 height}, then each other bad pixel as {@code x y 1 1}.
     */
    public List<int[]> rectangles() {
        List<int[]> out = new ArrayList<>();
        boolean[] inColumn = new boolean[width];
        for (int[] cols : new int[][] {deadColumns, hotColumns}) {
            for (int x : cols) {
                inColumn[x] = true;
            }
        }
        for (int x = 0; x < width; x++) {
            if (inColumn[x]) {
                out.add(new int[] {x, 0, 1, height});
            }
        }
        for (int i = 0; i < defects.length; i++) {
            if (defects[i] && !inColumn[i % width]) {
                out.add(new int[] {i % width, i / width, 1, 1});
            }
        }
        return out;
    }
}
