package org.stillframe.io.mrc;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class HalfTest {

    @Test
    void knownBitPatterns() {
        assertEquals(1.0f, Half.toFloat((short) 0x3c00));
        assertEquals(-2.0f, Half.toFloat((short) 0xc000));
        assertEquals(65504f, Half.toFloat((short) 0x7bff));
        assertEquals(0x1p-24f, Half.toFloat((short) 0x0001)); // smallest subnormal
        assertEquals(Float.POSITIVE_INFINITY, Half.toFloat((short) 0x7c00));
        assertEquals((short) 0x3c00, Half.fromFloat(1.0f));
        assertEquals((short) 0x3555, Half.fromFloat(1f / 3f));
        assertEquals((short) 0x7c00, Half.fromFloat(1e6f));
        assertEquals((short) 0x0001, Half.fromFloat(0x1p-24f));
    }

    @Test
    void everyHalfSurvivesARoundTripThroughFloat() {
        for (int bits = 0; bits < 0x10000; bits++) {
            float f = Half.toFloat((short) bits);
            if (Float.isNaN(f)) {
                continue;
            }
            assertEquals((short) bits, Half.fromFloat(f), "bits " + Integer.toHexString(bits));
        }
    }

    @Test
    void roundsToNearestEven() {
        // 1 + 2^-11 lies halfway between 1 and 1 + 2^-10: ties go to the even mantissa (1.0).
        assertEquals((short) 0x3c00, Half.fromFloat(1f + 0x1p-11f));
        // 1 + 3·2^-11 lies halfway between 1 + 2^-10 (odd) and 1 + 2^-9 (even).
        assertEquals((short) 0x3c02, Half.fromFloat(1f + 3 * 0x1p-11f));
    }
}
