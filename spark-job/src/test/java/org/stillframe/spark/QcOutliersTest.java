package org.stillframe.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stillframe.cli.Main;

/**
 * The QC outlier rule (total or late drift beyond Q3 + 3·IQR of the ok movies) on a movies table written by hand:
 * ten ordinary movies (total 10.0 … 14.5 Å, late drift 30 % of it), one high but ordinary movie, one whose total
 * drift is far out, one whose total is ordinary but whose late drift is far out, and a failed movie. Exactly the
 * two far-out movies are flagged, by the library and by {@code stillframe qc}.
 */
class QcOutliersTest {

    @TempDir
    static Path dir;
    static Path tables;
    static SparkSession spark;

    @BeforeAll
    static void table() {
        spark = TestSessions.fresh("local[1]", java.util.Map.of());
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            double total = 10 + 0.5 * i;
            rows.add(movie(String.format("m%02d", i), "ok", total, 0.7 * total, 0.3 * total));
        }
        rows.add(movie("high", "ok", 18.0, 12.6, 5.4)); // above every ordinary movie, below both fences
        rows.add(movie("runaway", "ok", 40.0, 25.0, 15.0)); // total (and late) drift far out
        rows.add(movie("lateonly", "ok", 16.0, 1.0, 15.0)); // ordinary total, late drift far out
        rows.add(movie("broken", "failed", null, null, null));
        tables = dir.resolve("tables");
        spark.createDataFrame(rows, Tables.MOVIES).coalesce(1).write().mode(SaveMode.ErrorIfExists)
                .parquet(tables.resolve("movies").toString());
    }

    @AfterAll
    static void stop() {
        spark.stop();
    }

    private static Row movie(String stem, String status, Double total, Double early, Double late) {
        Object[] v = new Object[Tables.MOVIES.fields().length];
        v[Tables.MOVIES.fieldIndex("movie")] = "/data/" + stem + ".tif";
        v[Tables.MOVIES.fieldIndex("stem")] = stem;
        v[Tables.MOVIES.fieldIndex("status")] = status;
        v[Tables.MOVIES.fieldIndex("error")] = total == null ? "/data/" + stem + ".tif: truncated" : null;
        v[Tables.MOVIES.fieldIndex("drift_total")] = total;
        v[Tables.MOVIES.fieldIndex("drift_early")] = early;
        v[Tables.MOVIES.fieldIndex("drift_late")] = late;
        v[Tables.MOVIES.fieldIndex("drift_unit")] = total == null ? null : "A";
        return RowFactory.create(v);
    }

    @Test
    void exactlyTheMoviesBeyondQ3PlusThreeIqrInTotalOrLateDriftAreOutliers() {
        Qc.Report r = Qc.report(tables.toString());
        assertEquals(13, r.ok());
        assertEquals(1, r.failed());
        List<String> flagged = r.outliers().stream().map(Qc.MovieLine::stem).toList();
        assertEquals(List.of("lateonly", "runaway"), flagged);
        // The fences are Tukey's far-out fences of the ok movies, and they separate the cases with room to spare.
        for (Qc.Stats s : List.of(r.total(), r.late())) {
            assertEquals(s.q3() + 3 * (s.q3() - s.q1()), s.fence(), 1e-9);
        }
        assertTrue(r.total().fence() > 18 + 1 && r.total().fence() < 40 - 1, "total fence " + r.total().fence());
        assertTrue(r.late().fence() > 5.4 + 0.5 && r.late().fence() < 15 - 1, "late fence " + r.late().fence());
    }

    @Test
    void driverStatisticsAreSparksExactApproxQuantileAndAvg() {
        // What the report computed with Spark SQL before it moved to the driver (issue 19): the same numbers.
        Dataset<Row> ok = spark.read().schema(Tables.MOVIES).parquet(tables.resolve("movies").toString())
                .where("status = 'ok' AND drift_total IS NOT NULL");
        Qc.Report r = Qc.report(tables.toString());
        for (String column : List.of("drift_total", "drift_early", "drift_late")) {
            double[] q = ok.stat().approxQuantile(column, new double[] {0.25, 0.5, 0.75, 0.9, 1.0}, 0.0);
            double mean = ok.agg(functions.avg(column)).first().getDouble(0);
            Qc.Stats s = column.equals("drift_total") ? r.total() : column.equals("drift_early") ? r.early()
                    : r.late();
            assertEquals(List.of(mean, q[1], q[0], q[2], q[3], q[4], q[2] + 3 * (q[2] - q[0])),
                    List.of(s.mean(), s.median(), s.q1(), s.q3(), s.p90(), s.max(), s.fence()), column);
        }
    }

    @Test
    void qcOnTheCommandLinePrintsTheOutliersAndFailuresAndExitsZero() {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = Main.execute(new PrintWriter(out, true), new PrintWriter(err, true), "qc", tables.toString());
        assertEquals(0, status, err.toString());
        String text = out.toString();
        assertTrue(text.startsWith("QC: 14 movies, 13 ok, 1 failed"), text);
        assertTrue(text.contains("Outliers (total or late drift beyond Q3 + 3 IQR): 2"), text);
        assertTrue(text.contains("  /data/runaway.tif  total 40.00") && text.contains("  /data/lateonly.tif  total"),
                text);
        assertFalse(text.contains("/data/high.tif"), text);
        assertTrue(text.contains("failed: /data/broken.tif: truncated"), text);

        // The job's output folder works as well as its tables folder, and --json gives one object.
        StringWriter json = new StringWriter();
        assertEquals(0, Main.execute(new PrintWriter(json, true), new PrintWriter(err, true), "qc", "--json",
                dir.toString()));
        assertTrue(json.toString().startsWith("{\"movies\":14,\"ok\":13,\"failed\":1,"), json.toString());
        assertTrue(json.toString().contains("\"outliers\":[\"/data/lateonly.tif\",\"/data/runaway.tif\"]"),
                json.toString());
        assertEquals(1, json.toString().strip().lines().count());
    }

    @Test
    void qcWhereThereAreNoTablesIsExitTwoWithOneLine() throws Exception {
        Path empty = Files.createDirectories(dir.resolve("empty"));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = Main.execute(new PrintWriter(out, true), new PrintWriter(err, true), "qc", empty.toString());
        assertEquals(2, status);
        assertEquals("", out.toString());
        assertEquals(1, err.toString().lines().count(), err.toString());
        assertTrue(err.toString().startsWith("stillframe qc: " + empty + ": no job tables here"), err.toString());
    }
}
