package org.stillframe.cli;

import com.typesafe.config.Config;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.stillframe.log.MotionCorLogs;
import org.stillframe.movie.MovieResult;
import org.stillframe.movie.MovieTask;
import org.stillframe.options.MotionCorArgs;
import org.stillframe.options.MotionCorSettings;
import org.stillframe.options.SettingsFromFlags;
import org.stillframe.options.UsageException;
import org.stillframe.pipeline.MoviePipeline;
import org.stillframe.pipeline.Prefetch;
import org.stillframe.relion.RelionOutputs;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine;

/** {@code stillframe motioncor}: MotionCor2's command line, flags and output names. */
@Command(name = "motioncor", description = "Correct movies with MotionCor2's flags (-InMrc, -OutMrc, ...).")
public final class MotionCorCommand implements Callable<Integer> {

    @Parameters(arity = "0..*", paramLabel = "FLAGS", description = "MotionCor2-style flags; -h lists them.")
    List<String> args = List.of();

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    static final String HELP = """
            Usage: stillframe motioncor -InMrc MOVIE.mrc -OutMrc SUM.mrc [flags]
            MotionCor2's flags and meanings; tags are case-insensitive, lists may use spaces or commas.
            Input and references
              -InMrc FILE         input movie (MRC modes 0 1 2 6 12 101; .mrc.bz2 too); with -Serial 1 a
                                  folder/prefix
              -InTiff FILE        input TIFF movie (one page per frame; none/LZW/deflate; 8/16/32-bit)
              -InEer FILE         input EER movie (Falcon 4/4i), rendered at -EerSampling 1|2|3 (1x, 2x, 4x);
                                  group its raw frames with -FmIntFile
              -Gain FILE          gain reference (MRC), multiplied into every frame; without it, a gain stored
                                  in the movie's MRC extended header is used if there is one
              -Dark FILE          dark reference, subtracted before the gain
              -RotGain R          turn gain and dark R x 90 degrees counter-clockwise (0..3)
              -FlipGain F         then flip them: 1 upside down, 2 left-right
              -GainOrient M       check (default): test the gain's 8 orientations on the first frames and warn
                                  when another fits better; auto: apply the best; off: neither
              -DefectFile FILE    lines 'x y w h' of bad rectangles (lower-left corner)
              -Throw N / -Trunc N drop the first / last N frames
            Alignment
              -Iter N             most iterations per pass (default 15)
              -Tol PX             stop when no frame moves more than this (default 0.1)
              -Bft B [Blocal]     B-factors of the correlations, (grid px)^2 (default: 150 100, and 500 and
                                  1500 are tried too, the least noisy trajectory kept; -Bft fixes B)
              -PhaseOnly 0|1      phase correlation (default 0)
              -Group G [Gp]       align sums of G frames (by dose with -FmIntFile) (default 1 4)
              -FmRef K            frame the sums are registered to: -1 central (default), 0 first, K>=1 frame K
              -Patch X Y [OV]     local motion: X x Y patches (OV % overlap), a smooth polynomial deformation
                                  fitted to their shifts, every pixel remapped (uses -Bft and -Group's 2nd values)
              -FeaturePatch 0|1   move patch centres onto structure (stillframe; default 1)
            Dose weighting (all of -Kv, -PixSize and -FmDose or -FmIntFile, else skipped)
              -Kv KV              300, 200 (100 with RELION's factor)
              -PixSize A          pixel size of the movie in A (overrides the header)
              -FmDose D           exposure per raw frame, e/A^2
              -InitDose D         exposure before the first frame, e/A^2 (tilt series)
              -FmIntFile FILE     lines 'raw-frames frames-per-rendered-frame dose-per-raw-frame'
              -SumRange LO HI     also SUM_DWS.mrc of frames exposed LO..HI e/A^2 (default 3 25; 0 0 = off)
            Outputs
              -OutMrc FILE        aligned sum; with dose weighting also FILE_DW.mrc
              -SplitSum 1         also FILE_EVN.mrc (frames 2,4,...) and FILE_ODD.mrc (frames 1,3,...)
              -OutStack 1 [Z]     also FILE_Stk.mrc, aligned frames summed Z at a time
              -FtBin B            Fourier-bin every output by B (integer or not)
              -Mag MAJ MIN ANG    correct anisotropic magnification of the sums
              -InFmMotion 1       down-weight each frame's own motion blur in the weighted sums
              -LogDir DIR         DIR/<movie stem>-Full.log and DIR/<movie stem>.shifts.tsv
              -LogFile X          old MotionCor2 logs X0-Full.log, X0-Patch-*.log (what RELION passes)
              -OutStar 1          also RELION 3.1's motion STAR per movie and corrected_micrographs.star
                                  (same as --relion-star; -Cs and -AmpCont fill its optics group)
            Batch
              -Serial 1           -InMrc is a folder or folder/prefix; every matching movie is corrected,
                                  outputs named -OutMrc stem + the movie's serial part
              -InSuffix TEXT      only movies whose name continues with TEXT after the prefix
              -InSkips TEXT       skip movies whose name contains TEXT
            Other
              -Gpu IDS            accepted; no GPU backend yet, so the CPU runs
              -Threads N          CPU worker threads (stillframe; default: all cores)
              -Smooth 0|1         de-noise the trajectory (stillframe; default 1)
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
            MotionCorArgs a = MotionCorArgs.parse(argv);
            MotionCorSettings settings = SettingsFromFlags.settings(a);
            List<MovieTask> tasks = SerialInputs.tasks(a, settings);
            List<MovieResult> results = new java.util.ArrayList<>();
            if (a.has("-Gpu")) {
                err.println("stillframe motioncor: -Gpu " + String.join(" ", a.list("-Gpu"))
                        + ": no GPU backend yet, running on the CPU");
            }
            try (MoviePipeline pipeline = new MoviePipeline(SettingsFromFlags.threads(a));
                 Prefetch prefetch = new Prefetch()) {
                for (int t = 0; t < tasks.size(); t++) {
                    MovieTask task = tasks.get(t);
                    if (t + 1 < tasks.size()) {
                        prefetch.warm(tasks.get(t + 1).input());
                    }
                    if (tasks.size() > 1) {
                        out.println("Movie " + (t + 1) + " of " + tasks.size() + ": " + task.input());
                    }
                    MovieResult result = pipeline.run(task, line -> {
                        out.println(line);
                        out.flush();
                    });
                    report(out, result);
                    results.add(result);
                }
            }
            if (settings.relionStar()) {
                Path star = RelionOutputs.writeCorrectedMicrographs(tasks, results, settings,
                        settings.csMm(), settings.ampContrast());
                out.println("Written: " + star);
            }
            out.printf(Locale.ROOT, "Total time: %.2f sec%n", (System.nanoTime() - start) * 1e-9);
            return Main.OK;
        } catch (UsageException | IOException e) {
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

    private static void report(PrintWriter out, MovieResult result) {
        var d = result.correction().defects();
        out.printf(Locale.ROOT, "Defective pixels repaired: %d (defect file %d, zero gain %d, hot %d, dead %d, "
                + "next to hot %d)%n", d.total(), d.listed(), d.zeroGain(), d.hot(), d.dead(), d.cluster());
        out.print(MotionCorLogs.stdoutShifts(result.correction().shifts()));
        var t = result.correction().timings();
        out.printf(Locale.ROOT, "Stages: read+transform %.2f s, align %.2f s (%d iterations), sum %.2f s, "
                + "write %.2f s%n", t.readSeconds(), t.alignSeconds(), result.correction().iterations(),
                t.sumSeconds(), result.writeSeconds());
        out.printf(Locale.ROOT, "Computation time: %.2f sec%n", t.totalSeconds());
        for (Path p : result.outputs()) {
            out.println("Written: " + p);
        }
        out.flush();
    }
}
