package org.stillframe.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.stillframe.io.mrc.MrcMode;
import org.stillframe.parallel.Workers;
import org.stillframe.sim.SimulationParams;
import org.stillframe.sim.io.SimulationWriter;
import org.stillframe.testing.MoviesStar;
import org.stillframe.testing.ShiftTables;

/**
 * The Spark job in local mode on a dataset of 12 movies, one truncated and one not a movie: 10 ok rows with
 * shifts matching the simulator's truth, 2 failed rows naming the problem, every output present and no partial
 * file; a second run does no work and changes nothing; a run killed midway (a real process, killed -9) and run
 * again completes with no duplicate rows or files. Kryo runs with registration required.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class StillframeJobTest {

    @TempDir
    static Path dir;
    static Path movies;
    static SparkSession spark;
    static final Map<String, double[][]> TRUTH = new HashMap<>();

    @BeforeAll
    static void dataset() throws Exception {
        movies = Files.createDirectories(dir.resolve("movies"));
        Path sim = Files.createDirectories(dir.resolve("sim"));
        try (Workers w = new Workers(2)) {
            for (int m = 0; m < 10; m++) {
                SimulationParams p = SimulationParams.defaults(512, 512, 10, 500 + m).withDose(8).withContrast(0.4)
                        .withGain(false);
                SimulationWriter.Files f = SimulationWriter.write(p, sim, "movie" + m, MrcMode.INT16, w);
                Files.move(f.movie(), movies.resolve("movie" + m + ".mrc"));
                TRUTH.put("movie" + m, ShiftTables.truth(f.truthTable()));
            }
        }
        byte[] whole = Files.readAllBytes(movies.resolve("movie0.mrc"));
        Files.write(movies.resolve("truncated.mrc"), java.util.Arrays.copyOf(whole, whole.length / 2));
        Files.writeString(movies.resolve("notes.mrc"), "this is a lab notebook, not a movie\n".repeat(20));
        spark = TestSessions.kryo("local[2]");
    }

    @AfterAll
    static void stop() {
        if (spark != null) {
            spark.stop();
        }
    }

    static StillframeJob.Options options(Path out) {
        return new StillframeJob.Options(movies.toString(), out.toString(), List.of("-Threads", "1"), Map.of(), 60, true);
    }

    static StillframeJob.Summary run(Path out) throws Exception {
        StringWriter text = new StringWriter();
        StillframeJob.Summary s = StillframeJob.execute(options(out), new PrintWriter(text, true));
        System.out.println(text);
        return s;
    }

    @Test
    @Order(1)
    void correctsTheDatasetRecordsFailuresAndWritesTheTables() throws Exception {
        Path out = dir.resolve("out");
        StillframeJob.Summary s = run(out);
        assertEquals(12, s.listed());
        assertEquals(10, s.ok());
        assertEquals(2, s.failed());
        assertEquals(2, s.report().failed());

        Dataset<Row> table = spark.read().parquet(out.resolve("tables/movies").toString()); // plain Spark SQL
        table.createOrReplaceTempView("movies");
        assertEquals(12, table.count());
        assertEquals(10, spark.sql("SELECT * FROM movies WHERE status = 'ok'").count());
        // Every corrected movie's stage times, in order, on a clock no earlier than the job's start.
        assertEquals(10, spark.sql("SELECT * FROM movies WHERE status = 'ok' AND started_ms <= compute_start_ms"
                + " AND compute_start_ms < compute_end_ms AND compute_end_ms <= finished_ms AND started_ms > "
                + (System.currentTimeMillis() - 3_600_000L)).count());
        Map<String, String> errors = new TreeMap<>();
        for (Row r : spark.sql("SELECT stem, error FROM movies WHERE status = 'failed'").collectAsList()) {
            errors.put(r.getString(0), r.getString(1));
        }
        assertTrue(errors.get("truncated").contains("truncated.mrc") && errors.get("truncated").contains("truncated"),
                errors.toString());
        assertTrue(errors.get("notes").contains("notes.mrc: not an MRC file"), errors.toString());
        for (String e : errors.values()) {
            assertFalse(e.contains("\n"), e);
        }

        Dataset<Row> frames = spark.read().parquet(out.resolve("tables/frames").toString());
        assertEquals(100, frames.count());
        // The skeleton's bound: per movie, RMS shift error at most 0.15 px once a constant offset is removed.
        Map<String, double[][]> shifts = new TreeMap<>();
        for (Row r : frames.collectAsList()) {
            double[][] movie = shifts.computeIfAbsent(r.getString(0), k -> new double[TRUTH.get(k).length][]);
            movie[r.getInt(1) - 1] = new double[] {r.getDouble(2), r.getDouble(3)};
        }
        assertEquals(10, shifts.size());
        for (Map.Entry<String, double[][]> e : shifts.entrySet()) {
            double rms = ShiftTables.rmsAgainstTruth(e.getValue(), TRUTH.get(e.getKey()));
            assertTrue(rms <= 0.15, e.getKey() + ": " + rms);
        }
        for (int m = 0; m < 10; m++) {
            assertTrue(Files.size(out.resolve("movie" + m + ".mrc")) > 512 * 512 * 4);
            assertTrue(Files.exists(out.resolve("logs/movie" + m + "-Full.log")));
        }
        assertFalse(Files.exists(out.resolve("truncated.mrc")), "no output for a failed movie");
        assertEquals(List.of(), temporaries(out));
        assertEquals("A", spark.sql("SELECT drift_unit FROM movies WHERE status = 'ok' LIMIT 1").first().getString(0));
    }

    @Test
    @Order(2)
    void aSecondRunDoesNoWorkAndChangesNothing() throws Exception {
        Path out = dir.resolve("out");
        Map<Path, FileTime> before = files(out);
        StillframeJob.Summary s = run(out);
        assertEquals(12, s.skipped());
        assertEquals(0, s.ok() + s.failed());
        assertFalse(s.tablesWritten());
        assertEquals(before, files(out));
    }

    @Test
    @Order(3)
    void aRunKilledMidwayCompletesWhenRunAgainWithoutDuplicates() throws Exception {
        Path out = dir.resolve("killed");
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString()));
        command.addAll(List.of(System.getProperty("spark.java.opens", "").split(" ")));
        command.removeIf(String::isEmpty);
        command.addAll(List.of("-Xmx1g", "-cp", System.getProperty("java.class.path"), "org.stillframe.cli.Main",
                "job", "--movies", movies.toString(), "--out", out.toString(), "--master", "local[1]", "--",
                "-Threads", "1"));
        Process p = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(dir.resolve("killed.log").toFile()).start();
        Path outcomes = out.resolve("_stillframe/outcomes");
        // Wait for a state (3 movies recorded), however long the JVM and Spark take to start on a busy machine;
        // the default test timeout (stillframe.test.timeout in pom.xml) turns a job that never records one into a
        // failure.
        while (p.isAlive() && count(outcomes, ".outcome") < 3) {
            Thread.sleep(50);
        }
        assertTrue(p.isAlive(), "the job ended before it could be killed: " + Files.readString(dir.resolve("killed.log")));
        p.destroyForcibly().waitFor();
        int doneBeforeKill = count(outcomes, ".outcome");
        assertTrue(doneBeforeKill >= 3 && doneBeforeKill < 12, "killed after " + doneBeforeKill);
        assertFalse(Files.exists(out.resolve("tables/movies/_SUCCESS")));

        StillframeJob.Summary s = run(out);
        assertEquals(doneBeforeKill, s.skipped(), "movies finished before the kill are not done again");
        assertEquals(12, s.skipped() + s.ok() + s.failed());
        Dataset<Row> table = spark.read().parquet(out.resolve("tables/movies").toString());
        assertEquals(12, table.count());
        assertEquals(12, table.select("stem").distinct().count());
        assertEquals(100, spark.read().parquet(out.resolve("tables/frames").toString()).count());
        assertEquals(12, count(outcomes, ".outcome"));
        assertEquals(List.of(), temporaries(out));
    }

    @Test
    void aSingleMovieFileIsADatasetOfOne() throws Exception {
        List<MovieEntry> one = DatasetListing.list(movies.resolve("movie3.mrc").toString());
        assertEquals(1, one.size());
        assertEquals("movie3", one.get(0).stem());
    }

    @Test
    @Order(4)
    void qcReportsCountsDriftAndFailuresAsJson() {
        Qc.Report r = Qc.report(dir.resolve("out/tables").toString());
        assertEquals(10, r.ok());
        assertEquals(2, r.failed());
        assertTrue(r.total().median() > 0);
        String json = Qc.json(r);
        assertTrue(json.startsWith("{\"movies\":12,\"ok\":10,\"failed\":2,"), json);
        assertTrue(json.contains("\"status\":\"failed\""), json);
    }

    @Test
    @Order(5)
    void aRelionMoviesStarGivesPixelSizeAndVoltageAndRelionFilesAreWritten() throws Exception {
        Path star = dir.resolve("movies.star");
        Files.writeString(star, MoviesStar.text("0.900000", "200.000000",
                List.of("movies/movie1.mrc", "movies/movie2.mrc")));
        Path out = dir.resolve("relion");
        StillframeJob.Summary s = StillframeJob.execute(new StillframeJob.Options(star.toString(), out.toString(),
                List.of("-Threads", "1", "--relion-star"), Map.of(), 60, false), new PrintWriter(new StringWriter()));
        assertEquals(2, s.ok());
        Dataset<Row> m = spark.read().parquet(out.resolve("tables/movies").toString());
        for (Row r : m.select("pixel_size_a").collectAsList()) {
            assertEquals(0.9, r.getDouble(0), 1e-9); // from the optics group, over the MRC header's 1.0
        }
        org.stillframe.io.star.StarFile mics = org.stillframe.io.star.StarFile.parse(
                Files.readString(out.resolve("corrected_micrographs.star")), "c.star");
        assertEquals(2, mics.blocks().get("micrographs").rows().size());
        String[] optics = mics.blocks().get("optics").rows().get(0);
        assertEquals("200.000000", optics[3]);
        var general = org.stillframe.io.star.StarFile.parse(Files.readString(out.resolve("movie1.star")), "m1")
                .blocks().get("general").values();
        assertEquals("0.900000", general.get("_rlnMicrographOriginalPixelSize"));
        assertEquals("200.000000", general.get("_rlnVoltage"));
    }

    private static List<Path> temporaries(Path out) throws Exception {
        try (Stream<Path> s = Files.walk(out)) {
            return s.filter(f -> {
                String n = f.getFileName().toString();
                return n.endsWith(".part") || n.endsWith(".tmp") || n.contains("_temporary");
            }).toList();
        }
    }

    private static Map<Path, FileTime> files(Path out) throws Exception {
        Map<Path, FileTime> m = new TreeMap<>();
        try (Stream<Path> s = Files.walk(out)) {
            for (Path f : s.filter(Files::isRegularFile).toList()) {
                m.put(f, Files.getLastModifiedTime(f));
            }
        }
        return m;
    }

    private static int count(Path d, String suffix) throws Exception {
        if (!Files.isDirectory(d)) {
            return 0;
        }
        try (Stream<Path> s = Files.list(d)) {
            return (int) s.filter(f -> f.getFileName().toString().endsWith(suffix)
                    && !f.getFileName().toString().startsWith(".")).count();
        }
    }
}
