package org.stillframe.correct;

/**
 * The images made from the aligned frames, all width × height (after Fourier binning); absent ones are null.
 *
 * @param binning input pixels per output pixel along x and y (nx / width), for the output pixel size
 */
public record Sums(int width, int height, double binning, float[] plain, float[] doseWeighted,
                   float[] doseWeightedSelection, float[] even, float[] odd) {
}
