package org.stillframe.dose;

/**
 * Grant & Grigorieff's critical exposure (eLife 4:e06980, 2015): the exposure after which the signal at spatial
 * frequency k has decayed to 1/e of its power, N_e(k) = a·k^b + c with a = 0.245, b = −1.665, c = 2.81 e/Å² at
 * 300 kV (RELION's constants), scaled by the voltage factor f(V): 1 at 300 kV, 0.8 at 200 kV, 0.64 at 100 kV
 * (RELION's value; cisTEM 0.532 and MotionCor3 0.45 disagree).
 */
public final class CriticalExposure {

    static final double A = 0.245;
    static final double B = -1.665;
    static final double C = 2.81;

    private CriticalExposure() {
    }

    /** f(V), or an exception for a voltage with no agreed factor. */
    public static double voltageFactor(double kv) {
        if (Math.abs(kv - 300) <= 2) {
            return 1.0;
        }
        if (Math.abs(kv - 200) <= 2) {
            return 0.8;
        }
        if (Math.abs(kv - 100) <= 2) {
            return 0.64;
        }
        throw new IllegalArgumentException("no dose-weighting curve for " + kv + " kV (300, 200 and 100 kV are known)");
    }

    /** N_e(k) in e/Å² for k in 1/Å at the given voltage factor; infinite at k = 0. */
    public static double of(double kPerA, double voltageFactor) {
        if (kPerA <= 0) {
            return Double.POSITIVE_INFINITY;
        }
        return (A * Math.pow(kPerA, B) + C) * voltageFactor;
    }
}
