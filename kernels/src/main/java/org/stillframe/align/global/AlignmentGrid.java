package org.stillframe.align.global;

import org.stillframe.fft.FftSizes;

/**
 * The Fourier-cropped grid the frames are correlated on.
 *
 * <p>MotionCor2 correlates on a grid whose shorter side is about 2048 px (crop factor
 * {@code max(1, min(nx, ny)/2048)}) and defines the B-factor in pixels of that grid. Frequencies where the
 * B-factor weight has fallen below 3 % add little to the correlation peak, so the grid is cropped further to
 * just hold them: the same peak from a much smaller inverse FFT.
 *
 * @param nx       frame width (input pixels)
 * @param ny       frame height
 * @param gridX    correlation grid width (≤ nx, even)
 * @param gridY    correlation grid height
 * @param bScale   MotionCor2's crop factor: cycles per B-factor pixel = bScale · cycles per input pixel
 */
public record AlignmentGrid(int nx, int ny, int gridX, int gridY, double bScale) {

    /** Weight below which frequencies are dropped from the correlation. */
    static final double NEGLIGIBLE_WEIGHT = 3e-2;

    /** Smallest grid side used, so that the correlation window keeps room for large shifts. */
    static final int MIN_GRID = 128;

    public static AlignmentGrid choose(int nx, int ny, double bFactor) {
        double bScale = Math.max(1.0, Math.min(nx, ny) / 2048.0);
        double cutoff = 0.5 / bScale; // MotionCor2's grid Nyquist, in cycles per input pixel
        if (bFactor > 0) {
            double sB = Math.sqrt(2.0 * Math.log(1.0 / NEGLIGIBLE_WEIGHT) / bFactor);
            cutoff = Math.min(cutoff, sB / bScale);
        }
        return new AlignmentGrid(nx, ny, gridSide(nx, cutoff), gridSide(ny, cutoff), bScale);
    }

    private static int gridSide(int n, double cutoff) {
        int side = (int) Math.ceil(2.0 * cutoff * n);
        side = Math.max(side, Math.min(MIN_GRID, n));
        int good = FftSizes.goodAtLeast(side);
        return good <= n ? good : (n - (n & 1));
    }

    /** The grid with half the frequencies along each axis (at least {@value #MIN_GRID} px), for a coarse pass. */
    public AlignmentGrid half() {
        return new AlignmentGrid(nx, ny, halfSide(gridX), halfSide(gridY), bScale);
    }

    private static int halfSide(int side) {
        return side <= MIN_GRID ? side : Math.max(MIN_GRID, FftSizes.goodAtMost(side / 2));
    }

    /** Input pixels per grid pixel along x. */
    public double binX() {
        return (double) nx / gridX;
    }

    /** Input pixels per grid pixel along y. */
    public double binY() {
        return (double) ny / gridY;
    }
}
