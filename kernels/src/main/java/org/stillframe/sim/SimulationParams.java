package org.stillframe.sim;

/**
 * What to simulate.
 *
 * @param width          frame width (px)
 * @param height         frame height (px)
 * @param frames         number of frames
 * @param pixelSizeA     pixel size (Å)
 * @param dosePerFrame   exposure per frame (e/Å²); the mean count per pixel is dosePerFrame · pixelSizeA²
 * @param driftPx        total path of the whole-frame motion (px): fast early motion plus linear drift
 * @param localPx        largest local deformation at the last frame (px), 0 for none
 * @param contrast       darkening of the densest part of a particle (0.1 = 10 %)
 * @param gain           whether the detector has a non-uniform sensitivity (then a gain reference is written)
 * @param hotPixels      number of hot pixels (fixed on the detector, bright in every frame)
 * @param hotPixelLevel  a hot pixel's mean count as a multiple of the mean count per pixel
 * @param voltageKv      acceleration voltage, for dose weighting and radiation damage
 * @param seed           random seed: the same parameters and seed give the same movie
 * @param damage         radiation damage: frame i's image is filtered by exp(−E_i/(2 N_e(k))), E_i the exposure at
 *                       the end of the frame (Grant & Grigorieff's critical exposure at this voltage)
 * @param particlePx     largest motion of a particle on its own, on top of the whole-frame and local motion, at
 *                       the last frame (px; each particle draws its own between a third of this and this); 0 for none
 */
public record SimulationParams(int width, int height, int frames, double pixelSizeA, double dosePerFrame,
                               double driftPx, double localPx, double contrast, boolean gain, int hotPixels,
                               double hotPixelLevel, double voltageKv, long seed, boolean damage,
                               double particlePx) {

    public SimulationParams {
        if (width < 16 || height < 16 || width % 2 != 0 || height % 2 != 0) {
            throw new IllegalArgumentException("frame size must be even and at least 16x16, got "
                    + width + "x" + height);
        }
        if (frames < 2) {
            throw new IllegalArgumentException("a movie needs at least 2 frames, got " + frames);
        }
        if (!(pixelSizeA > 0) || !(dosePerFrame > 0)) {
            throw new IllegalArgumentException("pixel size and dose per frame must be positive");
        }
        if (!(driftPx >= 0) || !(localPx >= 0) || !(particlePx >= 0) || !(contrast >= 0 && contrast < 1)) {
            throw new IllegalArgumentException("drift, local and particle motion must be >= 0 and contrast in [0, 1)");
        }
        if (hotPixels < 0 || hotPixels > width * height / 100) {
            throw new IllegalArgumentException("hot pixels must be between 0 and 1% of the frame, got " + hotPixels);
        }
    }

    /** A 1 Å/px, 1 e/Å²/frame movie with 20 px of drift, gain pattern, no hot pixels. */
    public static SimulationParams defaults(int width, int height, int frames, long seed) {
        return new SimulationParams(width, height, frames, 1.0, 1.0, 20, 0, 0.1, true, 0, 30, 300, seed, false, 0);
    }

    public double meanCountPerPixel() {
        return dosePerFrame * pixelSizeA * pixelSizeA;
    }

    public SimulationParams withDrift(double px) {
        return new SimulationParams(width, height, frames, pixelSizeA, dosePerFrame, px, localPx, contrast, gain,
                hotPixels, hotPixelLevel, voltageKv, seed, damage, particlePx);
    }

    public SimulationParams withLocal(double px) {
        return new SimulationParams(width, height, frames, pixelSizeA, dosePerFrame, driftPx, px, contrast, gain,
                hotPixels, hotPixelLevel, voltageKv, seed, damage, particlePx);
    }

    public SimulationParams withGain(boolean g) {
        return new SimulationParams(width, height, frames, pixelSizeA, dosePerFrame, driftPx, localPx, contrast, g,
                hotPixels, hotPixelLevel, voltageKv, seed, damage, particlePx);
    }

    public SimulationParams withHotPixels(int n) {
        return new SimulationParams(width, height, frames, pixelSizeA, dosePerFrame, driftPx, localPx, contrast,
                gain, n, hotPixelLevel, voltageKv, seed, damage, particlePx);
    }

    public SimulationParams withDose(double ePerA2) {
        return new SimulationParams(width, height, frames, pixelSizeA, ePerA2, driftPx, localPx, contrast, gain,
                hotPixels, hotPixelLevel, voltageKv, seed, damage, particlePx);
    }

    public SimulationParams withContrast(double c) {
        return new SimulationParams(width, height, frames, pixelSizeA, dosePerFrame, driftPx, localPx, c, gain,
                hotPixels, hotPixelLevel, voltageKv, seed, damage, particlePx);
    }

    public SimulationParams withDamage(boolean d) {
        return new SimulationParams(width, height, frames, pixelSizeA, dosePerFrame, driftPx, localPx, contrast,
                gain, hotPixels, hotPixelLevel, voltageKv, seed, d, particlePx);
    }

    public SimulationParams withPixelSize(double a) {
        return new SimulationParams(width, height, frames, a, dosePerFrame, driftPx, localPx, contrast, gain,
                hotPixels, hotPixelLevel, voltageKv, seed, damage, particlePx);
    }

    public SimulationParams withSeed(long s) {
        return new SimulationParams(width, height, frames, pixelSizeA, dosePerFrame, driftPx, localPx, contrast,
                gain, hotPixels, hotPixelLevel, voltageKv, s, damage, particlePx);
    }

    public SimulationParams withParticleMotion(double px) {
        return new SimulationParams(width, height, frames, pixelSizeA, dosePerFrame, driftPx, localPx, contrast,
                gain, hotPixels, hotPixelLevel, voltageKv, seed, damage, px);
    }
}
