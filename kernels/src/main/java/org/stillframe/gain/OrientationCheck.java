package org.stillframe.gain;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * Which rotation/flip of a gain reference fits a movie: the one that leaves the gain-corrected raw sum of the first
 * frames flattest. In the right orientation the gain divides the detector's own pattern (falloff, readout columns,
 * pixel scatter) out of the counts; in any other it multiplies a second, unrelated pattern in, and its variance adds
 * to the counting noise. The score is the relative variance var/mean² of the corrected sum, at full resolution (the
 * pattern's pixel scatter and columns are the part that differs most between orientations), over a centred window of
 * at most 512 × 512 pixels, so eight candidates cost little even at 4096² or K3 size. Hot pixels (far from the
 * rest) and dead gain pixels are left out of the score.
 */
public final class OrientationCheck {

    /**
     * The most pixels on a side scored (a centred window): 512² pixels tell the candidates apart by tens of times the
     * noise at ~5 counts per pixel, and score in a few hundredths of a second in a fresh JVM (1024² took 0.15 s).
     */
    private static final int WINDOW = 512;
    /** Values more than this many standard deviations from the mean are left out (hot pixels). */
    private static final double OUTLIER_SIGMAS = 5;
    /** The candidates must differ by this many standard errors of the score for the check to tell them apart. */
    private static final double NOISE_MARGIN = 10;
    /** The requested orientation is called wrong when its excess is this fraction of a typical wrong one's. */
    private static final double WRONG_FRACTION = 0.25;

    /** One candidate's score: the corrected sum's relative variance (lower is flatter). */
    public record Score(GainOrientation orientation, double relativeVariance) {
    }

    /**
     * The check's outcome.
     *
     * @param requested  the orientation asked for (-RotGain/-FlipGain)
     * @param best       the flattest candidate
     * @param scores     every candidate that fits the frame size, flattest first
     * @param noise      the standard error of the difference between a wrong candidate's score and the best one's
     * @param conclusive whether the gain's pattern is strong enough, against the noise, to tell orientations apart
     */
    public record Verdict(GainOrientation requested, GainOrientation best, List<Score> scores, double noise,
                          boolean conclusive) {

        /** Whether another orientation is clearly flatter than the requested one. */
        public boolean requestedIsWrong() {
            if (!conclusive || best.sameAs(requested)) {
                return false;
            }
            double excess = score(requested) - score(best);
            return !(excess <= WRONG_FRACTION * typicalExcess());
        }

        /** The orientation to apply under -GainOrient auto: the best one when the check can tell, else the request. */
        public GainOrientation chosen() {
            return requestedIsWrong() ? best : requested;
        }

        /** The score of an orientation (NaN when it does not fit the frame size). */
        public double score(GainOrientation o) {
            return scores.stream().filter(s -> s.orientation().sameAs(o)).mapToDouble(Score::relativeVariance)
                    .findFirst().orElse(Double.NaN);
        }

        /** The median excess of the candidates other than the best: how much a wrong orientation typically adds. */
        double typicalExcess() {
            return OrientationCheck.typicalExcess(scores);
        }

        /** Every candidate's score, for the log. */
        public String scoresLine() {
            StringBuilder sb = new StringBuilder("Gain orientation scores (relative variance of the corrected sum,"
                    + " lower is flatter):");
            for (Score s : scores) {
                sb.append(String.format(Locale.ROOT, " [%s] %.5g%s;", s.orientation(), s.relativeVariance(),
                        s.orientation().sameAs(requested) ? " (requested)" : ""));
            }
            sb.append(conclusive ? " the gain's pattern tells them apart." : String.format(Locale.ROOT,
                    " too alike to tell apart (differences below %.0f x the noise %.2g).", NOISE_MARGIN, noise));
            return sb.toString();
        }

        /** One line for a wrong orientation, naming the flags that fit (empty when the requested one fits). */
        public String warning() {
            if (!requestedIsWrong()) {
                return "";
            }
            return String.format(Locale.ROOT, "Warning: the gain reference looks turned: %s fits these frames better"
                    + " than the requested %s (relative variance of the corrected sum %.4g against %.4g, a difference"
                    + " of %.0f times its noise); use %s or -GainOrient auto", best, requested, score(best),
                    score(requested), (score(requested) - score(best)) / noise, best);
        }
    }

    private OrientationCheck() {
    }

    /**
     * Scores the eight orientations of a gain reference against a raw sum.
     *
     * @param rawSum     the sum of the first raw frames (before any gain), nx × ny, row-major
     * @param storedGain the gain reference as stored (multiplicative, before -RotGain/-FlipGain), gw × gh
     * @param requested  the orientation asked for
     * @throws IllegalArgumentException when no orientation of the gain fits the frame size
     */
    public static Verdict check(float[] rawSum, int nx, int ny, float[] storedGain, int gw, int gh,
                                GainOrientation requested) {
        // The centre of the frame, at full resolution: its pixel scatter and columns are what tell the candidates
        // apart, and a centred window of the frame comes from a centred window of the stored gain in every
        // orientation, so only that much of the gain is ever turned.
        int w = Math.min(nx, WINDOW);
        int h = Math.min(ny, WINDOW);
        float[] counts = crop(rawSum, nx, ny, w, h);
        List<Score> scores = new ArrayList<>();
        long valid = 0;
        for (GainOrientation o : GainOrientation.all()) {
            if (o.width(gw, gh) != nx || o.height(gw, gh) != ny) {
                continue;
            }
            int cw = o.rotation() % 2 == 1 ? h : w;
            int ch = o.rotation() % 2 == 1 ? w : h;
            float[] g = o.apply(crop(storedGain, gw, gh, cw, ch), cw, ch);
            double[] moments = trimmedMoments(counts, g);
            scores.add(new Score(o, moments[1] / (moments[0] * moments[0])));
            valid = Math.max(valid, (long) moments[2]);
        }
        if (scores.isEmpty()) {
            throw new IllegalArgumentException("no orientation of a " + gw + " x " + gh + " gain fits " + nx + " x "
                    + ny + " frames");
        }
        scores.sort(Comparator.comparingDouble(Score::relativeVariance));
        // Every candidate is scored on the same counts, so their differences are far less noisy than the scores:
        // a wrong pattern's excess e over counting noise c has a standard error of about 2·sqrt(c·e/N).
        double typical = typicalExcess(scores);
        double noise = 2 * Math.sqrt(scores.get(0).relativeVariance() * Math.max(typical, 0) / Math.max(1, valid));
        boolean conclusive = scores.size() > 1 && typical > 0 && typical > NOISE_MARGIN * noise;
        return new Verdict(requested, scores.get(0).orientation(), List.copyOf(scores), noise, conclusive);
    }

    /** The median excess over the best (first) of the other candidates' scores, flattest first. */
    private static double typicalExcess(List<Score> sorted) {
        double b = sorted.get(0).relativeVariance();
        double[] excess = sorted.stream().skip(1).mapToDouble(s -> s.relativeVariance() - b).toArray();
        return excess.length == 0 ? 0 : excess[excess.length / 2];
    }

    /** The centred w × h window of an nx × ny image (w, h even, as the sizes). */
    static float[] crop(float[] image, int nx, int ny, int w, int h) {
        int x0 = (nx - w) / 2;
        int y0 = (ny - h) / 2;
        float[] out = new float[w * h];
        for (int y = 0; y < h; y++) {
            System.arraycopy(image, (y0 + y) * nx + x0, out, y * w, w);
        }
        return out;
    }

    /** {mean, variance, count} of counts·gain where the gain is positive, outliers (5 σ) left out. */
    private static double[] trimmedMoments(float[] counts, float[] gain) {
        double lo = Double.NEGATIVE_INFINITY;
        double hi = Double.POSITIVE_INFINITY;
        double[] m = null;
        for (int pass = 0; pass < 2; pass++) {
            double s = 0;
            double s2 = 0;
            long n = 0;
            for (int i = 0; i < counts.length; i++) {
                float g = gain[i];
                double v = (double) counts[i] * g;
                if (g > 0 && v >= lo && v <= hi) { // false for NaN: a dead or unreadable gain pixel
                    s += v;
                    s2 += v * v;
                    n++;
                }
            }
            double mean = s / n;
            double var = Math.max(0, s2 / n - mean * mean);
            m = new double[] {mean, var, n};
            double sd = Math.sqrt(var);
            lo = mean - OUTLIER_SIGMAS * sd;
            hi = mean + OUTLIER_SIGMAS * sd;
        }
        return m;
    }
}
