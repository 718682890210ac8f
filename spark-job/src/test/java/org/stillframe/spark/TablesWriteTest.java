package org.stillframe.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stillframe.movie.MovieStatus;

/**
 * The tables written from the driver (each one file) are the tables the distributed path writes: plain {@code
 * spark.read.parquet} reads the same schema and the same rows from both, for a movie with patches and a model, one
 * with global alignment only and a failed one.
 */
class TablesWriteTest {

    @TempDir
    static Path dir;
    static SparkSession spark;

    @BeforeAll
    static void start() {
        spark = TestSessions.kryo("local[2]");
    }

    @AfterAll
    static void stop() {
        spark.stop();
    }

    private static MovieOutcome ok(String stem, boolean local) {
        int frames = 5;
        double[] sx = new double[frames];
        double[] sy = new double[frames];
        double[] exposure = new double[frames];
        for (int t = 0; t < frames; t++) {
            sx[t] = 0.5 * t + stem.length();
            sy[t] = -0.25 * t;
            exposure[t] = 1.2 * (t + 1);
        }
        int patches = local ? 4 : 0;
        double[] cx = new double[patches];
        double[] cy = new double[patches];
        boolean[] rejected = new boolean[patches];
        double[][] px = new double[patches][frames];
        double[][] py = new double[patches][frames];
        for (int q = 0; q < patches; q++) {
            cx[q] = 100 + 200 * (q % 2);
            cy[q] = 100 + 200 * (q / 2);
            rejected[q] = q == 3;
            for (int t = 0; t < frames; t++) {
                px[q][t] = 0.01 * q * t;
                py[q][t] = -0.02 * q * t;
            }
        }
        double[] model = new double[local ? 36 : 0];
        for (int i = 0; i < model.length; i++) {
            model[i] = 1e-3 * (i - 17);
        }
        return new MovieOutcome("/data/" + stem + ".mrc", stem, MovieStatus.OK, "", "hash", "1.0", "cpu", "host",
                1234, 5678, 512, 512, frames, 1, local ? 1.1 : Double.NaN, 1.2, 3.5, 1.0, 2.5, 3, 7, 4, 0.1, 0.2,
                0.3, 0.4, 1.0, sx, sy, exposure, cx, cy, rejected, px, py, model,
                List.of("/out/" + stem + ".mrc", "/out/" + stem + ".log"), local ? "-RotGain 1 -FlipGain 0" : "");
    }

    @Test
    void driverTablesReadBackWithTheSchemaAndRowsOfTheDistributedOnes() throws IOException {
        List<MovieOutcome> outcomes = List.of(ok("b_local", true), ok("a_global", false),
                MovieOutcome.failed(new MovieEntry("/data/c_bad.mrc", "c_bad", 99, 1), "hash", "1.0", "cpu", "host",
                        "/data/c_bad.mrc: truncated", 0.5));
        String driver = dir.resolve("driver").toString();
        String distributed = dir.resolve("distributed").toString();
        var jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        var rdd = jsc.parallelize(outcomes, 2);
        Tables.write(spark, new Outcomes(jsc, record(outcomes), Set.of("a_global", "b_local", "c_bad")), driver);
        Tables.writeDistributed(spark, rdd, Tables.rowCounts(rdd), distributed);

        for (String table : List.of("movies", "frames", "patches", "model")) {
            Dataset<Row> ours = spark.read().parquet(dir.resolve("driver").resolve(table).toString());
            Dataset<Row> before = spark.read().parquet(dir.resolve("distributed").resolve(table).toString());
            assertEquals(before.schema(), ours.schema(), table);
            assertEquals(sorted(before), sorted(ours), table);
            try (Stream<Path> files = Files.list(dir.resolve("driver").resolve(table))) {
                assertEquals(1, files.filter(f -> f.getFileName().toString().endsWith(".parquet")).count(), table);
            }
        }
        assertEquals(3, spark.read().parquet(driver + "/movies").count());
        assertEquals(10, spark.read().parquet(driver + "/frames").count());
        assertEquals(20, spark.read().parquet(driver + "/patches").count());
        assertEquals(36, spark.read().parquet(driver + "/model").count());
        // Rows come out in stem order, as the distributed path's sortWithinPartitions("stem") gives them.
        assertEquals(List.of("a_global", "b_local", "c_bad"), spark.read().parquet(driver + "/movies")
                .select("stem").collectAsList().stream().map(r -> r.getString(0)).toList());
    }

    /** The outcomes recorded as a job records them; their folder. */
    static String record(List<MovieOutcome> outcomes) throws IOException {
        Path folder = Files.createDirectories(dir.resolve("outcomes"));
        for (MovieOutcome o : outcomes) {
            Files.write(folder.resolve(o.stem() + ".outcome"), MovieRunner.serialize(o));
        }
        return folder.toString();
    }

    private static List<String> sorted(Dataset<Row> table) {
        return table.collectAsList().stream().map(Row::toString).sorted().toList();
    }
}
