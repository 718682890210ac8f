package org.stillframe.particles;

import org.stillframe.ctf.Ctf;

/**
 * A particle with a pose, for reference-based motion correction: its pick on the micrograph (input px), its
 * orientation (RELION's rot, tilt, psi in degrees), its CTF and its half set (1 or 2: which half-map it was
 * refined against, so that it is only ever compared with that one when fitting).
 */
public record PolishParticle(double x, double y, double rot, double tilt, double psi, Ctf ctf, int halfSet)
        implements java.io.Serializable {

    public PolishParticle {
        if (halfSet != 1 && halfSet != 2) {
            throw new IllegalArgumentException("half set must be 1 or 2, got " + halfSet);
        }
    }

    public ParticlePick pick() {
        return new ParticlePick(x, y);
    }
}
