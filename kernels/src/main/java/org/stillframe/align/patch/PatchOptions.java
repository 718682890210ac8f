package org.stillframe.align.patch;

/**
 * Local (patch) alignment settings (MotionCor2's -Patch X Y [overlap], the second values of -Bft and -Group).
 *
 * @param patchesX       patches across
 * @param patchesY       patches down
 * @param overlapPercent how much each patch is enlarged beyond its grid cell (0–100)
 * @param bFactor        B-factor of the patch correlations, (correlation-grid pixel)²
 * @param groupSize      frames summed per alignment unit within a patch
 * @param featurePlaced  move patch centres onto structure (MotionCor2 ≥ 1.5)
 */
public record PatchOptions(int patchesX, int patchesY, double overlapPercent, double bFactor, int groupSize,
                           boolean featurePlaced) implements java.io.Serializable {

    public PatchOptions {
        if (patchesX < 2 || patchesY < 2) {
            throw new IllegalArgumentException("-Patch needs at least 2 x 2 patches, got " + patchesX + " x "
                    + patchesY);
        }
        if (!(overlapPercent >= 0 && overlapPercent <= 100)) {
            throw new IllegalArgumentException("-Patch overlap must be 0..100 %, got " + overlapPercent);
        }
        if (!(bFactor >= 0) || groupSize < 1) {
            throw new IllegalArgumentException("patch B-factor must be >= 0 and group size >= 1");
        }
    }

    /** MotionCor2's usual local settings (as in conf/reference.conf): no overlap, B 100, groups of 4, features. */
    public static PatchOptions defaults(int patchesX, int patchesY) {
        return new PatchOptions(patchesX, patchesY, 0, 100, 4, true);
    }
}
