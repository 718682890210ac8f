package org.stillframe.spark;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.ArrayList;
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
import org.stillframe.options.MotionCorSettings;
import org.stillframe.options.SettingsFromFlags;
import org.stillframe.options.UsageException;
import org.stillframe.options.Version;
import org.stillframe.pipeline.GainOrientationDecision;

/**
 * The Spark driver: lists the dataset, skips movies already done with the same options, spreads the rest over
 * the executors (grouped by size, largest first; a task reads its next movie while correcting one; each task
 * uses the GPU Spark assigned it, or the CPU cores it was given), records every outcome on the shared storage as soon as the movie is done, then finishes each
 * {@link Workflow} (the Parquet tables; particles, polishing, tilt series and RELION's star when asked for) and
 * prints the QC summary. A movie that fails becomes a {@code failed} row; the rest go on.
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
        FixedCost cost = new FixedCost();
        MotionCorArgs flags = jobFlags(o.motionCor());
        // The settings are built once, on the driver (a typo fails the job before any task runs), and shipped.
        MotionCorSettings settings = o.tiltSeries() ? SettingsFromFlags.tiltSettings(flags)
                : SettingsFromFlags.settings(flags);
        // A fresh output folder has everything to do: Spark starts while the dataset is listed.
        SessionAhead spark = SessionAhead.startIf(!JobStore.exists(JobSpec.outcomesDir(o.output())), o);
        try {
            return execute(o, out, flags, settings, spark, cost, start);
        } finally {
            spark.settle(); // a run failing before it used the session: let run() stop it
        }
    }

    private static Summary execute(Options o, PrintWriter out, MotionCorArgs flags, MotionCorSettings flagSettings,
                                   SessionAhead ahead, FixedCost cost, long start)
            throws IOException, UsageException {
        TiltSeriesWorkflow tilts = o.tiltSeries()
                ? TiltSeriesWorkflow.list(o.dataset(), o.dosePerTilt(), flagSettings, out) : null;
        List<MovieEntry> listed = tilts == null ? DatasetListing.list(o.dataset()) : tilts.movies();
        List<MovieEntry> movies = (o.maxMovies() > 0 && listed.size() > o.maxMovies()
                ? listed.subList(0, o.maxMovies()) : listed).stream().map(m -> m.under(flags)).toList();
        MotionCorSettings settings = gainOrientation(flagSettings, movies, out);
        List<Workflow> workflows = workflows(o, settings, tilts, out);
        JobSpec spec = JobSpec.of(o.output(), o.motionCor(), settings, Version.current());
        for (Workflow w : workflows) {
            spec = w.prepare(spec, movies);
        }
        List<MovieEntry> todo = Resume.notDoneYet(movies, spec, out);
        int skipped = movies.size() - todo.size();
        cost.since("listing", start);
        out.printf(Locale.ROOT, "Dataset %s: %d movies, %d already done with these options, %d to correct%n",
                o.dataset(), movies.size(), skipped, todo.size());
        out.flush();
        boolean tablesExist = JobStore.exists(JobStore.child(JobStore.child(spec.tablesDir(), "movies"),
                "_SUCCESS"));
        if (todo.isEmpty() && tablesExist && !ahead.startedAhead()) {
            Qc.Report report = report(spec, o.printQc() ? out : null); // nothing to do: no Spark to start
            return new Summary(movies.size(), skipped, 0, 0, seconds(start), false, report);
        }
        long sparkStart = FixedCost.now();
        SparkSession spark = ahead.session();
        cost.since(ahead.startedAhead() ? "Spark start (beyond the listing)" : "Spark start", sparkStart);
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        List<TaskStatus> statuses = correctOnExecutors(jsc, todo, spec, o, out);
        int abandoned = Resume.removeTemporaries(spec); // every attempt has ended: what is left is a lost one's
        if (abandoned > 0) {
            out.printf(Locale.ROOT, "Removed %d temporary files of task attempts lost while writing%n", abandoned);
        }
        int ok = (int) statuses.stream().filter(TaskStatus::ok).count();
        int failed = statuses.size() - ok;
        Set<String> stems = new HashSet<>();
        movies.forEach(m -> stems.add(m.stem()));
        long tablesStart = FixedCost.now();
        try (Outcomes outcomes = new Outcomes(jsc, spec.outcomesDir(), stems)) { // every workflow's finish reads them: once
            for (Workflow w : workflows) {
                w.finish(spark, outcomes, spec, movies);
            }
        }
        cost.since("tables", tablesStart);
        long qcStart = FixedCost.now();
        Qc.Report report = report(spec, o.printQc() ? out : null);
        cost.since("QC", qcStart);
        long reportStart = FixedCost.now();
        writeReport(spec, o, report, out);
        cost.since("report", reportStart);
        out.println(cost.line());
        out.printf(Locale.ROOT, "Done in %.1f s: %d corrected now (%d ok, %d failed), %d skipped%n", seconds(start),
                ok + failed, ok, failed, skipped);
        out.flush();
        return new Summary(movies.size(), skipped, ok, failed, seconds(start), true, report);
    }

    /**
     * The job's -Gain orientation, checked here once (see {@link GainOrientationDecision}) unless movies bring gains
     * of their own (a STAR file's or mdoc's): then each executor checks each gain file once.
     */
    private static MotionCorSettings gainOrientation(MotionCorSettings s, List<MovieEntry> movies, PrintWriter out) {
        if (movies.stream().anyMatch(m -> m.perMovie().gain() != null)) {
            return s;
        }
        long t0 = System.nanoTime();
        MotionCorSettings decided = GainOrientationDecision.decide(s, movies.stream().map(MovieEntry::location)
                .toList(), out::println);
        if (s.gain() != null && s.gainOrient() != org.stillframe.options.GainOrientMode.OFF) {
            out.printf(Locale.ROOT, "Gain orientation checked in %.2f s%n", (System.nanoTime() - t0) * 1e-9);
        }
        out.flush();
        return decided;
    }

    /** The processing flags, parsed; the input and output flags are the job's own (--movies, --out). */
    static MotionCorArgs jobFlags(List<String> motionCor) throws UsageException {
        for (String f : motionCor) {
            String lower = f.toLowerCase(Locale.ROOT);
            if (List.of("-inmrc", "-intiff", "-ineer", "-outmrc", "-serial", "-insuffix", "-inskips").contains(lower)) {
                throw new UsageException(f + " is set by the job (--movies, --out); leave it out of the flags");
            }
        }
        return MotionCorArgs.parse(motionCor.toArray(String[]::new));
    }

    /**
     * What this job does, in order: motion correction (the tables) always, then the optional workflows (their
     * inputs read here, on the driver), RELION's corrected_micrographs.star last.
     */
    static List<Workflow> workflows(Options o, MotionCorSettings settings, TiltSeriesWorkflow tilts,
                                            PrintWriter out) throws IOException {
        List<Workflow> w = new ArrayList<>();
        w.add(new MotionCorWorkflow());
        if (o.particles() != null) {
            w.add(ParticleWorkflow.read(o.particles(), o.particleConfig(), settings, o.output(), out));
        }
        if (o.polish() != null) {
            w.add(PolishWorkflow.read(o.polish(), settings, o.output(), out));
        }
        if (tilts != null) {
            w.add(tilts);
        }
        if (settings.relionStar()) {
            w.add(new RelionStarWorkflow(settings, o.output(), out));
        }
        return w;
    }

    /**
     * Corrects the movies on the executors, printing progress; their statuses. The movies are grouped by size
     * ({@link SizePartitions}); a task runs its group in order with one engine and reads ahead
     * ({@link PartitionRunner}).
     */
    static List<TaskStatus> correctOnExecutors(JavaSparkContext jsc, List<MovieEntry> todo, JobSpec spec,
                                                       Options o, PrintWriter out) {
        if (todo.isEmpty()) {
            return List.of();
        }
        LongAccumulator okCount = jsc.sc().longAccumulator("movies ok");
        LongAccumulator failedCount = jsc.sc().longAccumulator("movies failed");
        LongAccumulator bytesDone = jsc.sc().longAccumulator("movie bytes done");
        int taskCpus = Math.max(1, jsc.getConf().getInt("spark.task.cpus", 1));
        int slots = Math.max(1, jsc.defaultParallelism() / taskCpus);
        List<MovieEntry[]> plan = SizePartitions.plan(todo, SizePartitions.count(todo.size(), slots));
        long totalBytes = todo.stream().mapToLong(MovieEntry::sizeBytes).sum();
        JavaRDD<MovieEntry[]> rdd = jsc.parallelize(plan, plan.size());
        try (Progress progress = new Progress(jsc.sc(), okCount, failedCount, bytesDone, todo.size(), totalBytes, out,
                o.progressSeconds())) {
            return rdd.mapPartitions(groups -> correct(groups, spec, okCount, failedCount, bytesDone)).collect();
        }
    }

    /** The QC report page beside the tables (issue 24); drawing it never fails the job. */
    static void writeReport(JobSpec spec, Options o, Qc.Report qc, PrintWriter out) {
        try {
            JobStore.write(JobStore.child(JobStore.child(spec.output(), "_stillframe"), ReportData.FLAGS_FILE),
                    String.join("\n", o.motionCor()).getBytes(java.nio.charset.StandardCharsets.UTF_8));
            out.println("QC report: " + ReportRun.write(spec.tablesDir(), null, qc));
        } catch (IOException | RuntimeException e) {
            out.println("QC report not written: " + e);
        }
        out.flush();
    }

    static Qc.Report report(JobSpec spec, PrintWriter out) {
        Qc.Report r = Qc.report(spec.tablesDir());
        if (out != null) {
            out.print(Qc.text(r));
            out.println("Tables: " + spec.tablesDir() + " (movies, frames, patches, model)");
            out.flush();
        }
        return r;
    }

    /**
     * Runs on an executor: a partition's movies, on the GPU Spark assigned the task or on its CPU cores
     * ({@code spark.task.cpus} threads: Spark's allocation, which {@code -Threads} cannot exceed on a shared node).
     */
    private static java.util.Iterator<TaskStatus> correct(java.util.Iterator<MovieEntry[]> groups, JobSpec spec,
                                                          LongAccumulator ok, LongAccumulator failed,
                                                          LongAccumulator bytes) {
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
        List<TaskStatus> statuses = new ArrayList<>();
        String d = device;
        List<MovieEntry> movies = new ArrayList<>();
        boolean retry = tc != null && tc.attemptNumber() > 0;
        groups.forEachRemaining(g -> {
            for (MovieEntry m : g) {
                MovieOutcome earlier = retry ? Resume.recorded(m, spec) : null;
                if (earlier == null) {
                    movies.add(m);
                } else { // a failed attempt's counts never reached the driver: count them now
                    (earlier.ok() ? ok : failed).add(1);
                    bytes.add(earlier.sizeBytes());
                    statuses.add(new TaskStatus(m.stem(), earlier.ok(), earlier.error(), d, earlier.wallSeconds()));
                }
            }
        });
        PartitionRunner.run(movies.iterator(), spec, device, threads, o -> {
            (o.ok() ? ok : failed).add(1);
            bytes.add(o.sizeBytes());
            statuses.add(new TaskStatus(o.stem(), o.ok(), o.error(), d, o.wallSeconds()));
        });
        return statuses.iterator();
    }

    /** The session a run with these options uses: the one running in this JVM, else a new one with their settings. */
    static SparkSession session(Options o) {
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
