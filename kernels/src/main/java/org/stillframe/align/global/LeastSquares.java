package org.stillframe.align.global;

/** Small dense symmetric solves for normal equations. */
public final class LeastSquares {

    private LeastSquares() {
    }

    /**
     * Solves (A + ε·trace(A)/n·I) x = b by Gaussian elimination with partial pivoting; the tiny ridge keeps
     * singular systems (a basis column of zeros) solvable, giving that column a zero coefficient.
     */
    public static double[] solveRegularised(double[][] a, double[] b, double epsilon) {
        int n = b.length;
        double trace = 0;
        for (int i = 0; i < n; i++) {
            trace += a[i][i];
        }
        double ridge = epsilon * Math.max(trace / n, 1e-300);
        double[][] m = new double[n][n + 1];
        for (int i = 0; i < n; i++) {
            System.arraycopy(a[i], 0, m[i], 0, n);
            m[i][i] += ridge;
            m[i][n] = b[i];
        }
        for (int col = 0; col < n; col++) {
            int pivot = col;
            for (int r = col + 1; r < n; r++) {
                if (Math.abs(m[r][col]) > Math.abs(m[pivot][col])) {
                    pivot = r;
                }
            }
            double[] tmp = m[col];
            m[col] = m[pivot];
            m[pivot] = tmp;
            double p = m[col][col];
            if (p == 0) {
                continue;
            }
            for (int r = col + 1; r < n; r++) {
                double f = m[r][col] / p;
                for (int c = col; c <= n; c++) {
                    m[r][c] -= f * m[col][c];
                }
            }
        }
        double[] x = new double[n];
        for (int i = n - 1; i >= 0; i--) {
            double s = m[i][n];
            for (int c = i + 1; c < n; c++) {
                s -= m[i][c] * x[c];
            }
            x[i] = m[i][i] == 0 ? 0 : s / m[i][i];
        }
        return x;
    }
}
