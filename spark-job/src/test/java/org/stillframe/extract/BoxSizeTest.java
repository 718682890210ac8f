package org.stillframe.extract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.stillframe.fft.FftSizes;

class BoxSizeTest {

    @Test
    void electronWavelengths() {
        assertEquals(0.019687, BoxSize.wavelengthA(300), 1e-6);
        assertEquals(0.025079, BoxSize.wavelengthA(200), 1e-6);
    }

    @Test
    void rosenthalAndHendersonExample() {
        // 150 Å particle, 1.5 µm defocus, 3 Å, 300 kV: 150 + 2·0.019687·15000/3 = 346.9 Å.
        assertEquals(346.9, BoxSize.angstroms(150, 1.5, 3, 300), 0.05);
        int px = BoxSize.pixels(150, 1.5, 3, 300, 1.0);
        assertTrue(px >= 347 && px % 2 == 0 && FftSizes.isGood(px), "box " + px);
        assertEquals(350, px);
        assertEquals(180, BoxSize.pixels(150, 1.5, 3, 300, 2.0), "174 rounded up to a size with factors 2, 3, 5, 7");
    }
}
