package org.stillframe.spark;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.net.InetAddress;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.VoidFunction2;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.StreamingQueryException;
import org.apache.spark.sql.streaming.Trigger;
import org.stillframe.io.BadInputException;
import org.stillframe.log.MotionCorLogs;
import org.stillframe.options.MotionCorArgs;
import org.stillframe.options.MotionCorSettings;
import org.stillframe.options.SettingsFromFlags;
import org.stillframe.options.UsageException;
import org.stillframe.options.Version;
import org.stillframe.pipeline.GainOrientationDecision;
import org.stillframe.watch.CompletenessRules;
import org.stillframe.watch.MovieArrivals;
import org.stillframe.watch.MovieArrivals.Arrival;
import org.stillframe.watch.SessionMonitor;

/**
 * {@code stillframe job --watch}: corrects movies while the microscope writes them. A poller on the driver lists the
 * movie folder every few seconds and records the movies that have become complete ({@link CompletenessRules}) in
 * the {@link ArrivalLog}; a Spark Structured Streaming query reads that log (Spark's file source, checkpointed under
 * {@code OUT/_stillframe/watch/checkpoint}) and corrects each micro-batch's movies on the executors exactly as the
 * batch job does, then appends their rows to the tables ({@link Tables#append}), where they can be queried at once.
 *
 * <p>Exactly once across restarts: the checkpoint says which arrivals a committed micro-batch took; a micro-batch
 * cut off by a kill is run again, and the outcome records ({@link Resume}) skip the movies it had finished; the
 * poller reads the log back and hands out no movie twice. When the watch ends (the stop file appears, or nothing
 * arrived for the idle time) the backlog is finished and the tables are compacted, the QC summary and report
 * written, as the batch job would: a batch job run afterwards over the same folder finds everything done.
 */
public final class WatchJob {

    /**
     * @param untilIdleSeconds stop after this long with nothing new and nothing left (0: never)
     * @param seriesStableSeconds with --tilt-series: a series is stacked when its mdoc has not changed for this long
     *                         and all its tilts are done
     * @param stopFile         stop when this file exists (null: none)
     * @param pollSeconds      how often the folder is listed and a micro-batch may start
     * @param rules            when a movie is complete
     * @param rateMinutes      the window of the movies/min figure
     * @param thresholds       alert thresholds
     */
    public record Settings(double untilIdleSeconds, String stopFile, double pollSeconds, CompletenessRules rules,
                           double rateMinutes, SessionMonitor.Thresholds thresholds, double seriesStableSeconds) {
    }

    /** How often the query looks for new arrivals: at most this long between a poll's arrivals and their batch. */
    private static final long TRIGGER_MILLIS = 500;

    private final StillframeJob.Options options;
    private final Settings watch;
    private final PrintWriter out;
    private final MotionCorArgs flags;
    private final MovieArrivals arrivals;
    private final ArrivalLog log;
    private final SessionMonitor monitor;
    /** With --tilt-series: the series the mdocs describe; else null. */
    private final LiveTiltSeries tilts;
    /** Movies handed out and not yet in the tables (stem to arrival). */
    private final Map<String, Arrival> backlog = new ConcurrentHashMap<>();
    private final Set<String> done = ConcurrentHashMap.newKeySet();
    private volatile long lastActivity = System.currentTimeMillis();
    private volatile int beingWritten;
    private volatile MotionCorSettings settings;
    private volatile boolean gainDecided;

    private WatchJob(StillframeJob.Options o, Settings w, PrintWriter out) throws IOException, UsageException {
        this.options = o;
        this.watch = w;
        this.out = out;
        this.flags = StillframeJob.jobFlags(o.motionCor());
        this.settings = o.tiltSeries() ? SettingsFromFlags.tiltSettings(flags) : SettingsFromFlags.settings(flags);
        this.tilts = o.tiltSeries() ? new LiveTiltSeries(o.output(), o.dosePerTilt(),
                Math.round(w.seriesStableSeconds() * 1000)) : null;
        this.arrivals = new MovieArrivals(w.rules());
        this.log = new ArrivalLog(o.output());
        this.monitor = new SessionMonitor(w.rateMinutes(), w.thresholds(), System.currentTimeMillis());
    }

    /** Watches until told to stop; prints progress and the QC summary; returns the exit status. */
    public static int run(StillframeJob.Options o, Settings w, PrintWriter out, PrintWriter err) {
        boolean sessionBefore = SparkSession.getDefaultSession().isDefined();
        try {
            if (o.particles() != null || o.polish() != null || o.maxMovies() > 0) {
                throw new UsageException("--watch corrects movies and tilt series: --particles, --polish and"
                        + " --max-movies are for the batch job");
            }
            String folder = watchedFolder(o.dataset()); // before anything is written
            Qc.Report r = new WatchJob(o, w, out).execute(folder);
            return r.failed() > 0 ? StillframeJob.SOME_FAILED : StillframeJob.OK;
        } catch (BadInputException | UsageException e) {
            err.println("stillframe job: " + e.getMessage());
            return StillframeJob.BAD_INPUT;
        } catch (IOException | RuntimeException | TimeoutException | StreamingQueryException e) {
            err.println("stillframe job: internal error: " + e);
            if (System.getenv("STILLFRAME_DEBUG") != null) {
                e.printStackTrace(err);
            }
            return StillframeJob.INTERNAL_ERROR;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            err.println("stillframe job: interrupted");
            return StillframeJob.INTERNAL_ERROR;
        } finally {
            if (!sessionBefore) {
                StillframeJob.stopOwnSession();
            }
        }
    }

    private Qc.Report execute(String folder) throws IOException, TimeoutException, StreamingQueryException,
            InterruptedException {
        JobSpec spec = spec();
        JobStore.mkdirs(spec.outcomesDir());
        Map<String, MovieOutcome> recorded = Resume.recordedOutcomes(spec);
        List<Arrival> earlier = log.readAll();
        int again = 0;
        for (Arrival a : earlier) {
            MovieOutcome o = recorded.get(a.stem());
            if (o != null && (!o.optionsHash().equals(spec.optionsHash()) || !o.movie().equals(a.location()))) {
                again++; // corrected before with other options: handed out again at the first look
                continue;
            }
            arrivals.remember(a);
            if (o != null && o.sizeBytes() == a.sizeBytes()) {
                done.add(a.stem());
            } else {
                backlog.put(a.stem(), a); // in a micro-batch cut off by the stop: the query runs it again
            }
        }
        out.printf(Locale.ROOT, "Watching %s (folder %s): %s; every %.1f s%s%s%n", options.dataset(), folder,
                watch.rules().describe(), watch.pollSeconds(), watch.untilIdleSeconds() > 0
                        ? String.format(Locale.ROOT, "; stops after %.0f s idle", watch.untilIdleSeconds()) : "",
                watch.stopFile() == null ? "" : "; stops when " + watch.stopFile() + " exists");
        if (!earlier.isEmpty()) {
            out.printf(Locale.ROOT, "Restarted: %d movies handed out before, %d of them done, %d done with other"
                    + " options (corrected again)%n", earlier.size(), done.size(), again);
        }
        out.flush();
        SparkSession spark = StillframeJob.session(options);
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        ScheduledExecutorService poller = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "stillframe-watch");
            t.setDaemon(true);
            return t;
        });
        long period = Math.max(100, Math.round(watch.pollSeconds() * 1000));
        poller.scheduleWithFixedDelay(this::pollSafely, 0, period, TimeUnit.MILLISECONDS);
        String checkpoint = JobStore.child(JobStore.child(JobStore.child(options.output(), "_stillframe"), "watch"),
                "checkpoint");
        VoidFunction2<Dataset<Row>, Long> batch = (rows, id) -> correct(jsc, rows, id);
        StreamingQuery query = spark.readStream().format("text").option("cleanSource", "archive")
                .option("sourceArchiveDir", ArrivalLog.archive(options.output())).load(log.dir())
                .writeStream().queryName("stillframe-watch").option("checkpointLocation", checkpoint)
                .trigger(Trigger.ProcessingTime(Math.min(period, TRIGGER_MILLIS))).foreachBatch(batch).start();
        try {
            waitForStop(query);
            // Movies still being written when told to stop are waited for, a little: a file that never completes
            // (a transfer abandoned, a sidecar that never comes) must not hold the stop up.
            long grace = 2 * watch.rules().stableMillis() + 2 * period;
            long until = System.currentTimeMillis() + grace;
            while (beingWritten > 0 && System.currentTimeMillis() < until && query.isActive()) {
                Thread.sleep(100);
            }
            if (beingWritten > 0) {
                out.printf(Locale.ROOT, "Watch: %d files still incomplete after %.0f s are left for the next run%n",
                        beingWritten, grace / 1000.0);
            }
            poller.shutdown();
            poller.awaitTermination(1, TimeUnit.MINUTES);
            query.processAllAvailable(); // the backlog handed out so far
        } finally {
            poller.shutdownNow();
            query.stop();
        }
        if (query.exception().isDefined()) {
            throw query.exception().get();
        }
        return finish(spark, jsc, spec());
    }

    /** The folder a --watch dataset names: a folder, or the folder of a glob's file pattern. */
    private static String watchedFolder(String dataset) throws IOException {
        Path p = new Path(dataset);
        FileSystem fs = p.getFileSystem(new Configuration());
        Path folder = DatasetListing.isGlob(p.getName()) ? p.getParent() : p;
        if (DatasetListing.isGlob(folder.toString()) || !fs.isDirectory(folder)) {
            throw new BadInputException(dataset, "--watch takes an existing folder, or a file pattern in one"
                    + " (DIR/*.tiff)");
        }
        return folder.toString();
    }

    private JobSpec spec() {
        return JobSpec.of(options.output(), options.motionCor(), settings, Version.current());
    }

    private void waitForStop(StreamingQuery query) throws InterruptedException, IOException {
        while (query.isActive()) {
            Thread.sleep(200);
            if (tilts != null) {
                for (TiltSeriesJob.Series s : tilts.ready(done, System.currentTimeMillis())) {
                    stack(s);
                }
            }
            if (watch.stopFile() != null && stopFileExists()) {
                out.println("Watch: stop file " + watch.stopFile() + " found: finishing the backlog");
                break;
            }
            long idle = System.currentTimeMillis() - lastActivity;
            if (watch.untilIdleSeconds() > 0 && backlog.isEmpty() && beingWritten == 0
                    && idle >= watch.untilIdleSeconds() * 1000) {
                out.printf(Locale.ROOT, "Watch: nothing new for %.0f s: stopping%n", idle / 1000.0);
                break;
            }
        }
        out.flush();
    }

    private boolean stopFileExists() {
        try {
            return JobStore.exists(watch.stopFile());
        } catch (IOException e) {
            return false;
        }
    }

    private void pollSafely() {
        try {
            poll();
        } catch (IOException | RuntimeException e) {
            out.println("Watch: listing failed (tried again at the next poll): " + e);
            out.flush();
        }
    }

    /** One look at the folder: complete movies go to the arrival log. */
    private void poll() throws IOException {
        Path pattern = new Path(options.dataset());
        FileSystem fs = pattern.getFileSystem(new Configuration());
        boolean glob = DatasetListing.isGlob(pattern.getName());
        boolean plainLocal = pattern.toUri().getScheme() == null;
        long now = System.currentTimeMillis();
        List<MovieArrivals.Seen> seen = new ArrayList<>();
        if (tilts != null) {
            boolean full = arrivals.fullLook(now);
            seen.addAll(tilts.list(fs, pattern, plainLocal, now, t -> !full && arrivals.handedOut(t)));
        }
        if (tilts == null) {
            seen.addAll(listMovies(fs, pattern, glob, plainLocal, now));
        }
        Path folder = glob ? pattern.getParent() : pattern;
        List<Arrival> complete = arrivals.poll(seen, now, sidecar -> exists(fs, new Path(folder, sidecar)));
        beingWritten = arrivals.waiting();
        if (beingWritten > 0) {
            lastActivity = now;
        }
        if (!complete.isEmpty()) {
            for (Arrival a : complete) {
                backlog.put(a.stem(), a);
            }
            log.write(complete, now);
            lastActivity = now;
        }
    }

    /**
     * The movie files now, with their size and time. Those handed out already are left out but once a minute
     * ({@link MovieArrivals#fullLook}): asking for every file's size and time is most of a poll's cost in a folder
     * of 100,000 movies. A plain local folder is listed by the JDK, five times faster there than Hadoop's local
     * file system (0.6 s against 2–3.4 s for 100,000 files, docs/benchmarks.md).
     */
    private List<MovieArrivals.Seen> listMovies(FileSystem fs, Path pattern, boolean glob, boolean plainLocal,
                                                long now) throws IOException {
        boolean full = arrivals.fullLook(now);
        List<MovieArrivals.Seen> seen = new ArrayList<>();
        if (plainLocal) {
            java.nio.file.Path p = java.nio.file.Path.of(options.dataset()).toAbsolutePath().normalize();
            java.nio.file.Path dir = glob ? p.getParent() : p;
            try (DirectoryStream<java.nio.file.Path> files = Files.newDirectoryStream(dir,
                    glob ? p.getFileName().toString() : "*")) {
                for (java.nio.file.Path f : files) {
                    String name = f.getFileName().toString();
                    String location = f.toString();
                    if (!glob && !DatasetListing.isMovie(name) || !full && arrivals.handedOut(location)) {
                        continue;
                    }
                    BasicFileAttributes a;
                    try {
                        a = Files.readAttributes(f, BasicFileAttributes.class);
                    } catch (NoSuchFileException e) {
                        continue; // renamed or removed since the listing
                    }
                    if (a.isRegularFile()) {
                        seen.add(new MovieArrivals.Seen(location, name, MotionCorLogs.stem(name), a.size(),
                                a.lastModifiedTime().toMillis()));
                    }
                }
            }
            return seen;
        }
        for (FileStatus s : DatasetListing.globOrFolder(fs, pattern, glob ? n -> true : DatasetListing::isMovie)) {
            String name = s.getPath().getName();
            String location = s.getPath().toString();
            if (full || !arrivals.handedOut(location)) {
                seen.add(new MovieArrivals.Seen(location, name, MotionCorLogs.stem(name), s.getLen(),
                        s.getModificationTime()));
            }
        }
        return seen;
    }

    private static boolean exists(FileSystem fs, Path p) {
        try {
            return fs.exists(p);
        } catch (IOException e) {
            return false;
        }
    }

    /** One micro-batch: its movies corrected (those not already done), their rows appended to the tables. */
    private void correct(JavaSparkContext jsc, Dataset<Row> rows, long batchId) throws IOException {
        List<Arrival> batch = new ArrayList<>();
        Set<String> stems = new HashSet<>();
        for (Row r : rows.collectAsList()) {
            Arrival a = ArrivalLog.parse(r.getString(0));
            if (a != null && stems.add(a.stem())) {
                batch.add(a);
            }
        }
        if (batch.isEmpty()) {
            return;
        }
        List<MovieEntry> movies = new ArrayList<>();
        List<MovieEntry> unreadable = new ArrayList<>();
        for (Arrival a : batch) {
            MovieEntry plain = new MovieEntry(a.location(), a.stem(), a.sizeBytes(), a.modifiedMillis());
            try {
                movies.add((a.series().isEmpty() ? plain : tilts.entry(a)).under(flags));
            } catch (IOException e) { // its mdoc unreadable now: the tilt fails alone, the watch goes on
                recordFailed(plain, a.series() + ": " + e.getMessage());
                unreadable.add(plain);
            }
        }
        if (!gainDecided) { // once per watch, from the first movies (as the batch job decides from its first)
            settings = GainOrientationDecision.decide(settings, movies.stream().map(MovieEntry::location).toList(),
                    out::println);
            gainDecided = true;
        }
        JobSpec spec = spec();
        List<MovieEntry> todo = Resume.notDoneYet(movies, spec, out);
        // The batch job's progress line is about one job's movies: the watch prints its own per micro-batch.
        List<TaskStatus> statuses = StillframeJob.correctOnExecutors(jsc, todo, spec, options,
                new PrintWriter(Writer.nullWriter()));
        for (TaskStatus s : statuses) {
            out.printf(Locale.ROOT, "Corrected %s: %s%n", s.stem(), s.ok() ? "ok" : "failed: " + s.error());
        }
        List<MovieOutcome> outcomes = new ArrayList<>();
        for (MovieEntry m : Stream.concat(movies.stream(), unreadable.stream()).toList()) {
            MovieOutcome o = Resume.recorded(m, spec);
            if (o != null) {
                outcomes.add(o);
            }
        }
        outcomes.sort(Comparator.comparing(MovieOutcome::stem));
        Tables.append(outcomes, spec.tablesDir(), batchId);
        long visible = System.currentTimeMillis();
        List<SessionMonitor.Done> finished = new ArrayList<>();
        for (MovieOutcome o : outcomes) {
            Arrival a = backlog.remove(o.stem());
            if (done.add(o.stem())) {
                long complete = a != null ? a.modifiedMillis() : visible; // the writer's last write
                finished.add(new SessionMonitor.Done(o.stem(), o.ok(), o.driftTotal(), complete, visible));
                out.printf(Locale.ROOT, "Visible %s: %.1f s after it was complete%n", o.stem(),
                        (visible - complete) / 1000.0);
            }
        }
        lastActivity = visible;
        monitor.done(finished);
        out.println(monitor.line(visible, backlog.size(), beingWritten));
        String alert = monitor.alert();
        if (alert != null) {
            out.println(alert);
        }
        out.flush();
    }

    /** Records a movie that could not be handed to a task as failed, with its one-line reason. */
    private void recordFailed(MovieEntry m, String error) throws IOException {
        JobSpec spec = spec();
        MovieOutcome o = MovieOutcome.failed(m, spec.optionsHash(), spec.version(), "cpu",
                InetAddress.getLocalHost().getHostName(), error.replace('\n', ' '), 0);
        MovieRunner.record(o, m, spec);
        out.printf(Locale.ROOT, "Corrected %s: failed: %s%n", m.stem(), o.error());
    }

    /** Stacks a series whose tilts are all done (the tilts table gets its rows); said in one line. */
    private void stack(TiltSeriesJob.Series s) throws IOException {
        // Without -Kv, RELION's tilt-series STAR says 300 kV, as stillframe tilts' does.
        double kv = Double.isFinite(settings.voltageKv()) ? settings.voltageKv() : 300;
        tilts.stack(s, spec(), settings.doseWeighting(), kv, out);
        out.flush();
    }

    /**
     * The end of the watch: series not stacked yet are stacked with the tilts there are, then the batch job's
     * finish over every movie handed out (tables compacted, QC, report).
     */
    private Qc.Report finish(SparkSession spark, JavaSparkContext jsc, JobSpec spec) throws IOException {
        if (tilts != null) {
            for (TiltSeriesJob.Series s : tilts.unstacked()) {
                stack(s);
            }
        }
        Set<String> stems = new HashSet<>();
        List<MovieEntry> movies = new ArrayList<>();
        for (Arrival a : log.readAll()) {
            if (stems.add(a.stem())) {
                movies.add(new MovieEntry(a.location(), a.stem(), a.sizeBytes(), a.modifiedMillis()).under(flags));
            }
        }
        List<Workflow> workflows = StillframeJob.workflows(options, settings, null, out); // tables; RELION's star
        try (Outcomes outcomes = new Outcomes(jsc, spec.outcomesDir(), stems)) {
            for (Workflow w : workflows) {
                w.finish(spark, outcomes, spec, movies);
            }
        }
        Qc.Report report = StillframeJob.report(spec, options.printQc() ? out : null);
        StillframeJob.writeReport(spec, options, report, out);
        long[] l = monitor.latencies();
        Arrays.sort(l);
        out.printf(Locale.ROOT, "Watch ended: %d movies in the tables (%d ok, %d failed), compacted%s%n",
                report.ok() + report.failed(), report.ok(), report.failed(), l.length == 0 ? ""
                        : String.format(Locale.ROOT, "; this run's latency (complete to visible) median %.1f s,"
                        + " 90th percentile %.1f s, max %.1f s", l[l.length / 2] / 1000.0,
                        l[(int) Math.min(l.length - 1, Math.ceil(0.9 * l.length) - 1)] / 1000.0,
                        l[l.length - 1] / 1000.0));
        out.flush();
        return report;
    }
}
