package org.stillframe.align.patch;

/**
 * Patch alignment results: per patch its centre (input px), the residual shift of every frame after the global
 * shift (input px, correction sign, relative to the patch's first frame), its measurement noise, and whether
 * the model fit rejected it as an outlier.
 */
public record PatchShifts(PatchLayout layout, double[][] x, double[][] y, double[] noisePx, boolean[] rejected) {

    public int patches() {
        return layout.count();
    }

    public int frames() {
        return x.length == 0 ? 0 : x[0].length;
    }
}
