package org.stillframe.extract;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import org.stillframe.correct.CorrectionResult;
import org.stillframe.correct.MovieFrames;
import org.stillframe.dose.CriticalExposure;
import org.stillframe.dose.DoseSchedule;
import org.stillframe.gain.GainCorrection;
import org.stillframe.io.AtomicFiles;
import org.stillframe.io.BadInputException;
import org.stillframe.options.MotionCorSettings;
import org.stillframe.parallel.Workers;
import org.stillframe.particles.EmpiricalWeights;
import org.stillframe.particles.PolishOptions;
import org.stillframe.particles.PolishParticle;
import org.stillframe.particles.ReferenceMotion;
import org.stillframe.pipeline.MoviePipeline;
import org.stillframe.polish.ReferenceProjector;

/**
 * Phase 1 of {@code particles polish}, on a few micrographs: the motion priors by cross-validation (or as given),
 * trajectories with them and the empirical dose weights, with their files (bfactors.tsv, bfactors.png,
 * polish.log).
 */
public final class PolishTraining {

    private PolishTraining() {
    }

    /** What phase 1 found: the priors to use, the dose weights, the dose schedule and the search's log. */
    public record Result(PolishOptions chosen, EmpiricalWeights weights, DoseSchedule schedule, List<String> log)
            implements java.io.Serializable {
    }

    /**
     * Phase 2 on the last phase-1 movie while its frames are still open (saves reading and aligning it again):
     * gets phase 1's result, the movie's cut boxes and references, and its trajectories with the chosen priors.
     */
    @FunctionalInterface
    public interface Finisher {
        List<Path> run(Result phase1, ReferenceMotion.Prepared cut, double[][] trajectories, MovieFrames frames,
                       GainCorrection gain, CorrectionResult result, double pixelSize, Workers workers,
                       Consumer<String> log) throws IOException;
    }

    /**
     * Phase 1 on a few micrographs ({location, stem} each, with their particles): the hyperparameters by
     * cross-validation (unless {@code given}), trajectories with them, the empirical weights; writes
     * OUT/bfactors.tsv, bfactors.png and polish.log.
     */
    public static Result run(MoviePipeline pipeline, List<String[]> movies, List<List<PolishParticle>> particles,
                             ReferenceProjector map1, ReferenceProjector map2, PolishOptions start, boolean given,
                             MotionCorSettings settings, Path out, int threads, Consumer<String> log)
            throws IOException {
        return run(pipeline, movies, particles, map1, map2, start, given, settings, out, threads, log, null, false);
    }

    /**
     * The same; {@code last} (may be null) then runs phase 2 on the last of the movies before it is closed. The
     * movies' sums are not made (phase 1 needs the frames and their motion only), except the last's when
     * {@code lastSums} (e.g. for its trajectory plot).
     */
    public static Result run(MoviePipeline pipeline, List<String[]> movies, List<List<PolishParticle>> particles,
                             ReferenceProjector map1, ReferenceProjector map2, PolishOptions start, boolean given,
                             MotionCorSettings settings, Path out, int threads, Consumer<String> log, Finisher last,
                             boolean lastSums)
            throws IOException {
        List<ReferenceMotion.Prepared> subset = new ArrayList<>();
        DoseSchedule schedule = null;
        Result[] trained = new Result[1];
        for (int m = 0; m < movies.size(); m++) {
            Prepare prepare = new Prepare(particles.get(m), map1, map2, start);
            MoviePipeline.FrameStep step = MoviePipeline.FrameStep.withoutSums(prepare);
            if (last != null && m == movies.size() - 1) {
                MoviePipeline.FrameStep finish = (frames, gain, result, sched, s, pixelSize, workers, lg) -> {
                    prepare.run(frames, gain, result, sched, s, pixelSize, workers, lg);
                    subset.add(prepare.prepared());
                    Trained t = train(subset, sched, start, given, settings, out, workers, log);
                    trained[0] = t.result();
                    return last.run(t.result(), prepare.prepared(), t.trajectories().get(subset.size() - 1), frames,
                            gain, result, pixelSize, workers, lg);
                };
                step = lastSums ? finish : MoviePipeline.FrameStep.withoutSums(finish);
            }
            org.stillframe.movie.MovieResult r = pipeline.run(new org.stillframe.movie.MovieTask(movies.get(m)[0],
                    out.resolve(movies.get(m)[1] + ".mrc"), settings), step, line -> { });
            schedule = r.schedule();
            log.accept(String.format(Locale.ROOT, "%s: motion %.1f s, boxes and references %.1f s (%d particles);"
                    + " velocity prior %s", movies.get(m)[1], r.correction().timings().totalSeconds(), prepare.seconds,
                    particles.get(m).size(), prepare.prepared() == null ? "-" : prepare.prepared().velocityPrior()));
            if (trained[0] == null) {
                subset.add(prepare.prepared());
            }
        }
        if (trained[0] == null) {
            try (Workers w = new Workers(threads)) {
                trained[0] = train(subset, schedule, start, given, settings, out, w, log).result();
            }
        }
        return trained[0];
    }

    /** Phase 1's result and each micrograph's trajectories with the chosen priors. */
    private record Trained(Result result, List<double[][]> trajectories) {
    }

    /** The search, the trajectories and the empirical weights on the prepared micrographs; writes their files. */
    private static Trained train(List<ReferenceMotion.Prepared> subset, DoseSchedule schedule, PolishOptions start,
                                 boolean given, MotionCorSettings settings, Path out, Workers w,
                                 Consumer<String> log) throws IOException {
        double pixel = settings.pixelSizeA();
        List<String> lines = new ArrayList<>();
        Consumer<String> both = line -> {
            lines.add(line);
            log.accept(line);
        };
        ReferenceMotion rm = new ReferenceMotion(w);
        long t0 = System.nanoTime();
        PolishOptions chosen = given ? start
                : org.stillframe.particles.HyperparameterSearch.search(rm, subset, start, both);
        long t1 = System.nanoTime();
        List<double[][]> trajectories = new ArrayList<>();
        for (ReferenceMotion.Prepared d : subset) {
            trajectories.add(rm.fit(d, chosen));
        }
        long t2 = System.nanoTime();
        // Shrunk towards Grant & Grigorieff's curve as far as these few micrographs leave the fit undetermined.
        ReferenceMotion.FrameSignal analytic = schedule == null ? null
                : damage(schedule, pixel, settings.voltageKv());
        EmpiricalWeights weights = EmpiricalWeights.fit(subset, trajectories, pixel, analytic);
        both.accept(String.format(Locale.ROOT, "Phase 1 times: search %.1f s, fits %.1f s, dose weights %.1f s",
                (t1 - t0) * 1e-9, (t2 - t1) * 1e-9, (System.nanoTime() - t2) * 1e-9));
        both.accept(String.format(Locale.ROOT, "Priors: sigma_v %.4g px/frame, sigma_d %.4g px, sigma_a %.4g"
                + " px/frame^2%s", chosen.velocitySigma(), chosen.divergence(), chosen.accelerationSigma(),
                given ? " (given)" : ""));
        both.accept(String.format(Locale.ROOT, "Dose weights: data weight %.2f against Grant-Grigorieff's curve"
                + " (%d particles on %d micrographs)", weights.meanDataWeight(), weights.particles(), subset.size()));
        Files.createDirectories(out);
        AtomicFiles.writeString(out.resolve("bfactors.tsv"), bFactorTable(weights, schedule));
        BFactorPlot.write(weights, out.resolve("bfactors.png"));
        AtomicFiles.writeString(out.resolve("polish.log"), String.join("\n", lines) + "\n");
        return new Trained(new Result(chosen, weights, schedule, List.copyOf(lines)), trajectories);
    }

    /** The step on each of the few micrographs: cut and keep their data for the search and the weights. */
    public static final class Prepare implements MoviePipeline.FrameStep {
        private final List<PolishParticle> particles;
        private final ReferenceProjector half1;
        private final ReferenceProjector half2;
        private final PolishOptions options;
        ReferenceMotion.Prepared prepared;
        double pixelSizeA;
        double seconds;

        public Prepare(List<PolishParticle> particles, ReferenceProjector half1, ReferenceProjector half2,
                       PolishOptions options) {
            this.particles = particles;
            this.half1 = half1;
            this.half2 = half2;
            this.options = options;
        }

        @Override
        public List<Path> run(MovieFrames frames, GainCorrection gain, CorrectionResult result, DoseSchedule schedule,
                              MotionCorSettings settings, double pixelSize, Workers workers, Consumer<String> log)
                throws IOException {
            pixelSizeA = pixelSize;
            long t0 = System.nanoTime();
            prepared = new ReferenceMotion(workers).prepare(frames, gain, result.defects().map(),
                    Polishing.motion(result), particles, half1, half2, pixelSize,
                    damage(schedule, pixelSize, settings.voltageKv()), options);
            seconds = (System.nanoTime() - t0) * 1e-9;
            return List.of();
        }

        public ReferenceMotion.Prepared prepared() {
            return prepared;
        }
    }

    /**
     * bfactors.tsv: per frame (1-based) exposure, B (Å², 0 for the best frame) and ln q of the weights, Grant &amp;
     * Grigorieff's B fitted over the same shells, and the weight the data got against that curve (0: the curve, 1:
     * the data alone).
     */
    public static String bFactorTable(EmpiricalWeights w, DoseSchedule schedule) {
        StringBuilder sb = new StringBuilder("# stillframe particles polish: empirical dose weights shrunk towards"
                + " Grant & Grigorieff's A_f(k); weight_f(k) = a_f(k) / sum_g a_g(k), a_f(k) = A_f(k) q'_f"
                + " exp(B'_f k^2/4), k in 1/A, (q'_f, B'_f) the data's departure from A_f, shrunk (data_weight 0:"
                + " A_f alone, 1: the data alone); bfactor_a2, log_scale: A_f fitted as q exp(B k^2/4) over the"
                + " fitted shells, plus that departure\n");
        sb.append("frame\texposure_e_per_a2\tbfactor_a2\tlog_scale\tanalytic_bfactor_a2\tdata_weight\n");
        for (int f = 0; f < w.frames(); f++) {
            sb.append(String.format(Locale.ROOT, "%d\t%.3f\t%.2f\t%.4f\t%.2f\t%.3f%n", f + 1,
                    schedule == null ? Double.NaN : schedule.exposureAtEnd(f), w.bFactor(f), w.logScale(f),
                    w.analyticBFactor(f), w.dataWeight(f)));
        }
        return sb.toString();
    }

    /** Grant–Grigorieff's amplitude left in each frame: the signal model before the empirical weights exist. */
    static ReferenceMotion.FrameSignal damage(DoseSchedule schedule, double pixelSizeA, double kv)
            throws BadInputException {
        double factor = MoviePipeline.voltageFactor(Double.isFinite(kv) ? kv : 300);
        return (f, s) -> s == 0 ? 1 : Math.exp(-schedule.exposureAtEnd(f)
                / (2 * CriticalExposure.of(s / pixelSizeA, factor)));
    }
}
