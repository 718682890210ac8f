package org.stillframe.optimize;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class LbfgsTest {

    @Test
    void findsTheMinimumOfTheRosenbrockValley() {
        // f = Σ 100(x_{i+1} − x_i²)² + (1 − x_i)², minimum 0 at all ones; a curved valley plain gradient descent crawls.
        int n = 10;
        Lbfgs.Result r = Lbfgs.minimise((x, g) -> {
            java.util.Arrays.fill(g, 0);
            double f = 0;
            for (int i = 0; i + 1 < n; i++) {
                double a = x[i + 1] - x[i] * x[i];
                double b = 1 - x[i];
                f += 100 * a * a + b * b;
                g[i] += -400 * a * x[i] - 2 * b;
                g[i + 1] += 200 * a;
            }
            return f;
        }, new double[n], 2000, 1e-8);
        for (double v : r.x()) {
            assertEquals(1, v, 1e-5);
        }
        assertTrue(r.iterations() < 500, "iterations " + r.iterations());
    }

    @Test
    void aQuadraticIsSolvedInAFewSteps() {
        double[] c = {3, -2, 0.5};
        Lbfgs.Result r = Lbfgs.minimise((x, g) -> {
            double f = 0;
            for (int i = 0; i < x.length; i++) {
                double d = x[i] - c[i];
                f += (i + 1) * d * d;
                g[i] = 2 * (i + 1) * d;
            }
            return f;
        }, new double[3], 100, 1e-10);
        assertEquals(3, r.x()[0], 1e-6);
        assertEquals(-2, r.x()[1], 1e-6);
        assertEquals(0.5, r.x()[2], 1e-6);
        assertTrue(r.iterations() <= 10, "iterations " + r.iterations());
    }
}
