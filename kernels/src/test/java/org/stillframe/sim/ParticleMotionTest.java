package org.stillframe.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ParticleMotionTest {

    @Test
    void eachParticleStartsAtRestAndMovesBetweenAThirdAndTheLargestAmplitude() {
        ParticleMotion m = ParticleMotion.random(200, 30, 3, 7);
        double[] o = new double[2];
        double smallest = Double.MAX_VALUE;
        double largest = 0;
        for (int p = 0; p < 200; p++) {
            m.at(p, 0, o);
            assertEquals(0, o[0], 0.0);
            assertEquals(0, o[1], 0.0);
            m.at(p, 29, o);
            double end = Math.hypot(o[0], o[1]); // g = 1 at the last frame: the bend is gone
            smallest = Math.min(smallest, end);
            largest = Math.max(largest, end);
        }
        assertTrue(smallest >= 1 - 1e-9 && largest <= 3 + 1e-9, smallest + " .. " + largest);
        assertTrue(largest - smallest > 1.5, "amplitudes spread over the range");
    }

    @Test
    void particlesMovingOnTheirOwnDoNotOverlapAndTheirTruthAddsTheirOwnMotion() {
        MovieSimulator sim = new MovieSimulator(SimulationParams.defaults(512, 512, 20, 3).withParticleMotion(2)
                .withLocal(2));
        Phantom ph = sim.phantom();
        for (int i = 0; i < ph.particleCount(); i++) {
            for (int j = i + 1; j < ph.particleCount(); j++) {
                double d = Math.hypot(ph.particleX(i) - ph.particleX(j), ph.particleY(i) - ph.particleY(j));
                assertTrue(d >= ph.particleRadius(i) + ph.particleRadius(j) - 1e-9, "particles " + i + ", " + j);
            }
        }
        double[] c = new double[2];
        double[] o = new double[2];
        double[] u = new double[2];
        int p = sim.particlesInside(0)[0];
        sim.particleCorrection(p, 0, c);
        assertEquals(0, Math.hypot(c[0], c[1]), 1e-12, "at rest in frame 1");
        sim.particleCorrection(p, 10, c);
        sim.particleMotion().at(p, 10, o);
        sim.localField().at(ph.particleX(p), ph.particleY(p), 10, u);
        assertEquals(-(sim.motionX(10) + u[0] + o[0]), c[0], 1e-12);
        assertEquals(-(sim.motionY(10) + u[1] + o[1]), c[1], 1e-12);
    }
}
