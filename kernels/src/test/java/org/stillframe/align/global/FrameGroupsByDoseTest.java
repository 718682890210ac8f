package org.stillframe.align.global;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class FrameGroupsByDoseTest {

    /** MotionCor2 manual: 20 frames at 0.3, 20 (of 2 raw) at 0.6, 20 (of 4 raw) at 1.2, -Group 4 → 5 + 10 + 20. */
    @Test
    void groupsByDoseAsTheManualsExample() {
        double[] doses = new double[60];
        for (int i = 0; i < 60; i++) {
            doses[i] = i < 20 ? 0.3 : i < 40 ? 0.6 : 1.2;
        }
        FrameGroups g = FrameGroups.byDose(doses, 4);
        assertEquals(35, g.count());
        assertEquals(4, g.end(0) - g.start(0));
        assertEquals(2, g.end(5) - g.start(5));
        assertEquals(1, g.end(34) - g.start(34));
    }

    @Test
    void constantDoseGivesUniformGroups() {
        double[] doses = new double[12];
        java.util.Arrays.fill(doses, 0.8);
        FrameGroups g = FrameGroups.byDose(doses, 3);
        assertEquals(4, g.count());
        for (int j = 0; j < 4; j++) {
            assertEquals(3 * j, g.start(j));
        }
    }
}
