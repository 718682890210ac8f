package org.stillframe.spark;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.spark.SparkConf;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.resource.ResourceInformation;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.util.LongAccumulator;
import org.stillframe.io.BadInputException;
import org.stillframe.options.MotionCorArgs;
import org.stillframe.options.SettingsFromFlags;
import org.stillframe.options.UsageException;

/**
 * The Spark driver: lists the dataset, skips movies already done with the same options, spreads the rest over
 * the executors (one movie per task, largest first; each task uses the GPU Spark assigned it, or the CPU cores
 * it was given), records every outcome on the shared storage as soon as the movie is done, then rebuilds the
 * Parquet tables and prints the QC summary. A movie that fails becomes a {@code failed} row; the rest go on.
 */
public final class StillframeJob {

    /** Exit statuses. */
    public static final int OK = 0;
    public static final int INTERNAL_ERROR = 1;
    public static final int BAD_INPUT = 2;
    public static final int SOME_FAILED = 3;

    /**
     * @param dataset   glob, folder, text list or movies.star (local or Hadoop URI)
     * @param output    output folder (local or Hadoop URI)
     * @param motionCor MotionCor2-style processing flags
     * @param sparkConf Spark settings applied when the session is created here (master, resources, ...)
     * @param progressSeconds how often progress is printed
     * @param printQc   print the QC summary at the end
     */
    public record Options(String dataset, String output, List<String> motionCor, Map<String, String> sparkConf,
                          double progressSeconds, boolean printQc, boolean tiltSeries, double dosePerTilt,
                          String particles, org.stillframe.extract.ParticleConfig particleConfig, int maxMovies,
                          PolishRequest polish) {

        public Options(String dataset, String output, List<String> motionCor, Map<String, String> sparkConf,
                       double progressSeconds, boolean printQc) {
            this(dataset, output, motionCor, sparkConf, progressSeconds, printQc, false, Double.NaN, null, null, 0,
                    null);
        }

        public Options(String dataset, String output, List<String> motionCor, Map<String, String> sparkConf,
                       double progressSeconds, boolean printQc, boolean tiltSeries, double dosePerTilt) {
            this(dataset, output, motionCor, sparkConf, progressSeconds, printQc, tiltSeries, dosePerTilt, null, null,
                    0, null);
        }
    }

    /** What a run did. */
    public record Summary(int listed, int skipped, int ok, int failed, double seconds, boolean tablesWritten,
                          Qc.Report report) {
    }

    private StillframeJob() {
    }

    /** Runs the job and prints progress and the QC summary to {@code out}; returns the exit status. */
    public static int run(Options o, PrintWriter out, PrintWriter err) {
        boolean sessionBefore = SparkSession.getDefaultSession().isDefined();
        try {
            Summary s = execute(o, out);
            return s.report().failed() > 0 ? SOME_FAILED : OK;
        } catch (BadInputException | UsageException e) {
            err.println("stillframe job: " + e.getMessage());
            return BAD_INPUT;
        } catch (IOException | RuntimeException e) {
            err.println("stillframe job: internal error: " + e);
            if (System.getenv("STILLFRAME_DEBUG") != null) {
                e.printStackTrace(err);
            }
            return INTERNAL_ERROR;
        } finally {
            if (!sessionBefore) {
                stopOwnSession();
            }
        }
    }

    /**
     * Stops the session a run started (none was running before it): left running, it would be the session of
     * whatever runs next in this JVM (a test, a notebook cell), with this run's settings.
     */
    static void stopOwnSession() {
        scala.Option<SparkSession> s = SparkSession.getDefaultSession();
        if (s.isDefined()) {
            s.get().stop();
        }
    }

    static Summary execute(Options o, PrintWriter out) throws IOException, UsageException {
        long start = System.nanoTime();
        for (String f : o.motionCor()) {
            String lower = f.toLowerCase(Locale.ROOT);
            if (List.of("-inmrc", "-intiff", "-ineer", "-outmrc", "-serial", "-insuffix", "-inskips").contains(lower)) {
                throw new UsageException(f + " is set by the job (--movies, --out); leave it out of the flags");
            }
        }
        List<String> flags = new ArrayList<>(o.motionCor());
        // The settings are built once, on the driver (a typo fails the job before any task runs), and shipped.
        MotionCorArgs parsedFlags = MotionCorArgs.parse(flags.toArray(String[]::new));
        org.stillframe.options.MotionCorSettings settings = SettingsFromFlags.settings(parsedFlags);
        JobSpec plain = JobSpec.of(o.output(), flags, settings, org.stillframe.options.Version.current());
        List<TiltSeriesJob.Series> series = o.tiltSeries() ? TiltSeriesJob.list(o.dataset(), o.dosePerTilt()) : null;
        List<MovieEntry> listed = (series == null ? DatasetListing.list(o.dataset())
                : series.stream().flatMap(s -> s.movies().stream())
                        .sorted(java.util.Comparator.comparingLong(MovieEntry::sizeBytes).reversed()).toList())
                .stream().map(m -> m.under(parsedFlags)).toList();
        List<MovieEntry> movies = o.maxMovies() > 0 && listed.size() > o.maxMovies()
                ? listed.subList(0, o.maxMovies()) : listed;
        org.stillframe.extract.ParticlePicks picks = o.particles() == null ? null
                : org.stillframe.extract.ParticlePicks.read(java.nio.file.Path.of(o.particles()));
        JobSpec particleSpec = picks == null ? plain
                : plain.withParticles(ParticleJob.of(picks, o.particleConfig(), movies));
        org.stillframe.extract.ParticlePicks posed = o.polish() == null ? null
                : org.stillframe.extract.ParticlePicks.read(java.nio.file.Path.of(o.polish().particles()));
        JobSpec spec = posed == null ? particleSpec
                : PolishDriver.prepare(o.polish(), posed, movies, settings, particleSpec, o.output(), out);
        JobStore.mkdirs(spec.outcomesDir());
        int stale = 0;
        for (String dir : List.of(o.output(), JobStore.child(o.output(), "logs"), spec.outcomesDir())) {
            stale += JobStore.removeStaleTemporaries(dir);
        }
        if (stale > 0) {
            out.printf(Locale.ROOT, "Removed %d unfinished temporary files of an interrupted run%n", stale);
        }
        Map<String, MovieOutcome> recorded = recordedOutcomes(spec);
        List<MovieEntry> todo = new ArrayList<>();
        for (MovieEntry m : movies) {
            MovieOutcome r = recorded.get(m.stem());
            if (!stillValid(r, m, spec)) {
                todo.add(m);
            }
        }
        int skipped = movies.size() - todo.size();
        out.printf(Locale.ROOT, "Dataset %s: %d movies, %d already done with these options, %d to correct%n",
                o.dataset(), movies.size(), skipped, todo.size());
        out.flush();
        boolean tablesExist = JobStore.exists(JobStore.child(JobStore.child(spec.tablesDir(), "movies"),
                "_SUCCESS"));
        if (todo.isEmpty() && tablesExist) {
            Qc.Report report = report(session(o), spec, o.printQc() ? out : null);
            return new Summary(movies.size(), skipped, 0, 0, seconds(start), false, report);
        }
        SparkSession spark = session(o);
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        int ok = 0;
        int failed = 0;
        if (!todo.isEmpty()) {
            LongAccumulator okCount = jsc.sc().longAccumulator("movies ok");
            LongAccumulator failedCount = jsc.sc().longAccumulator("movies failed");
            JavaRDD<MovieEntry> rdd = jsc.parallelize(todo, Math.min(todo.size(), 100_000));
            List<TaskStatus> statuses;
            try (Progress progress = new Progress(okCount, failedCount, todo.size(), out, o.progressSeconds())) {
                statuses = rdd.map(m -> correct(m, spec, okCount, failedCount)).collect();
            }
            for (TaskStatus s : statuses) {
                if (s.ok()) {
                    ok++;
                } else {
                    failed++;
                }
            }
        }
        Set<String> stems = new HashSet<>();
        movies.forEach(m -> stems.add(m.stem()));
        JavaRDD<MovieOutcome> outcomes = jsc.binaryFiles(spec.outcomesDir())
                .map(f -> MovieRunner.deserialize(f._2().toArray()))
                .filter(x -> x != null && stems.contains(x.stem()))
                .cache(); // the tables, the tilt stacks and RELION's star all use them: read the files once
        Tables.write(spark, outcomes, spec.tablesDir());
        if (picks != null) {
            ParticleTables.write(spark, outcomes, picks, spec, settings, o.output(), out);
        }
        if (posed != null) {
            PolishDriver.finish(spark, outcomes, posed, spec, settings, o.output(), out);
        }
        if (series != null) {
            TiltSeriesJob.assemble(spark, series, outcomes.collect(), spec, settings.doseWeighting(),
                    Double.isFinite(settings.voltageKv()) ? settings.voltageKv() : 300, out);
        }
        if (settings.relionStar()) {
            String star = JobStore.child(o.output(), "corrected_micrographs.star");
            JobStore.write(star, RelionJobStar.correctedMicrographs(outcomes.filter(MovieOutcome::ok).collect(),
                    settings, movies)
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8));
            out.println("RELION: " + star);
        }
        outcomes.unpersist();
        Qc.Report report = report(spark, spec, o.printQc() ? out : null);
        out.printf(Locale.ROOT, "Done in %.1f s: %d corrected now (%d ok, %d failed), %d skipped%n", seconds(start),
                ok + failed, ok, failed, skipped);
        out.flush();
        return new Summary(movies.size(), skipped, ok, failed, seconds(start), true, report);
    }

    private static Qc.Report report(SparkSession spark, JobSpec spec, PrintWriter out) {
        Qc.Report r = Qc.report(spark, spec.tablesDir());
        if (out != null) {
            out.print(Qc.text(r));
            out.println("Tables: " + spec.tablesDir() + " (movies, frames, patches, model)");
            out.flush();
        }
        return r;
    }

    /** Runs on an executor: one movie, on the GPU Spark assigned the task or on its CPU cores. */
    private static TaskStatus correct(MovieEntry m, JobSpec spec, LongAccumulator ok, LongAccumulator failed) {
        TaskContext tc = TaskContext.get();
        String device = "cpu";
        int threads = Math.max(1, tc == null ? 1 : tc.cpus());
        if (tc != null) {
            ResourceInformation gpu = tc.resourcesJMap().get("gpu");
            if (gpu != null && gpu.addresses().length > 0) {
                // No GPU backend yet (issue 8): the address is recorded, the CPU backend does the work.
                device = "gpu:" + gpu.addresses()[0];
            }
        }
        MovieOutcome o = MovieRunner.run(m, spec, device, threads, line -> { });
        (o.ok() ? ok : failed).add(1);
        return new TaskStatus(m.stem(), o.ok(), o.error(), device, o.wallSeconds());
    }

    /** Earlier outcomes by stem (unreadable ones are ignored: those movies are simply done again). */
    static Map<String, MovieOutcome> recordedOutcomes(JobSpec spec) throws IOException {
        Map<String, MovieOutcome> out = new HashMap<>();
        for (String f : JobStore.list(spec.outcomesDir(), ".outcome")) {
            MovieOutcome o = MovieRunner.deserialize(JobStore.read(f));
            if (o != null) {
                out.put(o.stem(), o);
            }
        }
        return out;
    }

    /** An earlier outcome holds when options and file are unchanged and, for an ok movie, its sum still exists. */
    private static boolean stillValid(MovieOutcome r, MovieEntry m, JobSpec spec) throws IOException {
        if (r == null || !r.optionsHash().equals(spec.optionsHash()) || r.sizeBytes() != m.sizeBytes()
                || r.modifiedMillis() != m.modifiedMillis() || !r.movie().equals(m.location())) {
            return false;
        }
        return !r.ok() || r.outputs().isEmpty() || JobStore.exists(r.outputs().get(0));
    }

    /** The session a run with these options uses: the one running in this JVM, else a new one with their settings. */
    public static SparkSession session(Options o) {
        SparkConf conf = new SparkConf(true);
        for (Map.Entry<String, String> e : o.sparkConf().entrySet()) {
            if (!conf.contains(e.getKey())) { // spark-submit's settings win over our defaults
                conf.set(e.getKey(), e.getValue());
            }
        }
        conf.setIfMissing("spark.master", "local[*]");
        conf.setIfMissing("spark.app.name", "stillframe");
        conf.set("spark.serializer", "org.apache.spark.serializer.KryoSerializer");
        conf.set("spark.kryo.registrator", KryoRegistration.class.getName());
        return existingOr(conf);
    }

    /**
     * The session already running in this JVM (a notebook's, a test's, the demo's) with its own settings, else a
     * new one with {@code conf}. Tests get a session with exactly their settings from TestSessions.
     */
    static SparkSession existingOr(SparkConf conf) {
        scala.Option<SparkSession> active = SparkSession.getDefaultSession();
        return active.isDefined() ? active.get() : SparkSession.builder().config(conf).getOrCreate();
    }

    private static double seconds(long start) {
        return (System.nanoTime() - start) * 1e-9;
    }
}
