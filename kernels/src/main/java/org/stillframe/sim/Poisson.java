package org.stillframe.sim;

import java.util.SplittableRandom;

/** Poisson-distributed counts: Knuth's product method for small means, a rounded normal above 30. */
final class Poisson {

    private Poisson() {
    }

    static int sample(double mean, SplittableRandom rnd) {
        if (mean <= 0) {
            return 0;
        }
        if (mean < 30) {
            double limit = Math.exp(-mean);
            double product = rnd.nextDouble();
            int k = 0;
            while (product > limit) {
                product *= rnd.nextDouble();
                k++;
            }
            return k;
        }
        double g = gaussian(rnd);
        return (int) Math.max(0, Math.round(mean + Math.sqrt(mean) * g));
    }

    private static double gaussian(SplittableRandom rnd) {
        double u1 = rnd.nextDouble();
        double u2 = rnd.nextDouble();
        return Math.sqrt(-2 * Math.log(1 - u1)) * Math.cos(2 * Math.PI * u2);
    }
}
