package org.stillframe.ctf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class CtfTest {

    @Test
    void amplitudeContrastAtTheOriginAndTheFirstZeroWhereChiIsPi() {
        Ctf c = new Ctf(300, 2.7, 0.1, 15000, 15000, 0, 0);
        assertEquals(0.1, c.value(0, 0), 1e-12, "CTF(0) = Q");
        double lambda = Ctf.wavelengthA(300);
        // First zero: π·λ·Δf·k² − π/2·Cs·λ³·k⁴ + atan(Q/√(1−Q²)) = π, solved for k² (quadratic).
        double a = 0.5 * Math.PI * 2.7e7 * Math.pow(lambda, 3);
        double b = Math.PI * lambda * 15000;
        double rhs = Math.PI - Math.atan(0.1 / Math.sqrt(1 - 0.01));
        double k2 = (b - Math.sqrt(b * b - 4 * a * rhs)) / (2 * a);
        double k = Math.sqrt(k2);
        assertEquals(0, c.value(k, 0), 1e-9);
        assertTrue(c.value(0.9 * k, 0) > 0.3 && c.value(1.1 * k, 0) < -0.1, "positive first lobe, then negative");
        assertEquals(c.value(k, 0), c.value(0, k), 1e-12, "round without astigmatism");
    }

    @Test
    void astigmatismFollowsTheAngleOfDefocusU() {
        Ctf c = new Ctf(300, 2.7, 0.1, 20000, 10000, 30, 0);
        Ctf u = new Ctf(300, 2.7, 0.1, 20000, 20000, 0, 0);
        Ctf v = new Ctf(300, 2.7, 0.1, 10000, 10000, 0, 0);
        double k = 0.05;
        double along = Math.toRadians(30);
        double across = Math.toRadians(120);
        assertEquals(u.value(k, 0), c.value(k * Math.cos(along), k * Math.sin(along)), 1e-9);
        assertEquals(v.value(k, 0), c.value(k * Math.cos(across), k * Math.sin(across)), 1e-9);
    }

    @Test
    void wavelengths() {
        assertEquals(0.019687, Ctf.wavelengthA(300), 1e-6);
        assertEquals(0.025079, Ctf.wavelengthA(200), 1e-6);
    }
}
