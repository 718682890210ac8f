package org.stillframe.sim;

import java.util.SplittableRandom;

/**
 * A smooth local deformation on top of the whole-frame motion, varying in x, y and t:
 *
 * <pre>
 *   u(x, y, t) = g(t) · Σ_b A_b · sin(2π(f_b·x̂ + h_b·ŷ) + φ_b)      (one sum per axis)
 *   g(t) = (1 − exp(−t/τ)) / (1 − exp(−(N−1)/τ)),   x̂ = x/W − 0.5,  ŷ = y/H − 0.5
 * </pre>
 *
 * with at most half a spatial cycle across the image (one bump or fold, as beam-induced doming makes), so
 * u(x, y, 0) = 0 and |u| ≤ Σ|A_b| at the last frame.
 * It is deliberately not the polynomial stillframe fits, so tests measure how well the model approximates a
 * field it does not contain.
 */
public final class LocalField implements Displacement {

    private final int width;
    private final int height;
    private final double tau;
    private final double norm;
    private final double[][] xWaves; // {A, f, h, phi}
    private final double[][] yWaves;

    private LocalField(int width, int height, int frames, double tau, double[][] xWaves, double[][] yWaves) {
        this.width = width;
        this.height = height;
        this.tau = tau;
        this.norm = 1.0 / (1 - Math.exp(-Math.max(1, frames - 1) / tau));
        this.xWaves = xWaves;
        this.yWaves = yWaves;
    }

    /** A random field whose largest displacement at the last frame is about {@code amplitudePx}. */
    public static LocalField random(int width, int height, int frames, double amplitudePx, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        return new LocalField(width, height, frames, 4.0 + 4.0 * rnd.nextDouble(),
                waves(rnd, amplitudePx), waves(rnd, amplitudePx));
    }

    private static double[][] waves(SplittableRandom rnd, double amplitude) {
        double[][] w = new double[3][];
        for (int b = 0; b < w.length; b++) {
            w[b] = new double[] {amplitude / 3 * (0.5 + 0.5 * rnd.nextDouble()), rnd.nextDouble(-0.5, 0.5),
                    rnd.nextDouble(-0.5, 0.5), 2 * Math.PI * rnd.nextDouble()};
        }
        return w;
    }

    @Override
    public void at(double x, double y, double t, double[] out) {
        double g = t <= 0 ? 0 : (1 - Math.exp(-t / tau)) * norm;
        double xh = x / width - 0.5;
        double yh = y / height - 0.5;
        out[0] = g * sum(xWaves, xh, yh);
        out[1] = g * sum(yWaves, xh, yh);
    }

    private static double sum(double[][] waves, double xh, double yh) {
        double s = 0;
        for (double[] w : waves) {
            s += w[0] * Math.sin(2 * Math.PI * (w[1] * xh + w[2] * yh) + w[3]);
        }
        return s;
    }

    /** The field's parameters as text lines for the ground-truth file. */
    public String describe() {
        StringBuilder sb = new StringBuilder();
        sb.append("local.form = \"u(x,y,t) = g(t) * sum_b A_b*sin(2*pi*(f_b*xh + h_b*yh) + phi_b); "
                + "g(t) = (1-exp(-t/tau))/(1-exp(-(N-1)/tau)); xh = x/W-0.5, yh = y/H-0.5; t = 0-based frame\"\n");
        sb.append("local.tau = ").append(tau).append('\n');
        appendWaves(sb, "local.x", xWaves);
        appendWaves(sb, "local.y", yWaves);
        return sb.toString();
    }

    private static void appendWaves(StringBuilder sb, String key, double[][] waves) {
        sb.append(key).append(" = [");
        for (int b = 0; b < waves.length; b++) {
            double[] w = waves[b];
            sb.append(b == 0 ? "" : ", ").append(String.format(java.util.Locale.ROOT,
                    "{A = %.6f, f = %.6f, h = %.6f, phi = %.6f}", w[0], w[1], w[2], w[3]));
        }
        sb.append("]\n");
    }
}
