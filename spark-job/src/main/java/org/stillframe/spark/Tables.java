package org.stillframe.spark;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
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

    private static final String[] MONOMIALS = {"1", "x", "x^2", "y", "y^2", "x*y"};
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
        return RowFactory.create(o.movie(), o.stem(), o.status(), o.error(), o.optionsHash(), o.version(),
                o.device(), o.host(), o.sizeBytes(), o.width(), o.height(), o.framesUsed(), o.firstFrame(),
                nullIfNaN(o.pixelSizeA()), nullIfNaN(o.dosePerFrame()), nullIfNaN(o.driftTotal()),
                nullIfNaN(o.driftEarly()), nullIfNaN(o.driftLate()), o.pixelSizeA() > 0 ? "A" : "px",
                o.defectsRepaired(), o.hotPixels(), o.iterations(), o.model().length > 0, o.readSeconds(),
                o.alignSeconds(), o.sumSeconds(), o.writeSeconds(), o.wallSeconds(),
                scala.jdk.javaapi.CollectionConverters.asScala(o.outputs()).toSeq());
    }

    static Iterator<Row> frameRows(MovieOutcome o) {
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < o.shiftX().length; i++) {
            rows.add(RowFactory.create(o.stem(), o.firstFrame() + i, o.shiftX()[i], o.shiftY()[i],
                    o.exposure()[i]));
        }
        return rows.iterator();
    }

    static Iterator<Row> patchRows(MovieOutcome o) {
        List<Row> rows = new ArrayList<>();
        for (int q = 0; q < o.patchX().length; q++) {
            for (int t = 0; t < o.patchX()[q].length; t++) {
                rows.add(RowFactory.create(o.stem(), q + 1, o.patchCentreX()[q], o.patchCentreY()[q],
                        o.firstFrame() + t, o.patchX()[q][t], o.patchY()[q][t], o.patchRejected()[q]));
            }
        }
        return rows.iterator();
    }

    static Iterator<Row> modelRows(MovieOutcome o) {
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < o.model().length; i++) {
            int within = i % 18;
            rows.add(RowFactory.create(o.stem(), i, i < 18 ? "x" : "y", MONOMIALS[within / 3], within % 3 + 1,
                    o.model()[i]));
        }
        return rows.iterator();
    }

    private static Double nullIfNaN(double v) {
        return Double.isFinite(v) ? v : null;
    }
}
