package org.stillframe.particles;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Chooses the priors' σ_v, σ_d and σ_a by cross-validation ({@link ReferenceMotion#crossValidation}) over a few
 * micrographs: a coordinate search in factors of two from a start, each step trying half and double of one
 * hyperparameter, until no step helps (or {@link #MAX_ROUNDS}). Every evaluation is logged.
 *
 * <p>A step is taken only when it lowers the summed score significantly: by more than {@link #Z} standard errors
 * of the paired per-particle differences (and at least {@link #MIN_GAIN}). The score is a sum over particles of
 * noisy terms; a move the particles do not agree on is not evidence, and the start (moderate priors) stays. Measured
 * on a simulated micrograph (1536² × 40 frames, 80 particles, half-maps with a refinement's FSC): without the test
 * the search drifted to weak priors (σ_v 0.4, σ_a 0.4) whose trajectories were 0.206 px RMS from the truth, against
 * 0.183 px with it and 0.203 px for the per-particle method.
 */
public final class HyperparameterSearch {

    static final int MAX_ROUNDS = 4;

    /** A step must lower the score (a log-likelihood) by more than this to count. */
    static final double MIN_GAIN = 1;

    /** ... and by more than this many standard errors of the per-particle differences. */
    static final double Z = 2;

    private HyperparameterSearch() {
    }

    /** One setting's evaluation: summed score, per-particle scores and trajectories of every micrograph. */
    private record Trial(double[] h, double score, List<double[]> perParticle, List<double[][]> trajectories) {
    }

    public static PolishOptions search(ReferenceMotion motion, List<ReferenceMotion.Prepared> micrographs,
                                       PolishOptions start, Consumer<String> log) {
        Map<String, Trial> seen = new HashMap<>();
        Trial best = evaluate(motion, micrographs, start,
                new double[] {start.velocitySigma(), start.divergence(), start.accelerationSigma()}, null, seen, log);
        for (int round = 0; round < MAX_ROUNDS; round++) {
            boolean improved = false;
            for (int h = 0; h < 3; h++) {
                for (double factor : new double[] {0.5, 2}) {
                    double[] setting = best.h().clone();
                    setting[h] *= factor;
                    // Trials start from the best setting's trajectories: a few iterations instead of a full fit.
                    Trial trial = evaluate(motion, micrographs, start, setting, best, seen, log);
                    if (better(trial, best)) {
                        best = trial;
                        improved = true;
                        break; // keep going in this direction next round
                    }
                }
            }
            if (!improved) {
                break;
            }
        }
        double[] h = best.h();
        log.accept(String.format(Locale.ROOT, "Hyperparameters chosen: sigma_v %.4g px/frame, sigma_d %.4g px,"
                + " sigma_a %.4g px/frame^2 (cross-validation score %.6g)", h[0], h[1], h[2], best.score()));
        return start.withHyperparameters(h[0], h[1], h[2]);
    }

    /** Whether {@code trial} lowers the score significantly below {@code best}'s (paired over particles). */
    static boolean better(double[] trial, double[] best, double trialSum, double bestSum) {
        int n = trial.length;
        double mean = (trialSum - bestSum) / n;
        double var = 0;
        for (int p = 0; p < n; p++) {
            double d = trial[p] - best[p] - mean;
            var += d * d;
        }
        double standardError = n > 1 ? Math.sqrt(var / (n - 1) * n) : 0; // of the summed difference
        return trialSum < bestSum - Math.max(MIN_GAIN, Z * standardError);
    }

    private static boolean better(Trial trial, Trial best) {
        return better(concat(trial.perParticle()), concat(best.perParticle()), trial.score(), best.score());
    }

    private static double[] concat(List<double[]> parts) {
        int n = 0;
        for (double[] p : parts) {
            n += p.length;
        }
        double[] out = new double[n];
        int at = 0;
        for (double[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }

    private static Trial evaluate(ReferenceMotion motion, List<ReferenceMotion.Prepared> micrographs,
                                  PolishOptions start, double[] h, Trial from, Map<String, Trial> seen,
                                  Consumer<String> log) {
        String key = String.format(Locale.ROOT, "%.6g/%.6g/%.6g", h[0], h[1], h[2]);
        Trial known = seen.get(key);
        if (known != null) {
            return known;
        }
        PolishOptions o = start.withHyperparameters(h[0], h[1], h[2]);
        double s = 0;
        List<double[]> perParticle = new ArrayList<>();
        List<double[][]> trajectories = new ArrayList<>();
        for (int m = 0; m < micrographs.size(); m++) {
            ReferenceMotion.Validation v = motion.crossValidation(micrographs.get(m), o,
                    from == null ? null : from.trajectories().get(m));
            s += v.score();
            perParticle.add(v.perParticle());
            trajectories.add(v.trajectories());
        }
        Trial t = new Trial(h, s, perParticle, trajectories);
        seen.put(key, t);
        log.accept(String.format(Locale.ROOT, "  sigma_v %.4g, sigma_d %.4g, sigma_a %.4g: score %.6g", h[0], h[1],
                h[2], s));
        return t;
    }
}
