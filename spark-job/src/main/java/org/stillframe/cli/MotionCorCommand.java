package org.stillframe.cli;

import com.typesafe.config.Config;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.stillframe.align.global.GlobalAlignOptions;
import org.stillframe.config.Defaults;
import org.stillframe.correct.CorrectionOptions;
import org.stillframe.io.BadInputException;
import org.stillframe.log.MotionCorLogs;
import org.stillframe.pipeline.MoviePipeline;
import org.stillframe.pipeline.MovieResult;
import org.stillframe.pipeline.MovieTask;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code stillframe motioncor}: MotionCor2's command line, flags and output names. */
@Command(name = "motioncor", description = "Correct a movie with MotionCor2's flags (-InMrc, -OutMrc, ...).")
public final class MotionCorCommand implements Callable<Integer> {

    @Parameters(arity = "0..*", paramLabel = "FLAGS", description = "MotionCor2-style flags; -h lists them.")
    List<String> args = List.of();

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    static final String HELP = """
            Usage: stillframe motioncor -InMrc MOVIE.mrc -OutMrc SUM.mrc [flags]
            MotionCor2's flags and meanings; tags are case-insensitive, lists may use spaces or commas.
              -InMrc FILE       input movie (MRC, modes 0 1 2 6 12 101)
              -OutMrc FILE      aligned sum (float32 MRC)
              -Gain FILE        gain reference (MRC), multiplied into every frame
              -Iter N           most alignment iterations (default 15)
              -Tol PX           stop when no frame moves more than this (default 0.1)
              -Bft B [Blocal]   B-factor of the correlation, (grid px)^2 (default 150 100)
              -PhaseOnly 0|1    phase correlation (default 0)
              -Group G [Gp]     align sums of G consecutive frames (default 1 4)
              -FmRef K          frame the sum is registered to: 0 first (default), -1 central, K>=1 frame K
              -Throw N          drop the first N frames
              -Trunc N          drop the last N frames
              -LogDir DIR       write DIR/<movie stem>-Full.log (frame, shift x, shift y)
              -Gpu IDS          accepted; the GPU backend is not built yet, so the CPU runs
              -Threads N        CPU worker threads (stillframe; default: all cores)
              -Smooth 0|1       de-noise the trajectory (stillframe; default 1)
            Shifts are printed and logged relative to frame 1, in pixels, as the correction applied
            (minus the specimen's motion). Exit status: 0 ok, 2 bad input or flags, 1 internal error.
            """;

    @Override
    public Integer call() {
        return run(args.toArray(String[]::new), spec.commandLine().getOut(), spec.commandLine().getErr());
    }

    /** Runs the command on MotionCor2-style arguments; returns the exit status. */
    static int run(String[] argv, PrintWriter out, PrintWriter err) {
        List<String> args = List.of(argv);
        if (args.isEmpty() || args.contains("-h") || args.contains("--help")) {
            out.print(HELP);
            out.flush();
            return args.isEmpty() ? Main.BAD_INPUT : Main.OK;
        }
        try {
            long start = System.nanoTime();
            MotionCorArgs a = MotionCorArgs.parse(args.toArray(String[]::new));
            MovieTask task = task(a);
            if (a.has("-Gpu")) {
                err.println("stillframe motioncor: -Gpu " + String.join(" ", a.list("-Gpu"))
                        + ": no GPU backend yet, running on the CPU");
            }
            MovieResult result;
            try (MoviePipeline pipeline = new MoviePipeline(threads(a))) {
                result = pipeline.run(task, line -> {
                    out.println(line);
                    out.flush();
                });
            }
            out.print(MotionCorLogs.stdoutShifts(result.correction().shifts()));
            var t = result.correction().timings();
            out.printf(Locale.ROOT, "Stages: read+transform %.2f s, align %.2f s (%d iterations), sum %.2f s, "
                    + "write %.2f s%n", t.readSeconds(), t.alignSeconds(), result.correction().iterations(),
                    t.sumSeconds(), result.writeSeconds());
            out.printf(Locale.ROOT, "Computation time: %.2f sec%n", t.totalSeconds());
            out.printf(Locale.ROOT, "Total time: %.2f sec%n", (System.nanoTime() - start) * 1e-9);
            out.flush();
            return Main.OK;
        } catch (UsageException | java.io.IOException e) {
            err.println("stillframe motioncor: " + e.getMessage());
            return Main.BAD_INPUT;
        } catch (RuntimeException e) {
            err.println("stillframe motioncor: internal error: " + e);
            if (System.getenv("STILLFRAME_DEBUG") != null) {
                e.printStackTrace(err);
            }
            return Main.INTERNAL_ERROR;
        } finally {
            out.flush();
            err.flush();
        }
    }

    static MovieTask task(MotionCorArgs a) throws UsageException {
        if (!a.has("-InMrc")) {
            throw new UsageException("-InMrc is required (the movie to correct)");
        }
        if (!a.has("-OutMrc")) {
            throw new UsageException("-OutMrc is required (where the aligned sum goes)");
        }
        Path in = Path.of(a.string("-InMrc"));
        Path out = Path.of(a.string("-OutMrc"));
        if (in.toAbsolutePath().normalize().equals(out.toAbsolutePath().normalize())) {
            throw new UsageException("-OutMrc must differ from -InMrc");
        }
        Path gain = a.has("-Gain") ? Path.of(a.string("-Gain")) : null;
        Path logDir = a.has("-LogDir") ? Path.of(a.string("-LogDir")) : null;
        int throwFrames = nonNegative(a, "-Throw");
        int truncFrames = nonNegative(a, "-Trunc");
        return new MovieTask(in, out, gain, logDir, throwFrames, truncFrames, correctionOptions(a));
    }

    /** The engine options: reference.conf defaults overridden by the flags given. */
    static CorrectionOptions correctionOptions(MotionCorArgs a) throws UsageException {
        Config d = Defaults.motionCor();
        int iterations = a.integer("-Iter", d.getInt("iterations"));
        double tol = a.number("-Tol", d.getDouble("tolerance-px"));
        double bft = a.has("-Bft") ? a.numberAt("-Bft", 0) : d.getDoubleList("bfactor").get(0);
        boolean phaseOnly = a.integer("-PhaseOnly", d.getBoolean("phase-only") ? 1 : 0) != 0;
        int group = a.has("-Group") ? a.integerAt("-Group", 0) : d.getIntList("group").get(0);
        int fmRef = a.integer("-FmRef", d.getInt("fm-ref"));
        boolean smooth = a.integer("-Smooth", d.getBoolean("smooth-trajectory") ? 1 : 0) != 0;
        if (fmRef < -1) {
            throw new UsageException("-FmRef must be -1 (central), 0 (first) or a frame number, got " + fmRef);
        }
        try {
            GlobalAlignOptions align = new GlobalAlignOptions(iterations, tol, bft, phaseOnly, group,
                    d.getDouble("max-shift-px"), smooth);
            return new CorrectionOptions(align, fmRef);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
    }

    static int threads(MotionCorArgs a) throws UsageException {
        int t = a.integer("-Threads", Defaults.motionCor().getInt("threads"));
        if (t < 0) {
            throw new UsageException("-Threads must be >= 0, got " + t);
        }
        return t == 0 ? Runtime.getRuntime().availableProcessors() : t;
    }

    private static int nonNegative(MotionCorArgs a, String flag) throws UsageException {
        int v = a.integer(flag, 0);
        if (v < 0) {
            throw new UsageException(flag + " must be >= 0, got " + v);
        }
        return v;
    }
}
