package org.stillframe.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stillframe.cli.Main;
import org.stillframe.io.mrc.MrcMode;
import org.stillframe.parallel.Workers;
import org.stillframe.sim.SimulationParams;
import org.stillframe.sim.io.SimulationWriter;

/**
 * {@code stillframe job} through the command-line entry point: 2 with one line for a bad flag or dataset, 3 when
 * a movie failed and the others were written, 0 when all are ok; and the run stops the Spark session it started.
 */
class JobExitStatusTest {

    @TempDir
    static Path dir;
    static Path movies;

    @BeforeAll
    static void dataset() throws Exception {
        TestSessions.stopRunning(); // the job is to start (and stop) its own session
        movies = Files.createDirectories(dir.resolve("movies"));
        try (Workers w = new Workers(2)) {
            for (int m = 0; m < 2; m++) {
                SimulationParams p = SimulationParams.defaults(256, 256, 6, 700 + m).withDose(8).withGain(false);
                SimulationWriter.Files f = SimulationWriter.write(p, dir.resolve("sim"), "g" + m, MrcMode.INT16, w);
                Files.move(f.movie(), movies.resolve("g" + m + ".mrc"));
            }
        }
        byte[] whole = Files.readAllBytes(movies.resolve("g0.mrc"));
        Files.write(movies.resolve("cut.mrc"), java.util.Arrays.copyOf(whole, whole.length / 2));
    }

    /** Exit status, stdout, stderr. */
    private static Object[] job(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        String[] all = new String[args.length + 1];
        all[0] = "job";
        System.arraycopy(args, 0, all, 1, args.length);
        int status = Main.execute(new PrintWriter(out, true), new PrintWriter(err, true), all);
        System.out.println(out);
        return new Object[] {status, out.toString(), err.toString()};
    }

    private static void assertOneLineError(Object[] r, String start) {
        assertEquals(2, r[0], r[2].toString());
        String err = r[2].toString();
        assertEquals(1, err.lines().count(), err);
        assertTrue(err.startsWith(start), err);
    }

    @Test
    void anUnknownProcessingFlagIsExitTwoInOneLineBeforeAnyWork() {
        Path out = dir.resolve("flag");
        Object[] r = job("--movies", movies.toString(), "--out", out.toString(), "--", "-NoSuchFlag", "1");
        assertOneLineError(r, "stillframe job: ");
        assertTrue(r[2].toString().contains("-NoSuchFlag"), r[2].toString());
        assertFalse(Files.exists(out), "nothing is written for a bad command line");
    }

    @Test
    void aMissingDatasetIsExitTwoInOneLineNamingIt() {
        Path none = dir.resolve("no-such-folder");
        Object[] r = job("--movies", none.toString(), "--out", dir.resolve("none-out").toString());
        assertOneLineError(r, "stillframe job: " + none);
        // Spark was starting (a fresh output folder) while the listing failed: the run still stops it.
        assertTrue(SparkSession.getDefaultSession().isEmpty(), "the job stops the session it started");
    }

    @Test
    void oneBadMovieAmongGoodOnesIsExitThreeAndTheGoodOnesAreWritten() {
        Path out = dir.resolve("mixed");
        Object[] r = job("--movies", movies.toString(), "--out", out.toString(), "--master", "local[1]", "--",
                "-Threads", "1");
        assertEquals(3, r[0], r[2].toString());
        assertTrue(r[1].toString().contains("QC: 3 movies, 2 ok, 1 failed"), r[1].toString());
        assertTrue(Files.exists(out.resolve("g0.mrc")) && Files.exists(out.resolve("g1.mrc")));
        assertFalse(Files.exists(out.resolve("cut.mrc")));
        assertTrue(SparkSession.getDefaultSession().isEmpty(), "the job stops the session it started");

        // The same good movies without the bad one: 0, so 3 above is the failed movie's doing.
        Object[] good = job("--movies", movies.resolve("g?.mrc").toString(), "--out", dir.resolve("good").toString(),
                "--master", "local[1]", "--", "-Threads", "1");
        assertEquals(0, good[0], good[2].toString());
        assertTrue(good[1].toString().contains("QC: 2 movies, 2 ok, 0 failed"), good[1].toString());
        // A fresh output folder: Spark started while the dataset was listed.
        assertTrue(good[1].toString().contains("Spark start (beyond the listing)"), good[1].toString());

        // Everything done already: the QC summary again, without Spark (no fixed-cost line, no session left).
        Object[] again = job("--movies", movies.resolve("g?.mrc").toString(), "--out", dir.resolve("good").toString(),
                "--master", "local[1]", "--", "-Threads", "1");
        assertEquals(0, again[0], again[2].toString());
        assertTrue(again[1].toString().contains("2 already done with these options, 0 to correct"),
                again[1].toString());
        assertTrue(again[1].toString().contains("QC: 2 movies, 2 ok, 0 failed"), again[1].toString());
        assertFalse(again[1].toString().contains("Fixed cost"), again[1].toString());
        assertTrue(SparkSession.getDefaultSession().isEmpty());
    }
}
