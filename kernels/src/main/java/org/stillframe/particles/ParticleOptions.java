package org.stillframe.particles;

/**
 * How particles are tracked and extracted. Lengths in input pixels.
 *
 * @param box               extraction box (even): boxes are cut at this size from every frame
 * @param outBox            output box (even, ≤ box): the summed particle is Fourier-cropped to it
 * @param maskRadius        radius of the soft circular mask applied to each frame's box for tracking
 * @param alignPeriod       finest detail used for tracking: the period (px) of the highest spatial frequency
 * @param velocitySigma     prior σ of the frame-to-frame change of a particle's residual motion (px per frame)
 * @param accelerationSigma prior σ of its second difference (px per frame²)
 * @param neighbourSigma    prior σ of a particle's residual motion around its neighbours' (px); weak
 * @param neighbourRadius   distance (px) over which neighbours count (Gaussian weight of this σ)
 * @param minSignalZ        particles whose signal's significance across frames is below this z-score keep the
 *                          patch/global motion (fallback) instead of following noise
 * @param memoryBytes       budget for the boxes held at once; particles are processed in batches within it
 */
public record ParticleOptions(int box, int outBox, double maskRadius, double alignPeriod, double velocitySigma,
                              double accelerationSigma, double neighbourSigma, double neighbourRadius,
                              double minSignalZ, long memoryBytes) {

    public ParticleOptions {
        if (box < 16 || box % 2 != 0) {
            throw new IllegalArgumentException("box must be even and at least 16 px, got " + box);
        }
        if (outBox < 8 || outBox % 2 != 0 || outBox > box) {
            throw new IllegalArgumentException("output box must be even, at least 8 px and at most the box ("
                    + box + "), got " + outBox);
        }
        if (!(maskRadius > 0) || !(alignPeriod >= 2) || !(velocitySigma > 0) || !(accelerationSigma > 0)
                || !(neighbourSigma > 0) || !(neighbourRadius > 0) || memoryBytes <= 0) {
            throw new IllegalArgumentException("particle options out of range: " + this);
        }
    }

    /**
     * Defaults for a box: mask at 0.4 of the box, detail to 5 px periods, priors tuned on simulated movies
     * (2 Å/px, 1–2 e/Å² per frame, particles moving 1–3 px on their own: docs/benchmarks.md).
     */
    public static ParticleOptions defaults(int box) {
        return new ParticleOptions(box, box, 0.4 * box, 5, 0.05, 0.01, 2.0, 0.25 * Math.max(box, 256), 6,
                1L << 30);
    }

    public ParticleOptions withOutBox(int b) {
        return new ParticleOptions(box, b, maskRadius, alignPeriod, velocitySigma, accelerationSigma, neighbourSigma,
                neighbourRadius, minSignalZ, memoryBytes);
    }

    public ParticleOptions withMaskRadius(double r) {
        return new ParticleOptions(box, outBox, r, alignPeriod, velocitySigma, accelerationSigma, neighbourSigma,
                neighbourRadius, minSignalZ, memoryBytes);
    }

    public ParticleOptions withAlignPeriod(double p) {
        return new ParticleOptions(box, outBox, maskRadius, p, velocitySigma, accelerationSigma, neighbourSigma,
                neighbourRadius, minSignalZ, memoryBytes);
    }

    public ParticleOptions withPriors(double velocity, double acceleration, double neighbour) {
        return new ParticleOptions(box, outBox, maskRadius, alignPeriod, velocity, acceleration, neighbour,
                neighbourRadius, minSignalZ, memoryBytes);
    }

    public ParticleOptions withMinSignalZ(double z) {
        return new ParticleOptions(box, outBox, maskRadius, alignPeriod, velocitySigma, accelerationSigma,
                neighbourSigma, neighbourRadius, z, memoryBytes);
    }

    public ParticleOptions withMemory(long bytes) {
        return new ParticleOptions(box, outBox, maskRadius, alignPeriod, velocitySigma, accelerationSigma,
                neighbourSigma, neighbourRadius, minSignalZ, bytes);
    }
}
