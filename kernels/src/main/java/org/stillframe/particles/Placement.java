package org.stillframe.particles;

import java.util.List;

/** Where each particle's box sits in each frame: integer origin and the sub-pixel shift that centres it. */
final class Placement {
    final int[][] originX; // [particle][frame]
    final int[][] originY;
    final double[][] restX; // shift (px) moving the particle to the box centre
    final double[][] restY;

    Placement(MovieMotion motion, List<ParticlePick> picks, int box) {
        int count = picks.size();
        int n = motion.frames();
        originX = new int[count][n];
        originY = new int[count][n];
        restX = new double[count][n];
        restY = new double[count][n];
        double[] c = new double[2];
        for (int p = 0; p < count; p++) {
            ParticlePick pick = picks.get(p);
            for (int f = 0; f < n; f++) {
                motion.correctionAt(pick.x(), pick.y(), f, c);
                // The corrected frame is frame(r − c): the particle at rest position r sits at r − c in frame f.
                double px = pick.x() - c[0];
                double py = pick.y() - c[1];
                long ix = Math.round(px);
                long iy = Math.round(py);
                originX[p][f] = (int) ix - box / 2;
                originY[p][f] = (int) iy - box / 2;
                restX[p][f] = ix - px;
                restY[p][f] = iy - py;
            }
        }
    }
}
