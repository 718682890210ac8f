package org.stillframe.spark;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.stillframe.extract.ParticleConfig;
import org.stillframe.extract.ParticlePicks;
import org.stillframe.extract.ParticlesStar;
import org.stillframe.options.MotionCorSettings;

/**
 * After a job with {@code --particles}: the {@code particles} Parquet table (per particle and frame: pick, total
 * and residual correction, signal z, fallback; read from each movie's trajectory table) and {@code
 * OUT/particles.star} for the movies that were corrected.
 */
final class ParticleTables {

    static final StructType PARTICLES = new StructType(new StructField[] {
        field("stem", DataTypes.StringType), field("particle", DataTypes.IntegerType),
        field("x_px", DataTypes.DoubleType), field("y_px", DataTypes.DoubleType),
        field("frame", DataTypes.IntegerType), field("shift_x_px", DataTypes.DoubleType),
        field("shift_y_px", DataTypes.DoubleType), field("residual_x_px", DataTypes.DoubleType),
        field("residual_y_px", DataTypes.DoubleType), field("signal_z", DataTypes.DoubleType),
        field("fallback", DataTypes.BooleanType)});

    private ParticleTables() {
    }

    private static StructField field(String name, org.apache.spark.sql.types.DataType type) {
        return DataTypes.createStructField(name, type, true);
    }

    static void write(SparkSession spark, Outcomes outcomes, ParticlePicks picks, JobSpec spec,
                      MotionCorSettings settings, String output, PrintWriter out) throws IOException {
        ParticleConfig c = spec.particles().config();
        write(spark, outcomes, picks, spec, output, "particles.star", "Particles", "_particles.mrcs",
                px -> c.box(px, settings.voltageKv()), c.outBoxPx(), settings.voltageKv(), out);
    }

    /**
     * The particles table from the movies' trajectory tables and a particles STAR over their stacks
     * ({@code folder/<stem><suffix>}), box from the pixel size, output box (0 = the box).
     */
    static void write(SparkSession spark, Outcomes outcomes, ParticlePicks picks, JobSpec spec,
                      String output, String starName, String folder, String suffix,
                      java.util.function.DoubleToIntFunction boxOf, int outBoxPx, double kv, PrintWriter out)
            throws IOException {
        List<String[]> tables = new ArrayList<>(); // {stem, trajectory table}
        double pixel = Double.NaN;
        for (MovieOutcome o : outcomes.ok()) {
            for (String f : o.outputs()) {
                if (f.endsWith("_trajectories.tsv")) {
                    tables.add(new String[] {o.stem(), f});
                    if (!Double.isFinite(pixel) && o.pixelSizeA() > 0) {
                        pixel = o.pixelSizeA();
                    }
                }
            }
        }
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        JavaRDD<Row> rows = jsc.parallelize(tables, Math.max(1, Math.min(tables.size(), 1000)))
                .flatMap(ParticleTables::rows);
        long count = tables.isEmpty() ? 0 : rows.count();
        Tables.save(spark.createDataFrame(rows, PARTICLES), count, spec.tablesDir(), "particles");
        Set<String> done = new LinkedHashSet<>();
        tables.forEach(t -> done.add(t[0]));
        double px = Double.isFinite(pixel) ? pixel : 1;
        int box = boxOf.applyAsInt(px);
        int outBox = outBoxPx > 0 ? outBoxPx : box;
        String star = JobStore.child(output, starName);
        JobStore.write(star, ParticlesStar.write(picks, done, stem -> folder + "/" + stem + suffix,
                px * box / outBox, outBox, kv).getBytes(StandardCharsets.UTF_8));
        out.printf(java.util.Locale.ROOT, "Particles: %s (%d movies), table %s%n", star, done.size(),
                JobStore.child(spec.tablesDir(), "particles"));
        out.flush();
    }

    /** The rows of one movie's trajectory table. */
    static Iterator<Row> rows(String[] stemAndTable) throws IOException {
        String text = new String(JobStore.read(stemAndTable[1]), StandardCharsets.UTF_8);
        List<Row> rows = new ArrayList<>();
        boolean header = true;
        for (String line : text.split("\n")) {
            if (line.startsWith("#") || line.isBlank()) {
                continue;
            }
            if (header) {
                header = false;
                continue;
            }
            String[] v = line.split("\t");
            rows.add(RowFactory.create(stemAndTable[0], Integer.parseInt(v[0]), Double.parseDouble(v[1]),
                    Double.parseDouble(v[2]), Integer.parseInt(v[3]), Double.parseDouble(v[4]),
                    Double.parseDouble(v[5]), Double.parseDouble(v[6]), Double.parseDouble(v[7]),
                    Double.parseDouble(v[8]), Boolean.parseBoolean(v[9])));
        }
        return rows.iterator();
    }
}
