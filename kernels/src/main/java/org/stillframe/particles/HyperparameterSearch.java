package org.stillframe.particles;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Chooses the priors' σ_v, σ_d and σ_a by cross-validation ({@link ReferenceMotion#crossValidationScore}) over a
 * few micrographs: a coordinate search in factors of two from a start, each step trying half and double of one
 * hyperparameter and keeping what lowers the summed score, until no step helps (or {@link #MAX_ROUNDS}). Every
 * evaluation is logged.
 */
public final class HyperparameterSearch {

    static final int MAX_ROUNDS = 4;

    /** A step must lower the score (a log-likelihood) by more than this to count. */
    static final double MIN_GAIN = 1;

    private HyperparameterSearch() {
    }

    public static PolishOptions search(ReferenceMotion motion, List<ReferenceMotion.Prepared> micrographs,
                                       PolishOptions start, Consumer<String> log) {
        Map<String, Double> seen = new HashMap<>();
        double[] best = {start.velocitySigma(), start.divergence(), start.accelerationSigma()};
        double bestScore = score(motion, micrographs, start, best, seen, log);
        for (int round = 0; round < MAX_ROUNDS; round++) {
            boolean improved = false;
            for (int h = 0; h < 3; h++) {
                for (double factor : new double[] {0.5, 2}) {
                    double[] trial = best.clone();
                    trial[h] *= factor;
                    double s = score(motion, micrographs, start, trial, seen, log);
                    if (s < bestScore - MIN_GAIN) {
                        bestScore = s;
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
        log.accept(String.format(Locale.ROOT, "Hyperparameters chosen: sigma_v %.4g px/frame, sigma_d %.4g px,"
                + " sigma_a %.4g px/frame^2 (cross-validation score %.6g)", best[0], best[1], best[2], bestScore));
        return start.withHyperparameters(best[0], best[1], best[2]);
    }

    private static double score(ReferenceMotion motion, List<ReferenceMotion.Prepared> micrographs,
                                PolishOptions start, double[] h, Map<String, Double> seen, Consumer<String> log) {
        String key = String.format(Locale.ROOT, "%.6g/%.6g/%.6g", h[0], h[1], h[2]);
        Double known = seen.get(key);
        if (known != null) {
            return known;
        }
        PolishOptions o = start.withHyperparameters(h[0], h[1], h[2]);
        double s = 0;
        for (ReferenceMotion.Prepared d : micrographs) {
            s += motion.crossValidationScore(d, o);
        }
        seen.put(key, s);
        log.accept(String.format(Locale.ROOT, "  sigma_v %.4g, sigma_d %.4g, sigma_a %.4g: score %.6g", h[0], h[1],
                h[2], s));
        return s;
    }
}
