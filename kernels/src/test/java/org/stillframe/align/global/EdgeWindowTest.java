package org.stillframe.align.global;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class EdgeWindowTest {

    @Test
    void overlapMatchesABruteForceSumOfWindowProducts() {
        int n = 200;
        EdgeWindow w = new EdgeWindow(n, n, 0.05, 50);
        // The window's profile along x, read back from applying it (with zero mean) to a single row of 1s.
        double[] profile = new double[n];
        float[] image = new float[n * n];
        for (int x = 0; x < n; x++) {
            image[n * (n / 2) + x] = 1;
        }
        w.apply(image, 0);
        for (int x = 0; x < n; x++) {
            profile[x] = image[n * (n / 2) + x];
        }
        for (int d : new int[] {0, 3, 17, 40}) {
            double brute = 0;
            double zero = 0;
            for (int x = 0; x < n; x++) {
                zero += profile[x] * profile[x];
                if (x + d < n) {
                    brute += profile[x] * profile[x + d];
                }
            }
            assertEquals(brute / zero, w.overlap(d, 0), 1e-4, "offset " + d);
        }
    }
}
