package org.stillframe.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class RobustStatsTest {

    /** Selection gives the value sorting puts at k, for every k, with ties, NaNs and tiny arrays. */
    @Test
    void kthSmallestIsTheSortedValueAtK() {
        Random r = new Random(11);
        for (int trial = 0; trial < 300; trial++) {
            int n = 1 + r.nextInt(trial < 100 ? 8 : 400);
            float[] v = new float[n];
            int distinct = 1 + r.nextInt(trial % 3 == 0 ? 3 : 1000); // few distinct values: many ties
            for (int i = 0; i < n; i++) {
                v[i] = r.nextInt(10) == 0 && trial % 4 == 1 ? Float.NaN : r.nextInt(distinct) - distinct / 2f;
            }
            float[] sorted = v.clone();
            Arrays.sort(sorted);
            for (int k = 0; k < n; k++) {
                float got = RobustStats.kthSmallest(v.clone(), k);
                assertTrue(got == sorted[k] || Float.isNaN(got) && Float.isNaN(sorted[k]),
                        "trial " + trial + ", k " + k + ": " + got + " against " + sorted[k]);
            }
        }
    }

    @Test
    void kthSmallestOfAnOrderedAndAReversedRun() {
        float[] up = new float[50_001];
        for (int i = 0; i < up.length; i++) {
            up[i] = i;
        }
        assertEquals(25_000f, RobustStats.kthSmallest(up.clone(), 25_000));
        float[] down = new float[up.length];
        for (int i = 0; i < up.length; i++) {
            down[i] = up[up.length - 1 - i];
        }
        assertEquals(7f, RobustStats.kthSmallest(down, 7));
    }
}
