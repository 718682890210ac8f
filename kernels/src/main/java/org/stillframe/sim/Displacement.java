package org.stillframe.sim;

/** Where the specimen point at rest position (x, y) (pixels) is at frame time t: its displacement. */
@FunctionalInterface
public interface Displacement {

    /** Writes the displacement (dx, dy) in pixels of the point (x, y) at frame t into out[0], out[1]. */
    void at(double x, double y, double t, double[] out);

    Displacement NONE = (x, y, t, out) -> {
        out[0] = 0;
        out[1] = 0;
    };
}
