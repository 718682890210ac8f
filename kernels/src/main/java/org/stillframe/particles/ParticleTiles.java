package org.stillframe.particles;

import java.util.ArrayList;
import java.util.List;

/**
 * Neighbouring particles grouped into tiles that {@link ReferenceMotion} fits jointly: the spatial prior couples
 * particles within a tile, and beyond a few correlation distances it is negligible anyway.
 */
final class ParticleTiles {

    /** Largest group of particles fitted jointly: the spatial prior's cost grows with its cube. */
    static final int MAX_TILE = 256;

    private ParticleTiles() {
    }

    /** Particles grouped into spatial tiles of at most {@code max}: columns by x, then rows by y. */
    static List<int[]> of(double[] x, double[] y, int max) {
        int n = x.length;
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        List<int[]> out = new ArrayList<>();
        if (n <= max) {
            out.add(java.util.Arrays.stream(order).mapToInt(Integer::intValue).toArray());
            return out;
        }
        int cells = (n + max - 1) / max;
        int columns = (int) Math.ceil(Math.sqrt(cells));
        java.util.Arrays.sort(order, java.util.Comparator.comparingDouble(i -> x[i]));
        for (int c = 0; c < columns; c++) {
            int from = (int) ((long) n * c / columns);
            int to = (int) ((long) n * (c + 1) / columns);
            Integer[] column = java.util.Arrays.copyOfRange(order, from, to);
            java.util.Arrays.sort(column, java.util.Comparator.comparingDouble(i -> y[i]));
            int rows = (column.length + max - 1) / max;
            for (int r = 0; r < rows; r++) {
                int a = (int) ((long) column.length * r / rows);
                int b = (int) ((long) column.length * (r + 1) / rows);
                int[] tile = new int[b - a];
                for (int i = a; i < b; i++) {
                    tile[i - a] = column[i];
                }
                out.add(tile);
            }
        }
        return out;
    }
}
