package org.stillframe.spark;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.stillframe.io.BadInputException;
import org.stillframe.io.Storage;
import org.stillframe.io.mdoc.Mdoc;
import org.stillframe.log.MotionCorLogs;
import org.stillframe.tomo.Tilt;
import org.stillframe.tomo.TiltSeriesPlan;
import org.stillframe.tomo.TiltSeriesRun;

/**
 * Tilt series in the Spark job: every tilt of every series is one task (with its pre-exposure, dose and even/odd sums
 * as per-movie values), so one series' tilts spread over the executors; when all are done the driver assembles each
 * series' angle-sorted stacks (as {@code stillframe tilts} does) and writes the {@code tilts} table.
 */
final class TiltSeriesJob {

    /** One series: its name, its tilts in acquisition order, and the movie of each. */
    record Series(String name, List<Tilt> tilts, List<MovieEntry> movies, double tiltAxisAngle) {
    }

    static final StructType TILTS = new StructType(new StructField[] {
        DataTypes.createStructField("series", DataTypes.StringType, true),
        DataTypes.createStructField("z_value", DataTypes.IntegerType, true),
        DataTypes.createStructField("tilt_angle", DataTypes.DoubleType, true),
        DataTypes.createStructField("acquisition_order", DataTypes.IntegerType, true),
        DataTypes.createStructField("pre_exposure", DataTypes.DoubleType, true),
        DataTypes.createStructField("dose", DataTypes.DoubleType, true),
        DataTypes.createStructField("stem", DataTypes.StringType, true),
        DataTypes.createStructField("stack_index", DataTypes.IntegerType, true),
        DataTypes.createStructField("status", DataTypes.StringType, true),
        DataTypes.createStructField("error", DataTypes.StringType, true)});

    private TiltSeriesJob() {
    }

    /** The series of every .mdoc the dataset names (a glob, folder or single file); movies beside each mdoc. */
    static List<Series> list(String dataset, double dosePerTilt) throws IOException {
        org.apache.hadoop.fs.Path path = new org.apache.hadoop.fs.Path(dataset);
        FileSystem fs = path.getFileSystem(new Configuration());
        java.util.function.Predicate<String> isMdoc = n -> n.toLowerCase(Locale.ROOT).endsWith(".mdoc");
        List<FileStatus> mdocs = new ArrayList<>();
        if (DatasetListing.isGlob(dataset) || (fs.exists(path) && fs.getFileStatus(path).isDirectory())) {
            mdocs = DatasetListing.globOrFolder(fs, path, isMdoc);
        } else if (fs.exists(path) && isMdoc.test(path.getName())) {
            mdocs.add(fs.getFileStatus(path));
        }
        if (mdocs.isEmpty()) {
            throw new BadInputException(dataset, "names no .mdoc files (tilt series)");
        }
        boolean plainLocal = path.toUri().getScheme() == null;
        List<Series> out = new ArrayList<>();
        for (FileStatus m : mdocs) {
            out.add(series(fs, m, dosePerTilt, plainLocal));
        }
        return out;
    }

    /** One series from its mdoc; its movies beside the mdoc (size 0 where a movie is not there yet). */
    static Series series(FileSystem fs, FileStatus m, double dosePerTilt, boolean plainLocal) throws IOException {
        String file = m.getPath().toString();
        String text = new String(fs.open(m.getPath()).readAllBytes(), StandardCharsets.UTF_8);
        Mdoc parsed = Mdoc.parse(text, file);
        List<Tilt> tilts = TiltSeriesPlan.tilts(parsed, file, dosePerTilt);
        String name = m.getPath().getName().replaceFirst("(?i)\\.mdoc$", "").replaceFirst("(?i)\\.(mrc|st)$", "");
        List<MovieEntry> movies = new ArrayList<>();
        for (Tilt t : tilts) {
            org.apache.hadoop.fs.Path movie = new org.apache.hadoop.fs.Path(m.getPath().getParent(), t.movie());
            long size = 0;
            long modified = 0;
            if (fs.exists(movie)) {
                FileStatus st = fs.getFileStatus(movie);
                size = st.getLen();
                modified = st.getModificationTime();
            }
            String location = plainLocal ? movie.toUri().getPath() : movie.toString();
            movies.add(new MovieEntry(location, MotionCorLogs.stem(t.movie()), size, modified, 1, t.perMovie()));
        }
        return new Series(name, tilts, movies, parsed.tiltAxisAngle());
    }

    /**
     * Stacks one series from its tilts' outcomes (by stem) into {@code out}; its rows of the tilts table. A series
     * that cannot be stacked (no tilt corrected) is said in one line and gets its rows all the same.
     */
    static List<Row> assembleOne(Series s, Map<String, MovieOutcome> byStem, Path out, boolean doseWeighted,
                                 double voltage, java.io.PrintWriter log) throws IOException {
        List<TiltSeriesRun.TiltResult> corrected = new ArrayList<>();
        for (int i = 0; i < s.tilts().size(); i++) {
            Tilt t = s.tilts().get(i);
            MovieOutcome o = byStem.get(s.movies().get(i).stem());
            if (o != null && o.ok()) {
                Path sum = out.resolve(o.stem() + ".mrc");
                corrected.add(new TiltSeriesRun.TiltResult(t, "ok", "", sum, TiltSeriesRun.mean(sum), -1));
            } else {
                corrected.add(new TiltSeriesRun.TiltResult(t, "failed", o == null ? "not corrected" : o.error(),
                        null, Double.NaN, -1));
            }
        }
        TiltSeriesRun.Result r;
        try {
            r = TiltSeriesRun.assemble(s.name(), corrected, out, doseWeighted, false, s.tiltAxisAngle(), voltage);
        } catch (BadInputException e) {
            log.println("Tilt series " + s.name() + ": " + e.getMessage());
            r = new TiltSeriesRun.Result(corrected, null, null, null, null, null);
        }
        List<Row> rows = new ArrayList<>();
        for (TiltSeriesRun.TiltResult tr : r.tilts()) {
            Tilt t = tr.tilt();
            rows.add(RowFactory.create(s.name(), t.zValue(), t.angle(), t.order() + 1, t.preExposure(), t.dose(),
                    MotionCorLogs.stem(t.movie()), tr.stackIndex(), tr.status(), tr.error()));
        }
        if (r.stack() != null) {
            log.printf(Locale.ROOT, "Tilt series %s: %s (%d of %d tilts in angle order)%n", s.name(), r.stack(),
                    r.tilts().stream().filter(x -> x.stackIndex() >= 0).count(), r.tilts().size());
        }
        return rows;
    }

    /** The local folder stacks are written to: the job's output, which must be local or shared (file://). */
    static Path localOutput(String output) throws BadInputException {
        if (!Storage.isLocal(output)) {
            throw new BadInputException(output, "tilt-series stacks are assembled in a local or shared"
                    + " (file://) output folder; this output is on another file system");
        }
        return Storage.localPath(output);
    }

    /** Stacks every series from the recorded outcomes and writes the tilts table. */
    static void assemble(SparkSession spark, List<Series> series, List<MovieOutcome> outcomes, JobSpec spec,
                         boolean doseWeighted, double voltage, java.io.PrintWriter log) throws IOException {
        Path out = localOutput(spec.output());
        Map<String, MovieOutcome> byStem = new HashMap<>();
        outcomes.forEach(o -> byStem.put(o.stem(), o));
        List<Row> rows = new ArrayList<>();
        for (Series s : series) {
            rows.addAll(assembleOne(s, byStem, out, doseWeighted, voltage, log));
        }
        spark.createDataFrame(rows, TILTS).coalesce(1).write().mode(SaveMode.Overwrite)
                .parquet(JobStore.child(spec.tablesDir(), "tilts"));
    }
}
