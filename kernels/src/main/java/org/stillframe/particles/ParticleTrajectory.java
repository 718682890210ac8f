package org.stillframe.particles;

/**
 * A particle's own motion found on top of the movie's motion: per frame the residual correction (px, MotionCor2
 * sign, 0 at the reference frame), smoothed by the priors, and the weakly regularised "raw" estimate drawn beside
 * it in diagnostics (null when not asked for).
 *
 * @param signalZ  significance of the particle's signal across frames (z-score; ~N(0, 1) for an empty box)
 * @param fallback true when the signal was too weak and the particle keeps the movie's motion (residual 0)
 */
public record ParticleTrajectory(double[] x, double[] y, double[] rawX, double[] rawY, double signalZ,
                                 boolean fallback) {

    public int frames() {
        return x.length;
    }
}
