package org.stillframe.spark;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.stillframe.align.patch.LocalMotion;
import org.stillframe.io.Storage;
import org.stillframe.movie.MovieResult;
import org.stillframe.movie.MovieStatus;
import org.stillframe.movie.MovieTask;
import org.stillframe.options.MotionCorSettings;
import org.stillframe.options.UsageException;
import org.stillframe.pipeline.MoviePipeline;
import org.stillframe.pipeline.Prefetch;
import org.stillframe.relion.AccumulatedMotion;

/**
 * Corrects one movie of the dataset on an executor: runs the per-movie pipeline, puts the outputs on the shared
 * storage (directly for a local folder; through a local scratch folder and an atomic upload otherwise), and
 * records the outcome. A movie that cannot be read becomes a {@code failed} outcome; nothing escapes.
 */
final class MovieRunner {

    private MovieRunner() {
    }

    /** A movie corrected, its outputs still to be written and its outcome to be recorded. */
    @FunctionalInterface
    interface Pending {
        /** Writes the outputs and records the outcome (failed when a write failed); never throws for the movie. */
        MovieOutcome finish();
    }

    /**
     * Corrects {@code movie} with {@code engine} here; what is returned writes the sums and logs, puts the outputs
     * on the shared storage and records the outcome, with {@code read} (when the task read it ahead), the
     * correction's start and end and the writing's as its stage times. A movie that cannot be read or corrected is
     * a failed outcome to record.
     */
    static Pending correct(MovieEntry movie, JobSpec spec, String device, MoviePipeline engine, Prefetch.Span read,
                           Consumer<String> log) {
        long start = System.nanoTime();
        long computeStart = System.currentTimeMillis();
        String host = host();
        Path folder = null;
        try {
            MotionCorSettings settings = spec.settings().withPerMovie(movie.perMovie());
            boolean local = Storage.isLocal(spec.output());
            folder = local ? Storage.localPath(spec.output()) : Files.createTempDirectory("stillframe-job-");
            Path sum = folder.resolve(movie.stem() + ".mrc");
            MotionCorSettings withLogs = settings.withLogDir(folder.resolve("logs"));
            MoviePipeline.Corrected corrected = engine.correct(new MovieTask(movie.location(), sum, withLogs),
                    spec.frameStep(movie.stem(), folder), log);
            long computeEnd = System.currentTimeMillis();
            Path scratch = folder;
            return () -> {
                long writeStart = System.currentTimeMillis();
                MovieOutcome o;
                try {
                    org.stillframe.correct.Sums sums = corrected.sums();
                    MovieResult result = corrected.write();
                    result = result.withOutputs(org.stillframe.report.Thumbnails.added(result.outputs(), sums, scratch, movie.stem(),
                            log));
                    o = outcome(movie, spec, device, host, result, withLogs,
                            publish(result.outputs(), scratch, spec, local), seconds(start));
                } catch (IOException | RuntimeException | OutOfMemoryError e) {
                    o = failure(movie, spec, device, host, start, e);
                } finally {
                    if (!local) {
                        deleteTree(scratch);
                    }
                }
                return record(o.withStages(read.startMs(), read.endMs(), computeStart, computeEnd, writeStart,
                        System.currentTimeMillis()), movie, spec);
            };
        } catch (IOException | UsageException | RuntimeException | OutOfMemoryError e) {
            if (folder != null && !Storage.isLocal(spec.output())) {
                deleteTree(folder);
            }
            MovieOutcome failed = failure(movie, spec, device, host, start, e)
                    .withStages(read.startMs(), read.endMs(), computeStart, System.currentTimeMillis(), 0, 0);
            return () -> record(failed, movie, spec);
        }
    }

    private static MovieOutcome failure(MovieEntry movie, JobSpec spec, String device, String host, long start,
                                        Throwable e) {
        String message;
        if (e instanceof IOException || e instanceof UsageException) {
            message = oneLine(e.getMessage());
            if (!message.contains(movie.location())) {
                message = movie.location() + ": " + message; // e.g. an output that could not be written
            }
        } else {
            message = movie.location() + ": internal error: " + oneLine(String.valueOf(e));
        }
        return MovieOutcome.failed(movie, spec.optionsHash(), spec.version(), device, host, message, seconds(start));
    }

    /** Records {@code o} on the shared storage, where the driver and a rerun find it. */
    static MovieOutcome record(MovieOutcome o, MovieEntry movie, JobSpec spec) {
        try {
            // Another attempt of this task (a retry, a speculative copy) may have corrected the movie already: a
            // failure here (the attempt was killed, its storage went away) never replaces that success.
            MovieOutcome earlier = o.ok() ? null : Resume.recorded(movie, spec);
            if (earlier != null && earlier.ok()) {
                return earlier;
            }
            JobStore.mkdirs(spec.outcomesDir());
            JobStore.write(JobStore.child(spec.outcomesDir(), movie.stem() + ".outcome"), serialize(o));
        } catch (IOException e) {
            throw new IllegalStateException("cannot record the outcome of " + movie.location() + ": " + e.getMessage(),
                    e);
        }
        return o;
    }

    /**
     * The outputs' locations on the shared storage: where they are for a local folder, else uploaded from the
     * scratch folder (each atomically).
     */
    private static List<String> publish(List<Path> files, Path folder, JobSpec spec, boolean local)
            throws IOException {
        List<String> outputs = new ArrayList<>();
        for (Path p : files) {
            if (local) {
                outputs.add(p.toString());
            } else {
                String target = JobStore.child(spec.output(), folder.relativize(p).toString().replace('\\', '/'));
                JobStore.upload(p, target);
                outputs.add(target);
            }
        }
        return outputs;
    }

    static MovieOutcome outcome(MovieEntry movie, JobSpec spec, String device, String host, MovieResult r,
                                MotionCorSettings settings, List<String> outputs, double wallSeconds) {
        var c = r.correction();
        int n = c.shifts().frames();
        double[] x = new double[n];
        double[] y = new double[n];
        double[] exposure = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = c.shifts().x(i);
            y[i] = c.shifts().y(i);
            exposure[i] = r.schedule().exposureAtEnd(i);
        }
        LocalMotion local = c.local();
        double[] cx = new double[0];
        double[] cy = new double[0];
        boolean[] rejected = new boolean[0];
        double[][] px = new double[0][];
        double[][] py = new double[0][];
        double[] model = new double[0];
        if (local != null) {
            cx = local.patches().layout().centreX().clone();
            cy = local.patches().layout().centreY().clone();
            rejected = local.patches().rejected().clone();
            px = local.patches().x();
            py = local.patches().y();
            if (local.applied()) {
                model = local.model().relionCoefficients();
            }
        }
        var t = c.timings();
        double dose = r.schedule().frames() > 0 ? r.schedule().dose(0) : Double.NaN;
        AccumulatedMotion drift = drift(r, x, y, settings.initDose());
        return new MovieOutcome(movie.location(), movie.stem(), MovieStatus.OK, "", spec.optionsHash(), spec.version(), device,
                host, movie.sizeBytes(), movie.modifiedMillis(), c.width(), c.height(), n, r.firstFrame(),
                r.pixelSizeA(), dose, drift.total(), drift.early(), drift.late(), c.defects().total(),
                c.defects().hot(), c.iterations(), t.readSeconds(), t.alignSeconds(), t.sumSeconds(),
                r.writeSeconds(), wallSeconds, x, y, exposure, cx, cy, rejected, px, py, model, List.copyOf(outputs),
                r.gainOrientation());
    }

    /** The movies table's drift: RELION's accumulated motion (early/late rule), in Å when the pixel size is known. */
    static AccumulatedMotion drift(MovieResult r, double[] x, double[] y, double preExposure) {
        double dose = r.schedule().frames() > 0 ? r.schedule().dose(0) : Double.NaN;
        double scale = r.pixelSizeA() > 0 ? r.pixelSizeA() : 1;
        return AccumulatedMotion.of(x, y, r.firstFrame(), dose, preExposure).times(scale);
    }

    static byte[] serialize(MovieOutcome o) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(o);
        }
        return bytes.toByteArray();
    }

    /** The recorded outcome, or null when the file is unreadable (written by another version, damaged). */
    static MovieOutcome deserialize(byte[] bytes) {
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes))) {
            return (MovieOutcome) in.readObject();
        } catch (IOException | ClassNotFoundException | ClassCastException e) {
            return null;
        }
    }

    private static String oneLine(String s) {
        return s == null ? "unknown error" : s.replaceAll("\\s*\\R\\s*", " ");
    }

    private static double seconds(long start) {
        return (System.nanoTime() - start) * 1e-9;
    }

    private static String host() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "unknown";
        }
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // scratch space; the OS cleans temporary folders
        }
    }
}
