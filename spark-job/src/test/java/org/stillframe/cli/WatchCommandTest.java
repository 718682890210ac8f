package org.stillframe.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code stillframe job --watch} and {@code simulate --play}: their options, and a watch that ends when idle. */
class WatchCommandTest {

    @TempDir
    Path dir;

    record Result(int status, String out, String err) {
    }

    static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = Main.execute(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Result(status, out.toString(), err.toString());
    }

    static void assertOneLine(Result r, String expected) {
        assertEquals(Main.BAD_INPUT, r.status(), r.out() + r.err());
        assertFalse(r.err().strip().contains("\n"), r.err());
        assertTrue(r.err().contains(expected), r.err());
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void badWatchOptionsGiveOneLine() throws Exception {
        String out = dir.resolve("out").toString();
        assertOneLine(run("job", "--movies", dir.toString(), "--out", out, "--until-idle", "5m"),
                "--until-idle and --stop-file go with --watch");
        assertOneLine(run("job", "--watch", "--movies", dir.toString(), "--out", out, "--until-idle", "soon"),
                "--until-idle takes a duration such as 30m");
        assertOneLine(run("job", "--watch", "--movies", dir.resolve("nowhere/*.tiff").toString(), "--out", out,
                "--until-idle", "1s"), "--watch takes an existing folder");
        assertOneLine(run("job", "--watch", "--max-movies", "3", "--movies", dir.toString(), "--out", out,
                "--until-idle", "1s"), "--watch corrects movies and tilt series");
        assertOneLine(run("simulate", "--play", "1", "--out", out), "--play takes a positive interval in seconds and"
                + " needs --movie-set");
        assertFalse(Files.exists(dir.resolve("out")), "nothing written");
    }

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void aWatchEndsWhenNothingNewCameForTheIdleTime() throws Exception {
        Path movies = dir.resolve("movies");
        Result played = run("simulate", "--movie-set", "--movies", "3", "--size", "128", "--frames", "8", "--play",
                "0.2", "--chunk-seconds", "0.3", "--out", dir.toString(), "--into", movies.toString(), "--name", "s",
                "--threads", "1");
        assertEquals(Main.OK, played.status(), played.err());
        assertTrue(played.out().contains("s_002.mrc chunked") && played.out().contains("s_003.mrc renamed"),
                played.out());
        assertEquals(4, Files.readAllLines(dir.resolve("played.tsv")).size(), "header and 3 movies");
        assertFalse(Files.exists(dir.resolve(".staging")), "the staging folder is removed");
        Files.writeString(movies.resolve("notes.txt"), "not a movie");
        Path out = dir.resolve("out");
        Result r = run("job", "--watch", "--movies", movies.toString(), "--out", out.toString(), "--master",
                "local[1]", "--until-idle", "3s", "--", "-Gain", dir.resolve("s_gain_truth.mrc").toString());
        assertEquals(Main.OK, r.status(), r.out() + r.err());
        assertTrue(r.out().contains("Watch: nothing new for"), r.out());
        assertTrue(r.out().contains("Watch ended: 3 movies in the tables (3 ok, 0 failed)"), r.out());
        assertTrue(Files.exists(out.resolve("tables/movies/_SUCCESS")));
        assertTrue(Files.exists(out.resolve("report.html")));

        // The same session watched again with other options: corrected again, and the watch still ends.
        Result again = run("job", "--watch", "--movies", movies.toString(), "--out", out.toString(), "--master",
                "local[1]", "--until-idle", "3s", "--", "-Gain", dir.resolve("s_gain_truth.mrc").toString(),
                "-Iter", "3");
        assertEquals(Main.OK, again.status(), again.out() + again.err());
        assertTrue(again.out().contains("Restarted: 3 movies handed out before, 0 of them done, 3 done with other"
                + " options (corrected again)"), again.out());
        assertEquals(3, again.out().lines().filter(l -> l.startsWith("Corrected ")).count(), again.out());
        assertTrue(again.out().contains("Watch ended: 3 movies in the tables"), again.out());
    }
}
