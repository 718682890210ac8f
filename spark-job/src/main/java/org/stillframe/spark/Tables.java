package org.stillframe.spark;

import java.util.Iterator;
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
 * reruns and retried tasks never duplicate a row. File counts grow with the rows (about a million per file).
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

    private Tables() {
    }

    private static StructField field(String name, org.apache.spark.sql.types.DataType type) {
        return DataTypes.createStructField(name, type, true);
    }

    static void write(SparkSession spark, JavaRDD<MovieOutcome> outcomes, String tablesDir) {
        long movies = outcomes.count();
        long frames = outcomes.map(o -> (long) o.shiftX().length).fold(0L, Long::sum);
        long patchRows = outcomes.map(o -> (long) o.patchX().length * (o.patchX().length == 0 ? 0
                : o.patchX()[0].length)).fold(0L, Long::sum);
        save(spark.createDataFrame(outcomes.map(Tables::movieRow), MOVIES), movies, tablesDir, "movies");
        save(spark.createDataFrame(outcomes.flatMap(Tables::frameRows), FRAMES), frames, tablesDir, "frames");
        save(spark.createDataFrame(outcomes.flatMap(Tables::patchRows), PATCHES), patchRows, tablesDir, "patches");
        save(spark.createDataFrame(outcomes.flatMap(Tables::modelRows), MODEL), movies * 36, tablesDir, "model");
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
                r.alignSeconds(), r.sumSeconds(), r.writeSeconds(), r.wallSeconds(),
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
