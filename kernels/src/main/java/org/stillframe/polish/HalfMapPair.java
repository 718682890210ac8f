package org.stillframe.polish;

import org.stillframe.quality.Fsc;

/**
 * A refinement's two half-maps as references for polishing, each weighted by what it is worth: per shell, the
 * half-maps' FSC (masked) is the fraction of a half-map's power that is signal, so multiplying a half-map by it is
 * the Wiener estimate of the true density from that half (its SNR is FSC / (1 − FSC)). Shells where the reference
 * is mostly noise then barely pull trajectories; no hard resolution cut is needed. RELION's polishing weights its
 * references by the FSC likewise (Zivanov, Nakane & Scheres 2019).
 *
 * @param half1 the first half-map's projector, filtered
 * @param half2 the second's
 * @param fsc   the half-maps' FSC per shell (k / (n · pixel) cycles per Å)
 */
public record HalfMapPair(ReferenceProjector half1, ReferenceProjector half2, double[] fsc) {

    /** The FSC below which a shell counts as unresolved, for the band's default limit. */
    public static final double RESOLVED = 0.143;

    /** From the two half-maps (n³ each, already masked): their FSC, then each filtered by it. */
    public static HalfMapPair of(float[] a, float[] b, int n) {
        double[] fsc = Fsc.compute(a, b, n);
        double[] filter = new double[fsc.length];
        for (int s = 0; s < fsc.length; s++) {
            filter[s] = s == 0 ? 1 : Math.max(0, Math.min(1, fsc[s]));
        }
        return new HalfMapPair(new ReferenceProjector(a, n, filter), new ReferenceProjector(b, n, filter), fsc);
    }

    /** The map's size n. */
    public int mapSize() {
        return half1.mapSize();
    }

    /** The highest frequency (cycles per box of {@code box} px) whose shell is still resolved (FSC ≥ 0.143). */
    public double resolvedRadius(int box) {
        int shell = Fsc.firstShellBelow(fsc, RESOLVED);
        return (shell - 0.5) * box / (double) mapSize();
    }

    /** The same as a resolution (Å) for a voxel of {@code pixelSizeA}. */
    public double resolutionA(double pixelSizeA) {
        return mapSize() * pixelSizeA / (Fsc.firstShellBelow(fsc, RESOLVED) - 0.5);
    }
}
