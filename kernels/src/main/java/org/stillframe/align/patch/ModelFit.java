package org.stillframe.align.patch;

import java.util.Arrays;

/**
 * Fits the {@link DeformationModel} to patch shifts by weighted least squares, separately for x and y.
 *
 * <ul>
 *   <li>Each patch's trajectory is only known up to a constant (its alignment has its own origin), so every
 *       patch gets a free offset: observations and basis rows are centred over time within each patch.</li>
 *   <li>Patches are weighted by 1/σ_p², σ_p their measured alignment noise (at least 0.2 px).</li>
 *   <li>Outlier patches — far from the model compared with the others — are down-weighted by Tukey's biweight
 *       on their RMS residual (iteratively reweighted) and reported as rejected when their weight reaches 0.</li>
 *   <li>A small ridge, chosen by leave-one-patch-out cross-validation, keeps the 36 coefficients from
 *       following patch noise where the patches are few or noisy.</li>
 * </ul>
 */
public final class ModelFit {

    // A patch's RMS residual pools 2n samples, so it scatters little between good patches: a patch three
    // robust standard deviations beyond the typical RMS has followed something else.
    private static final double TUKEY_C = 3;
    // A patch's noise estimate comes from its own converged iterations and can be far too small (a patch that
    // locked onto its own noise agrees with itself): no patch is trusted to better than this.
    private static final double MIN_NOISE_PX = 0.2;
    /** Tukey scale floor: patches within a few tenths of a pixel of the model are never outliers. */
    private static final double MIN_SCALE_PX = 0.2;
    private static final double MAX_NOISE_PX = 1.5;
    /** Ridge while finding outliers, and the ladder that cross-validation chooses the final one from. */
    private static final double ROBUST_RIDGE = 1e-3;
    private static final double[] RIDGES = {1e-12, 1e-6, 1e-5, 1e-4, 3e-4, 1e-3, 3e-3, 1e-2, 3e-2, 1e-1};

    private ModelFit() {
    }

    /**
     * The fitted model, which patches it rejected, and the cross-validated ridge it was fitted with (infinite,
     * with a zero model, when the patches show no deformation that predicts one patch from the others).
     */
    public record Result(DeformationModel model, boolean[] rejected, double rmsResidualPx, double ridge) {

        public boolean predictive() {
            return !Double.isInfinite(ridge);
        }
    }

    /**
     * @param shifts residual patch shifts (input px), frames 0..n−1 at times t = 0..n−1
     * @param usable patches to consider at all (false for blank ones)
     */
    public static Result fit(PatchShifts shifts, boolean[] usable) {
        PatchLayout layout = shifts.layout();
        int patches = layout.count();
        int n = shifts.frames();
        double[] weight = new double[patches];
        for (int p = 0; p < patches; p++) {
            double noise = shifts.noisePx()[p];
            double s = Math.max(MIN_NOISE_PX, Double.isNaN(noise) ? 1 : noise);
            // A patch whose own trajectory scatters by more than MAX_NOISE_PX did not really align.
            weight[p] = usable[p] && !(noise > MAX_NOISE_PX) ? 1 / (s * s) : 0;
        }
        double[][] basis = PatchNormals.centredBasis(layout, n);
        PatchNormals nx = PatchNormals.of(basis, shifts.x(), n);
        PatchNormals ny = PatchNormals.of(basis, shifts.y(), n);
        double[] cx = new double[DeformationModel.COEFFICIENTS];
        double[] cy = new double[DeformationModel.COEFFICIENTS];
        double[] rms = new double[patches];
        double[] robust = medianTrajectoryWeights(shifts, weight);
        double[] w = new double[patches];
        boolean[] weighted = new boolean[patches];
        for (int p = 0; p < patches; p++) {
            weighted[p] = weight[p] > 0;
        }
        for (int iter = 0; iter < 6; iter++) {
            for (int p = 0; p < patches; p++) {
                w[p] = weight[p] * robust[p];
            }
            cx = nx.solve(w, -1, ROBUST_RIDGE);
            cy = ny.solve(w, -1, ROBUST_RIDGE);
            for (int p = 0; p < patches; p++) {
                rms[p] = patchRms(basis, shifts.x()[p], shifts.y()[p], cx, cy, p, n);
            }
            robust = tukey(rms, weighted);
        }
        for (int p = 0; p < patches; p++) {
            w[p] = weight[p] * robust[p];
        }
        double ridge = crossValidatedRidge(basis, shifts, nx, ny, w, n);
        if (Double.isInfinite(ridge)) {
            Arrays.fill(cx, 0);
            Arrays.fill(cy, 0);
        } else {
            cx = nx.solve(w, -1, ridge);
            cy = ny.solve(w, -1, ridge);
        }
        boolean[] rejected = new boolean[patches];
        double sum = 0;
        int used = 0;
        for (int p = 0; p < patches; p++) {
            rms[p] = patchRms(basis, shifts.x()[p], shifts.y()[p], cx, cy, p, n);
            rejected[p] = weight[p] == 0 || robust[p] == 0;
            if (!rejected[p]) {
                sum += rms[p] * rms[p];
                used++;
            }
        }
        return new Result(new DeformationModel(layout.frameWidth(), layout.frameHeight(), cx, cy), rejected,
                used == 0 ? Double.NaN : Math.sqrt(sum / used), ridge);
    }

    /**
     * Starting robust weights, before any model: Tukey weights of each patch's RMS distance from the per-frame
     * median of all patch trajectories (each centred over time). The median ignores a minority of wild patches
     * that a first least-squares fit would follow, and a smooth deformation moves patches by much less than
     * a patch that locked onto noise wanders.
     */
    private static double[] medianTrajectoryWeights(PatchShifts shifts, double[] weight) {
        int patches = weight.length;
        int n = shifts.frames();
        double[][] cx = new double[patches][];
        double[][] cy = new double[patches][];
        for (int p = 0; p < patches; p++) {
            cx[p] = centred(shifts.x()[p]);
            cy[p] = centred(shifts.y()[p]);
        }
        boolean[] weighted = new boolean[patches];
        for (int p = 0; p < patches; p++) {
            weighted[p] = weight[p] > 0;
        }
        double[] rms = new double[patches];
        double[] vx = new double[patches];
        double[] vy = new double[patches];
        for (int t = 0; t < n; t++) {
            for (int p = 0; p < patches; p++) {
                vx[p] = cx[p][t];
                vy[p] = cy[p][t];
            }
            double mx = median(vx, weighted);
            double my = median(vy, weighted);
            for (int p = 0; p < patches; p++) {
                rms[p] += (Math.pow(cx[p][t] - mx, 2) + Math.pow(cy[p][t] - my, 2)) / n;
            }
        }
        for (int p = 0; p < patches; p++) {
            rms[p] = Math.sqrt(rms[p]);
        }
        return tukey(rms, weighted);
    }

    private static double[] centred(double[] v) {
        double m = 0;
        for (double x : v) {
            m += x / v.length;
        }
        double[] c = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            c[i] = v[i] - m;
        }
        return c;
    }

    /** Tukey's biweight of each RMS against TUKEY_C robust standard deviations of the weighted ones. */
    private static double[] tukey(double[] rms, boolean[] weighted) {
        double scale = Math.max(MIN_SCALE_PX, 1.4826 * median(rms, weighted));
        double[] w = new double[rms.length];
        for (int p = 0; p < rms.length; p++) {
            double u = rms[p] / (TUKEY_C * scale);
            w[p] = u < 1 ? (1 - u * u) * (1 - u * u) : 0;
        }
        return w;
    }

    /**
     * The ridge (relative to the unit-scaled normal matrix) that best predicts each kept patch's trajectory
     * from the other patches: leave-one-patch-out cross-validation over a short logarithmic ladder. Too little
     * ridge lets the 18 coefficients per axis follow patch noise; too much flattens real deformation.
     * Infinity when no model predicts the held-out patches better than no local motion at all: then the patches
     * measured noise, not deformation.
     */
    private static double crossValidatedRidge(double[][] basis, PatchShifts shifts, PatchNormals nx, PatchNormals ny,
                                              double[] w, int n) {
        int kept = 0;
        for (double v : w) {
            kept += v > 0 ? 1 : 0;
        }
        if (kept < 4) {
            return Double.POSITIVE_INFINITY;
        }
        double[] zero = new double[DeformationModel.COEFFICIENTS];
        double best = Double.POSITIVE_INFINITY;
        double bestError = 0;
        for (int p = 0; p < w.length; p++) {
            if (w[p] > 0) {
                double r = patchRms(basis, shifts.x()[p], shifts.y()[p], zero, zero, p, n);
                bestError += w[p] * r * r;
            }
        }
        for (double ridge : RIDGES) {
            double error = 0;
            for (int p = 0; p < w.length; p++) {
                if (w[p] == 0) {
                    continue;
                }
                double[] cx = nx.solve(w, p, ridge);
                double[] cy = ny.solve(w, p, ridge);
                double r = patchRms(basis, shifts.x()[p], shifts.y()[p], cx, cy, p, n);
                error += w[p] * r * r;
            }
            if (error < bestError) {
                bestError = error;
                best = ridge;
            }
        }
        return best;
    }

    /**
     * What the kept patches agree on at each frame beyond the model: the weighted mean over patches of their
     * residual from the model (each patch's own constant removed). Adding it to the global shifts removes
     * frame-to-frame errors of the whole-frame alignment that the model's cubic time dependence cannot follow.
     */
    public static double[][] frameOffsets(PatchShifts shifts, Result fit) {
        PatchLayout layout = shifts.layout();
        int n = shifts.frames();
        double[] ox = new double[n];
        double[] oy = new double[n];
        double total = 0;
        double[] u = new double[2];
        for (int p = 0; p < layout.count(); p++) {
            if (fit.rejected()[p]) {
                continue;
            }
            double noise = Math.max(MIN_NOISE_PX, shifts.noisePx()[p]);
            double w = 1 / (noise * noise);
            double[] rx = new double[n];
            double[] ry = new double[n];
            double mx = 0;
            double my = 0;
            for (int t = 0; t < n; t++) {
                fit.model().at(layout.centreX()[p], layout.centreY()[p], t, u);
                rx[t] = shifts.x()[p][t] - u[0];
                ry[t] = shifts.y()[p][t] - u[1];
                mx += rx[t] / n;
                my += ry[t] / n;
            }
            for (int t = 0; t < n; t++) {
                ox[t] += w * (rx[t] - mx);
                oy[t] += w * (ry[t] - my);
            }
            total += w;
        }
        for (int t = 0; t < n; t++) {
            ox[t] = total > 0 ? ox[t] / total : 0;
            oy[t] = total > 0 ? oy[t] / total : 0;
        }
        return new double[][] {ox, oy};
    }

    private static double patchRms(double[][] basis, double[] ox, double[] oy, double[] cx, double[] cy, int p,
                                   int n) {
        double mx = 0;
        double my = 0;
        for (int t = 0; t < n; t++) {
            mx += ox[t] / n;
            my += oy[t] / n;
        }
        double s = 0;
        for (int t = 0; t < n; t++) {
            double[] row = basis[p * n + t];
            double fx = 0;
            double fy = 0;
            for (int c = 0; c < row.length; c++) {
                fx += cx[c] * row[c];
                fy += cy[c] * row[c];
            }
            s += Math.pow(ox[t] - mx - fx, 2) + Math.pow(oy[t] - my - fy, 2);
        }
        return Math.sqrt(s / n);
    }

    private static double median(double[] v, boolean[] use) {
        double[] s = new double[v.length];
        int m = 0;
        for (int i = 0; i < v.length; i++) {
            if (use[i]) {
                s[m++] = v[i];
            }
        }
        if (m == 0) {
            return 0;
        }
        Arrays.sort(s, 0, m);
        return m % 2 == 1 ? s[m / 2] : 0.5 * (s[m / 2 - 1] + s[m / 2]);
    }
}
