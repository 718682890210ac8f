package org.stillframe.align.patch;

/**
 * The outcome of local alignment for one movie.
 *
 * @param patches   the patch layout and each patch's residual trajectory (rejected patches marked)
 * @param model     the fitted deformation, or null when local correction was not applied
 * @param rmsResidualPx RMS distance of the kept patches' shifts from the model (px)
 * @param ridge     the model fit's cross-validated ridge (relative; see {@link ModelFit})
 * @param note      why local correction was not applied, or null
 * @param frameOffsetX per-frame corrections to the global shifts that the patches agree on and the model's
 *                  smooth time dependence cannot hold (px; zeros when local correction was not applied)
 * @param frameOffsetY
 */
public record LocalMotion(PatchShifts patches, DeformationModel model, double rmsResidualPx, double ridge, String note,
                          double[] frameOffsetX, double[] frameOffsetY) {

    public boolean applied() {
        return model != null;
    }

    public int rejectedPatches() {
        int r = 0;
        for (boolean b : patches.rejected()) {
            if (b) {
                r++;
            }
        }
        return r;
    }
}
