package org.stillframe.pipeline;

import java.io.IOException;
import java.util.Locale;
import java.util.function.Consumer;
import org.stillframe.correct.CorrectionResult;
import org.stillframe.correct.MovieCorrector;
import org.stillframe.correct.SumRequest;
import org.stillframe.dose.DoseSchedule;
import org.stillframe.dose.DoseWeights;
import org.stillframe.io.BadInputException;
import org.stillframe.options.MotionCorSettings;
import org.stillframe.parallel.Workers;

/**
 * The correction stage: the dose weights the settings ask for, then the kernels' {@link MovieCorrector} on the
 * ingested frames, its progress printed as MotionCor2 prints it.
 */
final class Correction {

    private Correction() {
    }

    /** The dose weights for the sums, or null when dose weighting is off or lacks what it needs (a warning). */
    static DoseWeights doseWeights(MovieInput in, MotionCorSettings s, Consumer<String> log) throws IOException {
        if (s.doseWeighting()) {
            if (!(in.pixelSizeA() > 0)) {
                throw new BadInputException(in.movie().name(), "dose weighting needs a pixel size (-PixSize)");
            }
            return new DoseWeights(in.schedule(), in.pixelSizeA(), MoviePipeline.voltageFactor(s.voltageKv()),
                    Math.max(in.width(), in.height()));
        }
        if (Double.isFinite(s.voltageKv()) || Double.isFinite(s.dosePerFrame())) {
            log.accept("Warning: dose weighting needs -Kv, -PixSize and -FmDose (or -FmIntFile); skipped.");
        }
        return null;
    }

    /**
     * Aligns the movie and makes its sums.
     *
     * @param weights dose weights (null: no dose-weighted sums)
     * @param stack   receives the binned aligned frames (-OutStack), null when none
     * @param seed    seed of the random choices (defect repair)
     * @param sums    make the sums; false for the motion alone (unless an aligned stack is asked for, which needs
     *                the summing pass)
     */
    static CorrectionResult correct(Workers workers, MovieInput in, MotionCorSettings s, DoseWeights weights,
                                    SumRequest.StackSink stack, long seed, boolean sums, Consumer<String> log)
            throws IOException {
        boolean[] dws = weights == null ? null : sumRangeFrames(s.sumRange(), in.schedule());
        SumRequest all = new SumRequest(in.schedule(), weights, dws, s.splitSum(), s.inFrameMotion(),
                s.binning(), s.stackBin(), stack);
        SumRequest request = sums || s.stackBin() > 0 ? all : all.motionOnly();
        return new MovieCorrector(workers).correct(in.window(), in.gain(), in.defects(),
                s.correction().withSeed(seed), request, new MovieCorrector.Listener() {
                    @Override
                    public void iteration(int number, double errorPx) {
                        log.accept(String.format(Locale.ROOT, "Iteration %3d  Error: %8.4f", number, errorPx));
                    }

                    @Override
                    public void note(String line) {
                        log.accept(line);
                    }

                    @Override
                    public boolean wantsRawSum() {
                        return in.gainCheck() != null;
                    }

                    @Override
                    public void rawSum(float[] sum) {
                        in.gainCheck().run(sum);
                    }
                });
    }

    /** Frames whose exposure at their end lies in [low, high] (MotionCor3's rule), or null when off. */
    private static boolean[] sumRangeFrames(double[] range, DoseSchedule schedule) {
        double lo = range[0];
        double hi = range[1];
        if (!(lo >= 0 && hi > 0 && hi - lo > 1)) {
            return null;
        }
        boolean[] in = new boolean[schedule.frames()];
        for (int i = 0; i < in.length; i++) {
            double e = schedule.exposureAtEnd(i);
            in[i] = e >= lo && e <= hi;
        }
        return in;
    }
}
