package org.stillframe.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stillframe.io.mrc.MrcMode;
import org.stillframe.options.MotionCorArgs;
import org.stillframe.options.SettingsFromFlags;
import org.stillframe.options.Version;
import org.stillframe.parallel.Workers;
import org.stillframe.sim.SimulationParams;
import org.stillframe.sim.io.SimulationWriter;
import org.stillframe.testing.ShiftTables;

/**
 * The job's per-movie cost: a task over a partition reads movie k+1 and writes movie k-1 while it computes movie k
 * (stage times in the outcomes), and two tasks running at once in one executor JVM (local[2]) reuse this JVM's engines instead of
 * building one per movie, each movie's shifts matching its own truth.
 */
class PartitionEngineTest {

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
            for (int m = 0; m < 5; m++) {
                // different sizes and motions: a mix-up between movies shows in their shifts
                SimulationParams p = SimulationParams.defaults(384 + 64 * (m % 2), 384, 10, 900 + m).withDose(8)
                        .withContrast(0.4).withGain(false);
                SimulationWriter.Files f = SimulationWriter.write(p, sim, "movie" + m, MrcMode.INT16, w);
                Files.move(f.movie(), movies.resolve("movie" + m + ".mrc"));
                TRUTH.put("movie" + m, ShiftTables.truth(f.truthTable()));
            }
        }
        spark = TestSessions.kryo("local[2]");
    }

    @AfterAll
    static void stop() {
        if (spark != null) {
            spark.stop();
        }
    }

    private static JobSpec spec(Path out, List<String> flags) throws Exception {
        return JobSpec.of(out.toString(), flags,
                SettingsFromFlags.settings(MotionCorArgs.parse(flags.toArray(String[]::new))), Version.current());
    }

    /** Movies {@code from} to {@code to} − 1 of the dataset, as a partition. */
    private static List<MovieEntry> partition(int from, int to) throws Exception {
        List<MovieEntry> partition = new ArrayList<>();
        for (int m = from; m < to; m++) {
            Path p = movies.resolve("movie" + m + ".mrc");
            partition.add(new MovieEntry(p.toString(), "movie" + m, Files.size(p),
                    Files.getLastModifiedTime(p).toMillis()));
        }
        return partition;
    }

    @Test
    void aTaskReadsTheNextMovieWhileItComputesThisOne() throws Exception {
        List<String> flags = List.of("-Threads", "1");
        JobSpec spec = spec(dir.resolve("partition"), flags);
        List<MovieEntry> partition = partition(0, 3);
        List<MovieOutcome> done = new ArrayList<>();
        PartitionRunner.run(partition.iterator(), spec, "cpu", 1, done::add);

        assertEquals(3, done.size());
        for (int k = 0; k < 3; k++) {
            MovieOutcome o = done.get(k);
            assertTrue(o.ok(), o.error());
            assertTrue(o.computeStartMs() > 0 && o.computeEndMs() >= o.computeStartMs(), o.toString());
        }
        for (int k = 0; k + 1 < 3; k++) {
            MovieOutcome now = done.get(k);
            MovieOutcome next = done.get(k + 1);
            assertTrue(next.readStartMs() > 0, "movie " + (k + 1) + " was not read ahead");
            assertTrue(next.readStartMs() < now.computeEndMs(),
                    "movie " + (k + 1) + " read from " + next.readStartMs() + ", movie " + k + " computed until "
                            + now.computeEndMs());
            assertTrue(next.readStartMs() >= now.computeStartMs() - 1000 && next.readEndMs() <= next.computeStartMs(),
                    "one movie ahead, read before its own correction");
            // movie k's sums and logs are written while movie k+1 is computed
            assertTrue(now.writeStartMs() >= now.computeEndMs() && now.writeStartMs() < next.computeEndMs(),
                    "movie " + k + " written from " + now.writeStartMs() + ", movie " + (k + 1) + " computed from "
                            + next.computeStartMs() + " to " + next.computeEndMs());
            assertTrue(Files.exists(Path.of(now.outputs().get(0))), "the outcome is recorded once the sum exists");
        }
        assertTrue(MovieRunner.deserialize(Files.readAllBytes(Path.of(spec.outcomesDir(), "movie2.outcome")))
                .readStartMs() > 0, "the recorded outcome carries the stage times");
        // a retried task (executor lost midway) skips what its first attempt recorded, unless the file changed
        assertEquals("movie0", Resume.recorded(partition.get(0), spec).stem());
        MovieEntry changed = partition.get(0);
        assertEquals(null, Resume.recorded(new MovieEntry(changed.location(), changed.stem(), changed.sizeBytes() + 1,
                changed.modifiedMillis()), spec));
    }

    @Test
    void aSumThatCannotBeWrittenFailsItsMovieOnlyAndLeavesNoneOfItsOutputs() throws Exception {
        List<String> flags = List.of("-Threads", "1", "-OutStack", "1");
        Path out = dir.resolve("unwritable");
        JobSpec spec = spec(out, flags);
        Files.createDirectories(out.resolve("movie3.mrc").resolve("in-the-way")); // the sum's name is a folder
        List<MovieEntry> partition = partition(3, 5);
        List<MovieOutcome> done = new ArrayList<>();
        PartitionRunner.run(partition.iterator(), spec, "cpu", 1, done::add);

        assertEquals(List.of("movie3", "movie4"), done.stream().map(MovieOutcome::stem).toList());
        MovieOutcome failed = done.get(0);
        assertTrue(!failed.ok() && failed.error().startsWith(partition.get(0).location()), failed.error());
        assertTrue(!Files.exists(out.resolve("movie3_Stk.mrc")), "the failed movie's stack is removed");
        assertTrue(done.get(1).ok(), done.get(1).error());
        assertTrue(Files.exists(out.resolve("movie4.mrc")) && Files.exists(out.resolve("movie4_Stk.mrc")));
        assertEquals(failed.error(), MovieRunner.deserialize(Files.readAllBytes(Path.of(spec.outcomesDir(),
                "movie3.outcome"))).error(), "the failure is recorded");
    }

    /**
     * Another attempt of a task (a retry, a speculative copy) that fails on a movie an earlier attempt corrected
     * never replaces that success; an attempt Spark killed (its thread interrupted) records nothing.
     */
    @Test
    void aKilledOrFailingSecondAttemptNeverReplacesAnOkOutcome() throws Exception {
        List<String> flags = List.of("-Threads", "1");
        Path out = dir.resolve("attempts");
        JobSpec spec = spec(out, flags);
        Path copy = Files.createDirectories(dir.resolve("attempt-movies")).resolve("movie2.mrc");
        Files.copy(movies.resolve("movie2.mrc"), copy);
        MovieEntry entry = new MovieEntry(copy.toString(), "movie2", Files.size(copy),
                Files.getLastModifiedTime(copy).toMillis());
        List<MovieOutcome> first = new ArrayList<>();
        PartitionRunner.run(List.of(entry).iterator(), spec, "cpu", 1, first::add);
        assertTrue(first.get(0).ok(), first.get(0).error());

        // The second attempt finds the movie gone (its storage lost) and fails: the recorded outcome stays ok.
        java.nio.file.attribute.FileTime mtime = Files.getLastModifiedTime(copy);
        Files.write(copy, new byte[(int) entry.sizeBytes()]); // same size and time, no longer an MRC file
        Files.setLastModifiedTime(copy, mtime);
        List<MovieOutcome> second = new ArrayList<>();
        PartitionRunner.run(List.of(entry).iterator(), spec, "cpu", 1, second::add);
        MovieOutcome recorded = MovieRunner.deserialize(Files.readAllBytes(Path.of(spec.outcomesDir(),
                "movie2.outcome")));
        assertTrue(recorded.ok(), "the first attempt's success is kept: " + recorded.error());

        // A killed attempt (interrupted before and during its movies) records nothing at all.
        Path killedOut = dir.resolve("killed");
        JobSpec killedSpec = spec(killedOut, flags);
        List<MovieOutcome> none = new ArrayList<>();
        Thread t = new Thread(() -> {
            Thread.currentThread().interrupt();
            try {
                PartitionRunner.run(partition(0, 2).iterator(), killedSpec, "cpu", 1, none::add);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        t.start();
        t.join(60_000);
        assertEquals(List.of(), none);
        assertTrue(!Files.exists(Path.of(killedSpec.outcomesDir(), "movie0.outcome")));
    }

    @Test
    void twoConcurrentTasksShareThisJvmsEnginesWithoutMixingResults() throws Exception {
        int builtBefore = Engines.built();
        Path out = dir.resolve("job");
        StringWriter text = new StringWriter();
        StillframeJob.Summary s = StillframeJob.execute(new StillframeJob.Options(movies.toString(), out.toString(),
                List.of("-Threads", "1"), Map.of(), 0.2, false), new PrintWriter(text, true));
        System.out.println(text);
        assertEquals(5, s.ok());
        int built = Engines.built() - builtBefore;
        assertTrue(built <= 2, "5 movies on 2 task slots built " + built + " engines");
        assertTrue(text.toString().contains("ETA"), text.toString());

        List<MovieOutcome> outcomes = new ArrayList<>();
        try (var files = Files.list(out.resolve("_stillframe/outcomes"))) {
            for (Path f : files.toList()) {
                outcomes.add(MovieRunner.deserialize(Files.readAllBytes(f)));
            }
        }
        assertEquals(5, outcomes.size());
        boolean concurrent = false;
        for (MovieOutcome a : outcomes) {
            double[][] shifts = new double[a.shiftX().length][];
            for (int i = 0; i < shifts.length; i++) {
                shifts[i] = new double[] {a.shiftX()[i], a.shiftY()[i]};
            }
            double rms = ShiftTables.rmsAgainstTruth(shifts, TRUTH.get(a.stem()));
            assertTrue(rms <= 0.15, a.stem() + ": " + rms);
            for (MovieOutcome b : outcomes) {
                concurrent |= a != b && a.computeStartMs() < b.computeEndMs() && b.computeStartMs() < a.computeEndMs();
            }
        }
        assertTrue(concurrent, "two tasks ran at once");
    }
}
