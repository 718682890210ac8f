package org.stillframe.fft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;

class SpectrumPoolTest {

    @Test
    void aSpectrumGivenBackIsTheNextOneTakenOfItsSizeOnly() {
        RealFft2d fft = FftPlans.of(96, 64);
        NativeSpectrum a = SpectrumPool.take(fft);
        long idle = SpectrumPool.idleBytes();
        SpectrumPool.give(a);
        assertEquals(idle + a.bytes(), SpectrumPool.idleBytes());
        assertNotSame(a, SpectrumPool.take(FftPlans.of(64, 96)), "another size gets its own memory");
        assertSame(a, SpectrumPool.take(fft));
        assertEquals(idle, SpectrumPool.idleBytes());
        a.close();
    }

    @Test
    void nothingBeyondTheCapIsKept() {
        NativeSpectrum huge = new NativeSpectrum(8192, 8192); // 268 MB: more than the pool keeps (not touched)
        long idle = SpectrumPool.idleBytes();
        SpectrumPool.give(huge);
        assertEquals(idle, SpectrumPool.idleBytes());
    }
}
