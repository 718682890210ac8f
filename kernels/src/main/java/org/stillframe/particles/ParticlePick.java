package org.stillframe.particles;

/**
 * A picked particle: its centre on the motion-corrected micrograph, in input pixels (x = column, y = row of the
 * stored image, 0-based; RELION's rlnCoordinateX/Y). The micrograph is registered to the motion's reference
 * frame, so this is where the particle was in that frame.
 */
public record ParticlePick(double x, double y) {
}
