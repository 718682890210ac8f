package org.stillframe.tomo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import org.stillframe.config.Defaults;
import org.stillframe.io.AtomicFiles;
import org.stillframe.io.BadInputException;
import org.stillframe.io.mrc.MrcHeader;
import org.stillframe.io.mrc.MrcMode;
import org.stillframe.io.mrc.MrcReader;
import org.stillframe.io.mrc.MrcWriter;
import org.stillframe.movie.MovieResult;
import org.stillframe.movie.MovieTask;
import org.stillframe.movie.OutputNames;
import org.stillframe.options.MotionCorArgs;
import org.stillframe.options.MotionCorSettings;
import org.stillframe.options.PerMovie;
import org.stillframe.options.SettingsFromFlags;
import org.stillframe.options.UsageException;
import org.stillframe.parallel.Workers;
import org.stillframe.pipeline.MoviePipeline;

/**
 * Corrects every tilt of a tilt series with the per-movie pipeline (each with its own pre-exposure, -InitDose,
 * and even/odd sums) and assembles the series in tilt-angle order: {@code NAME.st}, {@code NAME_EVN.st},
 * {@code NAME_ODD.st} ({@code NAME_DW.st} with dose weighting), {@code NAME.tlt} and {@code NAME.rawtlt} (angles
 * in stack order, as IMOD and AreTomo read them) and {@code NAME_tilts.tsv} (per tilt: stack index, mdoc
 * section, angle, acquisition order, pre-exposure, dose, movie, status). A tilt that cannot be corrected is
 * listed as failed and left out; a tilt far darker than the others (mean below 5 % of the median: a blocked
 * beam at high tilt) is flagged dark and, with {@code excludeFailed}, left out too.
 */
public final class TiltSeriesRun {

    /** What happened to one tilt. */
    public record TiltResult(Tilt tilt, String status, String error, Path sum, double mean, int stackIndex) {
    }

    /** The series' outputs. */
    public record Result(List<TiltResult> tilts, Path stack, Path even, Path odd, Path tlt, Path table) {
    }

    private static final double DARK_FRACTION = 0.05;

    /** The most tilts corrected at once (each holds its frames and its workers' buffers). */
    private static final int MAX_AT_ONCE = 4;

    private TiltSeriesRun() {
    }

    public static Result run(String name, List<Tilt> tilts, Path movies, Path out, List<String> flags, int threads,
                             boolean excludeFailed, double tiltAxisAngle, Consumer<String> log)
            throws IOException, UsageException {
        double voltage = 300;
        Path tiltDir = out.resolve("tilts");
        Files.createDirectories(tiltDir);
        MotionCorArgs args = MotionCorArgs.parse(flags.toArray(String[]::new));
        for (String io : List.of("-InMrc", "-OutMrc")) {
            if (args.has(io)) { // each tilt's movie and sum come from the mdoc and the output folder
                throw new UsageException(io + " is set by stillframe tilts; leave it out of the flags");
            }
        }
        MotionCorSettings settings = SettingsFromFlags.tiltSettings(args);
        List<MotionCorSettings> perTilt = new ArrayList<>();
        boolean doseWeighted = false;
        for (Tilt t : tilts) {
            // The tilt's pre-exposure and even/odd sums always; its dose per frame unless -FmDose is given.
            PerMovie own = t.perMovie();
            MotionCorSettings s = settings.withPerMovie(new PerMovie(null, null, null, own.initDose(),
                    args.has("-FmDose") ? null : own.dosePerFrame(), own.splitSum()));
            perTilt.add(s);
            doseWeighted |= s.doseWeighting();
            if (Double.isFinite(s.voltageKv())) {
                voltage = s.voltageKv();
            }
        }
        TiltResult[] results = new TiltResult[tilts.size()];
        Consumer<String> lines = line -> {
            synchronized (results) { // tilts finish on several threads; the caller's log need not be thread-safe
                log.accept(line);
            }
        };
        // Tilt movies are short and small: one thread per movie, several movies at once, keeps both cores busy
        // where one movie's FFTs split over threads left them idle a third of the time (measured, 41 tilts of
        // 1024² x 8: 1.4 of 2 cores busy). At most MAX_AT_ONCE at once bounds memory on many-core machines.
        int atOnce = Math.max(1, Math.min(Math.min(threads, MAX_AT_ONCE), tilts.size()));
        int threadsEach = Math.max(1, threads / atOnce);
        MoviePipeline[] pipelines = new MoviePipeline[atOnce];
        boolean magnified = settings.mag() != null; // sums are written magnification-corrected: not from memory
        try (Workers tiltsAtOnce = new Workers(atOnce);
             StackDrafts drafts = magnified ? null : new StackDrafts(out, name, StackKind.of(doseWeighted), tilts)) {
            for (int w = 0; w < atOnce; w++) {
                pipelines[w] = new MoviePipeline(threadsEach);
            }
            tiltsAtOnce.forEach(tilts.size(), (worker, i) -> results[i] = correct(pipelines[worker], tilts.get(i), i,
                    perTilt.get(i), movies, tiltDir, name, lines, drafts));
            return assemble(name, List.of(results), out, doseWeighted, excludeFailed, tiltAxisAngle, voltage,
                    drafts);
        } catch (Workers.WorkerException e) {
            throw ioOrSelf(e);
        } finally {
            for (MoviePipeline p : pipelines) {
                if (p != null) {
                    p.close();
                }
            }
        }
    }

    /**
     * Corrects one tilt's movie (number {@code index} in the list) and places its sums in the drafts when given;
     * a bad movie is a failed tilt, not a failed series.
     */
    private static TiltResult correct(MoviePipeline pipeline, Tilt t, int index, MotionCorSettings s, Path movies,
                                      Path tiltDir, String name, Consumer<String> log, StackDrafts drafts)
            throws IOException {
        Path sum = tiltDir.resolve(String.format(Locale.ROOT, "%s_%03d.mrc", name, t.zValue()));
        String movie = movies.resolve(t.movie()).toString();
        try {
            MoviePipeline.Corrected corrected = pipeline.correct(new MovieTask(movie, sum, s), null, line -> { });
            org.stillframe.correct.Sums sums = corrected.sums();
            MovieResult r = corrected.write();
            if (drafts != null) {
                drafts.place(index, sums, corrected.sumPixelSizeA());
            }
            var time = r.correction().timings();
            log.accept(String.format(Locale.ROOT, "tilt %3d (%7.2f deg, acquired %2d, pre-exposure %.1f e/A^2):"
                    + " corrected, %d frames (read %.3f s, align %.3f s, sum %.3f s, write %.3f s)", t.zValue(),
                    t.angle(), t.order() + 1, t.preExposure(), r.correction().shifts().frames(),
                    time.readSeconds(), time.alignSeconds(), time.sumSeconds(), r.writeSeconds()));
            return new TiltResult(t, "ok", "", sum, mean(sum), -1);
        } catch (BadInputException e) {
            log.accept("tilt " + t.zValue() + ": failed: " + e.getMessage());
            return new TiltResult(t, "failed", e.getMessage(), null, Double.NaN, -1);
        }
    }

    /**
     * Flags dark tilts and writes the angle-sorted stacks, .tlt/.rawtlt and the tilt table from the corrected
     * tilts (their sums and _EVN/_ODD/_DW siblings must exist for every tilt with a sum).
     */
    public static Result assemble(String name, List<TiltResult> corrected, Path out, boolean doseWeighted,
                                  boolean excludeFailed, double tiltAxisAngle, double voltage) throws IOException {
        return assemble(name, corrected, out, doseWeighted, excludeFailed, tiltAxisAngle, voltage, null);
    }

    /** As above; the stacks are the drafts' when they hold exactly the stacked tilts in order. */
    private static Result assemble(String name, List<TiltResult> corrected, Path out, boolean doseWeighted,
                                   boolean excludeFailed, double tiltAxisAngle, double voltage, StackDrafts drafts)
            throws IOException {
        Files.createDirectories(out);
        List<TiltResult> results = flagDark(corrected);
        List<TiltResult> inStack = results.stream()
                .filter(r -> r.sum() != null && (r.status().equals("ok") || !excludeFailed))
                .sorted(Comparator.comparingDouble(r -> r.tilt().angle())).toList();
        if (inStack.isEmpty()) {
            throw new BadInputException(name, "no tilt could be corrected");
        }
        List<TiltResult> numbered = new ArrayList<>();
        for (TiltResult r : results) {
            int index = inStack.indexOf(r);
            numbered.add(new TiltResult(r.tilt(), r.status(), r.error(), r.sum(), r.mean(), index));
        }
        List<StackKind> kinds = StackKind.of(doseWeighted);
        List<Integer> stacked = inStack.stream().map(results::indexOf).toList();
        if (drafts != null && drafts.usable(stacked)) {
            drafts.commit();
        } else {
            writeStacks(out, name, kinds, inStack);
        }
        StringBuilder tlt = new StringBuilder();
        for (TiltResult r : inStack) {
            tlt.append(String.format(Locale.ROOT, "%.2f%n", r.tilt().angle()));
        }
        Path tltFile = out.resolve(name + ".tlt");
        AtomicFiles.writeString(tltFile, tlt.toString());
        AtomicFiles.writeString(out.resolve(name + ".rawtlt"), tlt.toString());
        Path table = out.resolve(name + "_tilts.tsv");
        AtomicFiles.writeString(table, table(name, numbered));
        writeRelionStar(name, numbered, out, tiltAxisAngle, voltage);
        return new Result(numbered, StackKind.PLAIN.file(out, name), StackKind.EVEN.file(out, name),
                StackKind.ODD.file(out, name), tltFile, table);
    }

    /** RELION 5's tilt-series STAR files for the tilts in the stack (pixel size and voltage from the sums). */
    private static void writeRelionStar(String name, List<TiltResult> results, Path out, double axisAngle,
                                        double voltage) throws IOException {
        List<org.stillframe.relion.TiltSeriesStar.TiltRow> rows = new ArrayList<>();
        double pixel = Double.NaN;
        for (TiltResult r : results) {
            if (r.stackIndex() < 0) {
                continue;
            }
            Tilt t = r.tilt();
            OutputNames names = new OutputNames(r.sum());
            if (Double.isNaN(pixel)) {
                try (MrcReader in = MrcReader.open(r.sum())) {
                    pixel = in.pixelSizeA();
                }
            }
            rows.add(new org.stillframe.relion.TiltSeriesStar.TiltRow(t.movie(), t.frames(), t.angle(),
                    axisAngle, t.preExposure(), t.defocus(), r.sum().toString(), names.even().toString(),
                    names.odd().toString(), t.order()));
        }
        Path series = out.resolve(name + ".star");
        AtomicFiles.writeString(series, org.stillframe.relion.TiltSeriesStar.series(name, rows));
        AtomicFiles.writeString(out.resolve("corrected_tilt_series.star"), org.stillframe.relion.TiltSeriesStar
                .global(name, series.toString(), voltage, Defaults.motionCor().getDouble("cs-mm"),
                        Defaults.motionCor().getDouble("amplitude-contrast"), Double.isFinite(pixel) ? pixel : 1));
    }

    private static List<TiltResult> flagDark(List<TiltResult> results) {
        double[] means = results.stream().filter(r -> r.status().equals("ok")).mapToDouble(TiltResult::mean)
                .sorted().toArray();
        if (means.length == 0) {
            return results;
        }
        double median = means[means.length / 2];
        List<TiltResult> out = new ArrayList<>();
        for (TiltResult r : results) {
            boolean dark = r.status().equals("ok") && !(r.mean() >= DARK_FRACTION * median);
            out.add(dark ? new TiltResult(r.tilt(), "dark", String.format(Locale.ROOT,
                    "mean %.4g is below %.0f %% of the series' median %.4g", r.mean(), 100 * DARK_FRACTION, median),
                    r.sum(), r.mean(), -1) : r);
        }
        return out;
    }

    private static String table(String name, List<TiltResult> results) {
        StringBuilder sb = new StringBuilder("# stillframe tilts: ").append(name)
                .append(". stack_index: 0-based section in the angle-sorted stack (-1: not in it); order: 1-based"
                        + " acquisition order; pre_exposure/dose in e/A^2.\n");
        sb.append("stack_index\tz_value\ttilt_angle\torder\tpre_exposure\tdose\tmovie\tstatus\terror\n");
        List<TiltResult> byAngle = new ArrayList<>(results);
        byAngle.sort(Comparator.comparingDouble(r -> r.tilt().angle()));
        for (TiltResult r : byAngle) {
            Tilt t = r.tilt();
            sb.append(String.format(Locale.ROOT, "%d\t%d\t%.2f\t%d\t%.3f\t%.3f\t%s\t%s\t%s%n", r.stackIndex(),
                    t.zValue(), t.angle(), t.order() + 1, t.preExposure(), t.dose(), t.movie(), r.status(), r.error()));
        }
        return sb.toString();
    }

    /** Writes the stacks two at a time: copying is bound by memory bandwidth that one core does not use up. */
    private static void writeStacks(Path out, String name, List<StackKind> kinds, List<TiltResult> tilts)
            throws IOException {
        try (Workers two = new Workers(2)) {
            two.forEach(kinds.size(), (worker, k) -> writeStack(kinds.get(k).file(out, name), tilts,
                    kinds.get(k).sibling()));
        } catch (Workers.WorkerException e) {
            throw ioOrSelf(e);
        }
    }

    /** The I/O error a tilt's work ended in, as thrown; anything else as it is. */
    private static IOException ioOrSelf(Workers.WorkerException e) {
        if (e.getCause() instanceof IOException io) {
            return io;
        }
        throw e;
    }

    private static void writeStack(Path file, List<TiltResult> tilts, StackKind.Sibling which) throws IOException {
        MrcWriter w = null;
        try {
            for (TiltResult r : tilts) {
                Path image = which == null ? r.sum() : which.of(new OutputNames(r.sum()));
                if (w == null) {
                    try (MrcReader in = MrcReader.open(image)) {
                        w = MrcWriter.create(file, MrcHeader.forImage(in.width(), in.height(), tilts.size(),
                                MrcMode.FLOAT32, in.pixelSizeA()));
                    }
                }
                w.copySection(image);
            }
            w.commit();
        } finally {
            if (w != null) {
                w.close();
            }
        }
    }

    /** The mean of a sum image (dark-tilt detection). */
    public static double mean(Path sum) throws IOException {
        try (MrcReader r = MrcReader.open(sum)) {
            if (r.header().hasStatistics() && r.frameCount() == 1) { // the writer recorded the statistics
                return r.header().dmean();
            }
            float[] f = new float[r.width() * r.height()];
            r.read(0, f);
            double s = 0;
            for (float v : f) {
                s += v;
            }
            return s / f.length;
        }
    }
}
