package org.stillframe.particles;

/**
 * Reference-based motion correction's settings. Lengths in input pixels, sigmas per frame.
 *
 * @param box               box cut from every frame (even)
 * @param maskRadius        soft mask radius applied to data and references for fitting
 * @param maxRadius         highest frequency used, cycles per box (the reference's resolution)
 * @param velocitySigma     σ_v: prior standard deviation of a particle's velocity (px/frame)
 * @param divergence        σ_d: distance over which velocities are correlated, exp(−d/σ_d) (px)
 * @param accelerationSigma σ_a: prior standard deviation of the change of velocity (px/frame²)
 */
public record PolishOptions(int box, double maskRadius, double maxRadius, double velocitySigma, double divergence,
                            double accelerationSigma) implements java.io.Serializable {

    public PolishOptions {
        if (box < 16 || box % 2 != 0 || !(maskRadius > 0) || !(maxRadius > 2) || !(velocitySigma > 0)
                || !(divergence > 0) || !(accelerationSigma > 0)) {
            throw new IllegalArgumentException("polishing options out of range: " + this);
        }
    }

    public PolishOptions withHyperparameters(double velocity, double div, double acceleration) {
        return new PolishOptions(box, maskRadius, maxRadius, velocity, div, acceleration);
    }
}
