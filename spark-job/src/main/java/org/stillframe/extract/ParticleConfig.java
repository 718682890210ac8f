package org.stillframe.extract;

import java.io.Serializable;

/**
 * What the user asked of per-particle correction (lengths in Å unless named px).
 *
 * @param boxPx          extraction box (px), or 0 to take Rosenthal & Henderson's from the next four
 * @param diameterA      particle diameter (Å), or NaN; also sets the tracking mask (diameter + 10 %)
 * @param defocusUm      defocus for the box rule (µm)
 * @param resolutionA    expected resolution for the box rule (Å)
 * @param outBoxPx       output box after Fourier cropping (px), or 0 for the extraction box
 * @param dosePerFrame   override of the exposure per frame (e/Å²), or NaN to use the movie's -FmDose
 * @param float16        write the stacks as MRC mode 12 (half the size)
 * @param trackResolutionA finest detail used to track particles (Å)
 * @param normalise      background (outside 75 % of the box radius) to mean 0, standard deviation 1, as RELION
 * @param invert         invert contrast so particles are white (RELION's usual setting)
 * @param plots          diagnostic PNGs for the first this many movies
 */
public record ParticleConfig(int boxPx, double diameterA, double defocusUm, double resolutionA, int outBoxPx,
                             double dosePerFrame, boolean float16, double trackResolutionA, boolean normalise,
                             boolean invert, int plots) implements Serializable {

    /** The extraction box in pixels for this pixel size. */
    public int box(double pixelSizeA, double kv) {
        if (boxPx > 0) {
            return boxPx + (boxPx & 1);
        }
        if (!Double.isFinite(diameterA)) {
            throw new IllegalArgumentException("give the box (--box) or the particle diameter (--diameter)");
        }
        return BoxSize.pixels(diameterA, defocusUm, resolutionA, Double.isFinite(kv) ? kv : 300, pixelSizeA);
    }
}
