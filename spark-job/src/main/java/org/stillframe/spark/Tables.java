package org.stillframe.spark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The Parquet tables of a run, one row per fact, under {@code OUTPUT/tables/} (schemas in README.md):
 * {@code movies} (one row per movie: status, error, acquisition, drift, defects, stage times, version, options
 * hash), {@code frames} (per frame global shift), {@code patches} (per patch and frame local shift) and
 * {@code model} (per movie the deformation model's coefficients). Rebuilt whole from the recorded outcomes, so
 * reruns and retried tasks never duplicate a row. File counts grow with the rows (about a million per file); up
 * to a million rows a table is one file written from the driver.
 */
final class Tables {

    static final StructType MOVIES = new StructType(new StructField[] {
        field("movie", DataTypes.StringType), field("stem", DataTypes.StringType),
        field("status", DataTypes.StringType), field("error", DataTypes.StringType),
        field("options_hash", DataTypes.StringType), field("version", DataTypes.StringType),
        field("device", DataTypes.StringType), field("host", DataTypes.StringType),
        field("size_bytes", DataTypes.LongType), field("width", DataTypes.IntegerType),
        field("height", DataTypes.IntegerType), field("frames_used", DataTypes.IntegerType),
        field("first_frame", DataTypes.IntegerType), field("pixel_size_a", DataTypes.DoubleType),
        field("dose_per_frame", DataTypes.DoubleType), field("drift_total", DataTypes.DoubleType),
        field("drift_early", DataTypes.DoubleType), field("drift_late", DataTypes.DoubleType),
        field("drift_unit", DataTypes.StringType), field("defects_repaired", DataTypes.IntegerType),
        field("hot_pixels", DataTypes.IntegerType), field("iterations", DataTypes.IntegerType),
        field("local_motion", DataTypes.BooleanType), field("read_s", DataTypes.DoubleType),
        field("align_s", DataTypes.DoubleType), field("sum_s", DataTypes.DoubleType),
        field("write_s", DataTypes.DoubleType), field("wall_s", DataTypes.DoubleType),
        field("started_ms", DataTypes.LongType), field("compute_start_ms", DataTypes.LongType),
        field("compute_end_ms", DataTypes.LongType), field("finished_ms", DataTypes.LongType),
        field("gain_orientation", DataTypes.StringType),
        field("outputs", DataTypes.createArrayType(DataTypes.StringType))});

    static final StructType FRAMES = new StructType(new StructField[] {
        field("stem", DataTypes.StringType), field("frame", DataTypes.IntegerType),
        field("shift_x_px", DataTypes.DoubleType), field("shift_y_px", DataTypes.DoubleType),
        field("exposure_e_per_a2", DataTypes.DoubleType)});

    static final StructType PATCHES = new StructType(new StructField[] {
        field("stem", DataTypes.StringType), field("patch", DataTypes.IntegerType),
        field("centre_x_px", DataTypes.DoubleType), field("centre_y_px", DataTypes.DoubleType),
        field("frame", DataTypes.IntegerType), field("shift_x_px", DataTypes.DoubleType),
        field("shift_y_px", DataTypes.DoubleType), field("rejected", DataTypes.BooleanType)});

    static final StructType MODEL = new StructType(new StructField[] {
        field("stem", DataTypes.StringType), field("index", DataTypes.IntegerType),
        field("axis", DataTypes.StringType), field("monomial", DataTypes.StringType),
        field("time_power", DataTypes.IntegerType), field("coefficient", DataTypes.DoubleType)});

    private static final long ROWS_PER_FILE = 1_000_000;
    /** Beside the movies table's files while a watch appends to it (gone when the tables are compacted). */
    static final String LIVE = "_live";

    private Tables() {
    }

    private static StructField field(String name, org.apache.spark.sql.types.DataType type) {
        return DataTypes.createStructField(name, type, true);
    }

    /**
     * Writes the four tables. When every table fits in one file (up to about a thousand movies with patches) the
     * rows are built here, on the driver, from the outcomes read once, and each table is written as one Parquet
     * file by {@link TableFile}, the four at once, with no Spark job: before, a shuffle and sort per table over the
     * outcome files and the first Spark SQL write of the JVM cost ~4 s on a 4-movie run. Larger datasets keep the
     * distributed path, a file per million rows.
     */
    static void write(SparkSession spark, Outcomes outcomes, String tablesDir) throws IOException {
        long[] rows = outcomes.onDriver()
                ? outcomes.list().stream().map(Tables::rowCounts).reduce(new long[4], Tables::add)
                : rowCounts(outcomes.rdd());
        if (Arrays.stream(rows).max().orElse(0) > ROWS_PER_FILE) {
            writeDistributed(spark, outcomes.rdd(), rows, tablesDir);
        } else {
            writeFromDriver(outcomes.list(), tablesDir);
        }
    }

    /** Rows of the movies, frames, patches and model tables for one movie. */
    private static long[] rowCounts(MovieOutcome o) {
        long patches = (long) o.patchX().length * (o.patchX().length == 0 ? 0 : o.patchX()[0].length);
        return new long[] {1, o.shiftX().length, patches, o.model().length};
    }

    private static long[] add(long[] a, long[] b) {
        long[] sum = new long[a.length];
        for (int i = 0; i < a.length; i++) {
            sum[i] = a[i] + b[i];
        }
        return sum;
    }

    /** The rows of the four tables for some movies, in their order. */
    private record Rows(List<Row> movies, List<Row> frames, List<Row> patches, List<Row> model) {

        static Rows of(List<MovieOutcome> outcomes) {
            Rows r = new Rows(new ArrayList<>(), new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
            for (MovieOutcome o : outcomes) {
                r.movies().add(movieRow(o));
                frameRows(o).forEachRemaining(r.frames()::add);
                patchRows(o).forEachRemaining(r.patches()::add);
                modelRows(o).forEachRemaining(r.model()::add);
            }
            return r;
        }
    }

    /** The four tables of these outcomes (in stem order), each one file, written concurrently. */
    static void writeFromDriver(List<MovieOutcome> outcomes, String tablesDir) {
        Rows rows = Rows.of(outcomes);
        List<Row> movies = rows.movies();
        List<Row> frames = rows.frames();
        List<Row> patches = rows.patches();
        List<Row> model = rows.model();
        ExecutorService pool = Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "stillframe-tables");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<?>> writes = List.of(
                    pool.submit(() -> saveOneFile(movies, MOVIES, tablesDir, "movies")),
                    pool.submit(() -> saveOneFile(frames, FRAMES, tablesDir, "frames")),
                    pool.submit(() -> saveOneFile(patches, PATCHES, tablesDir, "patches")),
                    pool.submit(() -> saveOneFile(model, MODEL, tablesDir, "model")));
            for (Future<?> w : writes) {
                w.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while writing the tables", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * Adds the rows of these movies to the four tables as one file each, named by {@code batch} ({@code
     * part-b00000012.snappy.parquet}): the watcher's micro-batch. Each file appears whole (see
     * {@link TableFile#writeFile}); a batch run again after a restart replaces its own files, so no row is doubled.
     */
    static void append(List<MovieOutcome> outcomes, String tablesDir, long batch) throws IOException {
        Rows rows = Rows.of(outcomes);
        String name = String.format(java.util.Locale.ROOT, "part-b%08d.snappy.parquet", batch);
        // The details first, the movies last: a reader who finds a movie's row finds its frames and patches too.
        TableFile.writeFile(rows.frames(), FRAMES, JobStore.child(tablesDir, "frames"), name);
        TableFile.writeFile(rows.patches(), PATCHES, JobStore.child(tablesDir, "patches"), name);
        TableFile.writeFile(rows.model(), MODEL, JobStore.child(tablesDir, "model"), name);
        TableFile.writeFile(rows.movies(), MOVIES, JobStore.child(tablesDir, "movies"), name);
        String live = JobStore.child(JobStore.child(tablesDir, "movies"), LIVE);
        if (!JobStore.exists(live)) {
            JobStore.write(live, new byte[0]);
        }
    }

    /** One table of rows already in order, as one Parquet file written here (no Spark job). */
    private static void saveOneFile(List<Row> rows, StructType schema, String dir, String name) {
        try {
            TableFile.write(rows, schema, JobStore.child(dir, name));
        } catch (IOException e) {
            throw new UncheckedIOException(name + " table: " + e.getMessage(), e);
        }
    }

    /** The tables by Spark from the outcomes where they are, a file per million rows, each sorted by stem. */
    static void writeDistributed(SparkSession spark, JavaRDD<MovieOutcome> outcomes, long[] rows, String tablesDir) {
        save(spark.createDataFrame(outcomes.map(Tables::movieRow), MOVIES), rows[0], tablesDir, "movies");
        save(spark.createDataFrame(outcomes.flatMap(Tables::frameRows), FRAMES), rows[1], tablesDir, "frames");
        save(spark.createDataFrame(outcomes.flatMap(Tables::patchRows), PATCHES), rows[2], tablesDir, "patches");
        save(spark.createDataFrame(outcomes.flatMap(Tables::modelRows), MODEL), rows[3], tablesDir, "model");
    }

    /** The row counts of the four tables, as {@link #writeDistributed} takes them. */
    static long[] rowCounts(JavaRDD<MovieOutcome> outcomes) {
        return outcomes.map(Tables::rowCounts).fold(new long[4], Tables::add);
    }

    static void save(Dataset<Row> table, long rows, String dir, String name) {
        int files = (int) Math.max(1, Math.min(1000, (rows + ROWS_PER_FILE - 1) / ROWS_PER_FILE));
        table.repartition(files).sortWithinPartitions("stem").write().mode(SaveMode.Overwrite)
                .parquet(JobStore.child(dir, name));
    }

    static Row movieRow(MovieOutcome o) {
        MovieRow r = MovieRow.of(o);
        return RowFactory.create(r.movie(), r.stem(), r.status(), r.error(), r.optionsHash(), r.version(),
                r.device(), r.host(), r.sizeBytes(), r.width(), r.height(), r.framesUsed(), r.firstFrame(),
                r.pixelSizeA(), r.dosePerFrame(), r.driftTotal(), r.driftEarly(), r.driftLate(), r.driftUnit(),
                r.defectsRepaired(), r.hotPixels(), r.iterations(), r.localMotion(), r.readSeconds(),
                r.alignSeconds(), r.sumSeconds(), r.writeSeconds(), r.wallSeconds(), r.startedMs(),
                r.computeStartMs(), r.computeEndMs(), r.finishedMs(), r.gainOrientation(),
                scala.jdk.javaapi.CollectionConverters.asScala(r.outputs()).toSeq());
    }

    static Iterator<Row> frameRows(MovieOutcome o) {
        return FrameRow.of(o).stream().map(r -> RowFactory.create(r.stem(), r.frame(), r.shiftXPx(), r.shiftYPx(),
                r.exposure())).iterator();
    }

    static Iterator<Row> patchRows(MovieOutcome o) {
        return PatchRow.of(o).stream().map(r -> RowFactory.create(r.stem(), r.patch(), r.centreXPx(), r.centreYPx(),
                r.frame(), r.shiftXPx(), r.shiftYPx(), r.rejected())).iterator();
    }

    static Iterator<Row> modelRows(MovieOutcome o) {
        return ModelRow.of(o).stream().map(r -> RowFactory.create(r.stem(), r.index(), r.axis(), r.monomial(),
                r.timePower(), r.coefficient())).iterator();
    }
}
