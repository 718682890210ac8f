package org.stillframe.align.global;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class FrameGroupsTest {

    @Test
    void leftoverFramesGoOneEachToTheLastGroups() {
        FrameGroups g = FrameGroups.uniform(11, 3); // 3 groups: 3, 4, 4
        assertEquals(3, g.count());
        assertEquals(0, g.start(0));
        assertEquals(3, g.end(0));
        assertEquals(7, g.end(1));
        assertEquals(11, g.end(2));
    }

    @Test
    void interpolationReproducesALinearTrajectoryExactlyIncludingTheEnds() {
        FrameGroups g = FrameGroups.uniform(10, 3);
        double[] perGroup = new double[g.count()];
        for (int j = 0; j < g.count(); j++) {
            perGroup[j] = 2 - 0.5 * g.centre(j);
        }
        double[] frames = g.interpolate(perGroup);
        for (int i = 0; i < 10; i++) {
            assertEquals(2 - 0.5 * i, frames[i], 1e-12);
        }
    }

    @Test
    void groupsOfOneAreTheFramesThemselves() {
        FrameGroups g = FrameGroups.uniform(5, 1);
        assertEquals(5, g.count());
        double[] v = {1, 4, 2, 8, 5};
        double[] out = g.interpolate(v);
        for (int i = 0; i < 5; i++) {
            assertEquals(v[i], out[i], 0);
        }
    }
}
