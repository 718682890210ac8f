package org.stillframe.align.patch;

import org.stillframe.align.global.LeastSquares;

/**
 * Each patch's contribution to the normal equations of one axis of {@link ModelFit}'s least squares, so that
 * any weighting (robust reweighting, leave-one-patch-out) is a cheap sum.
 */
record PatchNormals(double[][][] ata, double[][] atb) {

    static PatchNormals of(double[][] basis, double[][] obs, int n) {
        int k = DeformationModel.COEFFICIENTS;
        int patches = obs.length;
        double[][][] ata = new double[patches][k][k];
        double[][] atb = new double[patches][k];
        for (int p = 0; p < patches; p++) {
            double mean = 0;
            for (int t = 0; t < n; t++) {
                mean += obs[p][t] / n;
            }
            for (int t = 0; t < n; t++) {
                double[] row = basis[p * n + t];
                double v = obs[p][t] - mean;
                for (int a = 0; a < k; a++) {
                    atb[p][a] += row[a] * v;
                    for (int b = a; b < k; b++) {
                        ata[p][a][b] += row[a] * row[b];
                    }
                }
            }
            for (int a = 0; a < k; a++) {
                for (int b = 0; b < a; b++) {
                    ata[p][a][b] = ata[p][b][a];
                }
            }
        }
        return new PatchNormals(ata, atb);
    }

    /** basis[p·n + t][k], centred over t within each patch. */
    static double[][] centredBasis(PatchLayout layout, int n) {
        int patches = layout.count();
        int k = DeformationModel.COEFFICIENTS;
        double[][] rows = new double[patches * n][k];
        for (int p = 0; p < patches; p++) {
            double[] mean = new double[k];
            for (int t = 0; t < n; t++) {
                DeformationModel.basis(layout.centreX()[p], layout.centreY()[p], t, layout.frameWidth(),
                        layout.frameHeight(), rows[p * n + t]);
                for (int c = 0; c < k; c++) {
                    mean[c] += rows[p * n + t][c] / n;
                }
            }
            for (int t = 0; t < n; t++) {
                for (int c = 0; c < k; c++) {
                    rows[p * n + t][c] -= mean[c];
                }
            }
        }
        return rows;
    }

    /** Weighted solve, leaving out patch {@code skip} (−1: none), with a ridge relative to unit scaling. */
    double[] solve(double[] w, int skip, double ridge) {
        int k = DeformationModel.COEFFICIENTS;
        double[][] a = new double[k][k];
        double[] b = new double[k];
        for (int p = 0; p < w.length; p++) {
            if (w[p] == 0 || p == skip) {
                continue;
            }
            for (int i = 0; i < k; i++) {
                b[i] += w[p] * atb[p][i];
                for (int j = 0; j < k; j++) {
                    a[i][j] += w[p] * ata[p][i][j];
                }
            }
        }
        // The t, t² and t³ columns differ in size by orders of magnitude: solve in unit-diagonal scaling
        // so that the ridge shrinks every coefficient alike.
        double[] scale = new double[k];
        for (int i = 0; i < k; i++) {
            scale[i] = a[i][i] > 0 ? 1 / Math.sqrt(a[i][i]) : 0;
        }
        for (int i = 0; i < k; i++) {
            for (int j = 0; j < k; j++) {
                a[i][j] *= scale[i] * scale[j];
            }
            b[i] *= scale[i];
        }
        double[] c = LeastSquares.solveRegularised(a, b, ridge);
        for (int i = 0; i < k; i++) {
            c[i] *= scale[i];
        }
        return c;
    }
}
