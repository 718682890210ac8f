package org.stillframe.spark;

/**
 * What {@code job --polish} asks: the refinement's particles STAR, the half-maps (and mask) as paths every executor
 * can read, the reference's resolution, box rule, output box and format, the priors (NaN: chosen by
 * cross-validation on the first {@code cvMicrographs} movies).
 */
public record PolishRequest(String particles, String half1, String half2, String mask, double resolutionA, int box,
                            double diameterA, int outBox, boolean float16, double sigmaV, double sigmaD,
                            double sigmaA, int cvMicrographs) {

    boolean priorsGiven() {
        return Double.isFinite(sigmaV) && Double.isFinite(sigmaD) && Double.isFinite(sigmaA);
    }
}
