package org.stillframe.align.patch;

import java.util.Arrays;

/**
 * MotionCor2's time-varying polynomial deformation, in RELION's parameterisation
 * (ThirdOrderPolynomialModel): for each axis,
 *
 * <pre>
 *   u(x, y, t) = Σ_{k=1..3} t^k · (c_{k,0} + c_{k,1}·x + c_{k,2}·x² + c_{k,3}·y + c_{k,4}·y² + c_{k,5}·x·y)
 *   x = X/W − 0.5,  y = Y/H − 0.5  (X, Y input pixels of a W × H movie),  t = frame − first frame used
 * </pre>
 *
 * u is in input pixels, the correction added to the frame's global shift (MotionCor2/RELION sign), and is 0 at
 * t = 0. Coefficients are stored in RELION's order: index 3·m + (k − 1) with m the spatial monomial
 * (0: 1, 1: x, 2: x², 3: y, 4: y², 5: x·y) — 18 for x ({@link #cx}), 18 for y ({@link #cy}); RELION's
 * rlnMotionModelCoeffsIdx runs 0–17 over cx and 18–35 over cy.
 */
public record DeformationModel(int width, int height, double[] cx, double[] cy) {

    public static final int COEFFICIENTS = 18;

    public DeformationModel {
        if (cx.length != COEFFICIENTS || cy.length != COEFFICIENTS) {
            throw new IllegalArgumentException("a deformation model has 18 coefficients per axis");
        }
        cx = cx.clone();
        cy = cy.clone();
    }

    public static DeformationModel zero(int width, int height) {
        return new DeformationModel(width, height, new double[COEFFICIENTS], new double[COEFFICIENTS]);
    }

    @Override
    public double[] cx() {
        return cx.clone();
    }

    @Override
    public double[] cy() {
        return cy.clone();
    }

    /** The 18 basis values at (X, Y, t): basis[3·m + k − 1] = t^k · monomial_m(x, y). */
    static void basis(double px, double py, double t, int width, int height, double[] out) {
        double x = px / width - 0.5;
        double y = py / height - 0.5;
        double[] mono = {1, x, x * x, y, y * y, x * y};
        double t1 = t;
        double t2 = t * t;
        double t3 = t2 * t;
        for (int m = 0; m < 6; m++) {
            out[3 * m] = mono[m] * t1;
            out[3 * m + 1] = mono[m] * t2;
            out[3 * m + 2] = mono[m] * t3;
        }
    }

    /** u_x and u_y at input pixel (X, Y) and frame time t, into out[0], out[1]. */
    public void at(double px, double py, double t, double[] out) {
        double[] b = new double[COEFFICIENTS];
        basis(px, py, t, width, height, b);
        double ux = 0;
        double uy = 0;
        for (int i = 0; i < COEFFICIENTS; i++) {
            ux += cx[i] * b[i];
            uy += cy[i] * b[i];
        }
        out[0] = ux;
        out[1] = uy;
    }

    /** All 36 coefficients in RELION's index order (0–17 x, 18–35 y). */
    public double[] relionCoefficients() {
        double[] all = Arrays.copyOf(cx, 2 * COEFFICIENTS);
        System.arraycopy(cy, 0, all, COEFFICIENTS, COEFFICIENTS);
        return all;
    }
}
