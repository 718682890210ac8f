package org.stillframe.sim;

/**
 * A movie of particles of one known 3D density (for reference-based motion correction): CTF-modulated projections
 * at random orientations, each particle moving along a smooth trajectory whose amplitude is spatially correlated
 * across the micrograph.
 *
 * @param width            frame width (px)
 * @param height           frame height (px)
 * @param frames           frames
 * @param pixelSizeA       pixel size (Å)
 * @param dosePerFrame     e/Å² per frame
 * @param particles        particles (placed without overlap; fewer if the field is full)
 * @param radiusPx         the density's radius (px)
 * @param contrast         darkening per unit projected density (weak-phase scale)
 * @param defocusA         defocus (Å, underfocus positive), the same for every particle
 * @param voltageKv        voltage (kV)
 * @param driftPx          whole-frame motion path (px)
 * @param motionPx         standard deviation of a particle's displacement at the last frame on top of the drift (px)
 * @param correlationPx    distance over which particles' motions are correlated: exp(−d / this)
 * @param damage           radiation damage: frame i filtered by exp(−E_i / (2 N_e(k)))
 * @param seed             random seed of the movie (positions, orientations, motion, noise)
 * @param densitySeed      random seed of the density: movies of one dataset share it
 * @param ownDecayFrames   time constant (frames) of the particles' own motion, 1 − e^(−f/τ); 0: drawn from 2–6
 *                         frames per movie (a burst); a large value gives a steady motion
 */
public record ProjectionParams(int width, int height, int frames, double pixelSizeA, double dosePerFrame,
                               int particles, double radiusPx, double contrast, double defocusA, double voltageKv,
                               double driftPx, double motionPx, double correlationPx, boolean damage, long seed,
                               long densitySeed, double ownDecayFrames) {

    public ProjectionParams {
        if (width < 64 || height < 64 || width % 2 != 0 || height % 2 != 0 || frames < 2 || particles < 1
                || !(radiusPx >= 4) || !(pixelSizeA > 0) || !(dosePerFrame > 0) || !(correlationPx > 0)
                || !(ownDecayFrames >= 0)) {
            throw new IllegalArgumentException("projection movie parameters out of range: " + this);
        }
    }

    /** The particles' own motion a burst of 2–6 frames. */
    public ProjectionParams(int width, int height, int frames, double pixelSizeA, double dosePerFrame, int particles,
                            double radiusPx, double contrast, double defocusA, double voltageKv, double driftPx,
                            double motionPx, double correlationPx, boolean damage, long seed, long densitySeed) {
        this(width, height, frames, pixelSizeA, dosePerFrame, particles, radiusPx, contrast, defocusA, voltageKv,
                driftPx, motionPx, correlationPx, damage, seed, densitySeed, 0);
    }

    /** 1024², 24 frames, 1.5 Å/px, 2 e/Å² per frame, 60 particles of radius 20 px, 1.5 µm defocus, damage. */
    public static ProjectionParams defaults(long seed) {
        return new ProjectionParams(1024, 1024, 24, 1.5, 2, 60, 20, 0.08, 15000, 300, 15, 1.5, 400, true, seed, 1);
    }
}
