package org.stillframe.compute;

/**
 * How much two frame windows overlap when a unit is moved by (dx, dy) correlation-map pixels: the peak search
 * divides the map near its maximum by it, so that a shift is not favoured just because the windows overlap more.
 */
@FunctionalInterface
public interface Overlap {

    double at(int dx, int dy);

    /** No windows: every shift overlaps fully. */
    Overlap NONE = (dx, dy) -> 1;
}
