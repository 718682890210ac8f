package org.stillframe.gain;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class GainOrientationTest {

    /** A 4 × 3 image with one marked pixel at (x=1, y=0); where each code puts it, by the stated formulas. */
    @Test
    void eachRotationAndFlipMovesAMarkedPixelWhereTheFormulasSay() {
        int nx = 4;
        int ny = 3;
        float[] g = new float[nx * ny];
        g[0 * nx + 1] = 1; // x = 1, y = 0 (bottom row)
        int[][] expected = { // {rotation, flip, width, x, y}
            {0, 0, 4, 1, 0}, {0, 1, 4, 1, 2}, {0, 2, 4, 2, 0},
            {1, 0, 3, 2, 1}, // g'(X,Y) = g(Y, ny−1−X): Y = 1, ny−1−X = 0 → X = 2
            {2, 0, 4, 2, 2}, // g'(X,Y) = g(nx−1−X, ny−1−Y): X = 2, Y = 2
            {3, 0, 3, 0, 2}, // g'(X,Y) = g(nx−1−Y, X): X = 0, nx−1−Y = 1 → Y = 2
            {1, 1, 3, 2, 2}, // rotate then flip upside down (height 4): Y = 3 − 1
            {1, 2, 3, 0, 1}, // rotate then flip left-right (width 3): X = 2 − 2
        };
        for (int[] e : expected) {
            GainOrientation o = new GainOrientation(e[0], e[1]);
            float[] out = o.apply(g, nx, ny);
            assertEquals(e[2], o.width(nx, ny));
            int w = o.width(nx, ny);
            assertEquals(1f, out[e[4] * w + e[3]], 0, o + " should put the pixel at (" + e[3] + ", " + e[4] + ")");
            float total = 0;
            for (float v : out) {
                total += v;
            }
            assertEquals(1f, total, 0);
        }
    }

    @Test
    void fourQuarterTurnsAreTheIdentityAndEightOrientationsAreDistinct() {
        int nx = 6;
        int ny = 4;
        float[] g = new float[nx * ny];
        for (int i = 0; i < g.length; i++) {
            g[i] = i;
        }
        float[] r1 = new GainOrientation(1, 0).apply(g, nx, ny);
        float[] r2 = new GainOrientation(1, 0).apply(r1, ny, nx);
        float[] r3 = new GainOrientation(1, 0).apply(r2, nx, ny);
        float[] r4 = new GainOrientation(1, 0).apply(r3, ny, nx);
        assertEquals(java.util.Arrays.toString(g), java.util.Arrays.toString(r4));
        assertEquals(java.util.Arrays.toString(new GainOrientation(2, 0).apply(g, nx, ny)),
                java.util.Arrays.toString(r2));
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (GainOrientation o : GainOrientation.all()) {
            seen.add(java.util.Arrays.toString(o.apply(g, nx, ny)));
        }
        assertEquals(8, seen.size());
    }
}
