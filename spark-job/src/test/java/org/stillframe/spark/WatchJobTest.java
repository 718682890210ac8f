package org.stillframe.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.stillframe.cli.Main;

/**
 * {@code stillframe job --watch} during a played session: 30 movies written into a folder at a steady rate (every
 * second one growing in chunks over 2 s, every third written under a temporary name and renamed), the watcher
 * (its own JVM, local[2]) killed midway and started again. Every movie is corrected exactly once and not before it
 * is complete; the live tables, read while the session runs, show only finished movies; the latency from a movie
 * being complete to its row being readable is reported (target/watch-latency.txt).
 */
class WatchJobTest {

    static final int MOVIES = 30;
    static final int FRAMES = 12;

    @TempDir
    Path dir;

    @Test
    @Timeout(value = 8, unit = TimeUnit.MINUTES)
    void aPlayedSessionIsCorrectedExactlyOnceAcrossAKillAndRestart() throws Exception {
        Path movies = dir.resolve("movies");
        Path out = dir.resolve("out");
        Path stop = dir.resolve("STOP");
        StringWriter playLog = new StringWriter();
        int[] playStatus = {-1};
        Thread player = new Thread(() -> playStatus[0] = Main.execute(new PrintWriter(playLog, true),
                new PrintWriter(playLog, true), "simulate", "--movie-set", "--movies", String.valueOf(MOVIES), "--size",
                "192", "--frames", String.valueOf(FRAMES), "--play", "0.8", "--chunk-seconds", "2", "--out",
                dir.toString(), "--into", movies.toString(), "--name", "set", "--threads", "1", "--contrast", "0.3"));
        player.start();
        Path gain = dir.resolve("set_gain_truth.mrc");
        Path defects = dir.resolve("set_defects_truth.txt");
        while (!Files.exists(defects) && player.isAlive()) {
            Thread.sleep(20);
        }
        List<String> watch = List.of("job", "--watch", "--movies", movies.resolve("*.mrc").toString(), "--out",
                out.toString(), "--master", "local[2]", "--stop-file", stop.toString(), "--", "-Gain", gain.toString(),
                "-DefectFile", defects.toString());

        Process first = start(watch, dir.resolve("watch1.log"));
        Map<String, Long> seen = new TreeMap<>(); // stem -> when its row was first read
        Path liveMovies = out.resolve("tables/movies");
        while (first.isAlive() && rows(liveMovies, seen) < 5) {
            Thread.sleep(100);
        }
        // The QC summary and the report page of the session so far.
        StringWriter qc = new StringWriter();
        assertEquals(Main.OK, Main.execute(new PrintWriter(qc, true), new PrintWriter(qc, true), "qc",
                out.resolve("tables").toString()), qc.toString());
        assertTrue(qc.toString().matches("(?s)QC: \\d+ movies, \\d+ ok, 0 failed.*"), qc.toString());
        Path page = dir.resolve("live.html");
        assertEquals(Main.OK, Main.execute(new PrintWriter(qc, true), new PrintWriter(qc, true), "report",
                out.resolve("tables").toString(), "--out", page.toString()), qc.toString());
        assertTrue(Files.readString(page).contains("set_001"), "the report lists the first movie");
        while (first.isAlive() && rows(liveMovies, seen) < 10) {
            Thread.sleep(100);
        }
        assertTrue(first.isAlive(), "the watcher ended early: " + Files.readString(dir.resolve("watch1.log")));
        first.destroyForcibly().waitFor();
        long killedAt = System.currentTimeMillis();
        Map<Path, FileTime> before = outcomes(out);
        assertTrue(before.size() >= 10 && before.size() < MOVIES, before.size() + " movies done at the kill");

        Process second = start(watch, dir.resolve("watch2.log"));
        while (second.isAlive() && (player.isAlive() || rows(liveMovies, seen) < MOVIES)) {
            Thread.sleep(100);
        }
        player.join();
        assertEquals(Main.OK, playStatus[0], playLog.toString());
        Files.createFile(stop);
        assertTrue(second.waitFor(3, TimeUnit.MINUTES), "the watcher did not stop");
        String log2 = Files.readString(dir.resolve("watch2.log"));
        assertEquals(0, second.exitValue(), log2);

        // Exactly once: what was done before the kill is untouched, every movie is in the tables once.
        Map<Path, FileTime> after = outcomes(out);
        assertEquals(MOVIES, after.size(), "an outcome per movie");
        for (Map.Entry<Path, FileTime> e : before.entrySet()) {
            assertEquals(e.getValue(), after.get(e.getKey()), e.getKey() + " was done again after the restart");
        }
        List<Map<String, Object>> table = TableFile.read(liveMovies.toString(), List.of("stem", "status", "started_ms"));
        assertEquals(MOVIES, table.size(), "rows in the compacted movies table");
        assertEquals(MOVIES, table.stream().map(r -> r.get("stem")).distinct().count());
        assertEquals(MOVIES * FRAMES, TableFile.read(out.resolve("tables/frames").toString(), List.of("stem")).size());
        assertTrue(Files.exists(liveMovies.resolve("_SUCCESS")), "compacted when the watch ended");
        try (Stream<Path> files = Files.list(liveMovies)) {
            assertEquals(1, files.filter(f -> f.toString().endsWith(".parquet")).count(), "one file after compaction");
        }
        List<String> corrected = log2.lines().filter(l -> l.startsWith("Corrected ")).toList();
        assertEquals(corrected.size(), corrected.stream().distinct().count(), "no movie twice in the second run");
        assertTrue(log2.contains("Restarted: "), log2);
        for (int m = 1; m <= MOVIES; m++) {
            assertTrue(Files.exists(out.resolve(String.format(Locale.ROOT, "set_%03d.mrc", m))), "sum of movie " + m);
        }

        // None before it was complete; latency from complete to readable.
        Map<String, Long> complete = played(dir.resolve("played.tsv"));
        assertEquals(MOVIES, complete.size());
        long[] latency = new long[MOVIES];
        int i = 0;
        for (Map<String, Object> r : table) {
            String stem = (String) r.get("stem");
            assertEquals("ok", r.get("status"), stem);
            long started = (Long) r.get("started_ms");
            assertTrue(started >= complete.get(stem), stem + " read " + (complete.get(stem) - started)
                    + " ms before it was complete");
            assertNotNull(seen.get(stem), stem + " never seen in the live table");
            latency[i++] = seen.get(stem) - complete.get(stem);
        }
        Arrays.sort(latency);
        String report = String.format(Locale.ROOT, "%d movies (192² x %d), watcher killed at %d done and restarted;"
                + " latency complete -> row readable (s): min %.1f, median %.1f, 90th %.1f, max %.1f%n", MOVIES,
                FRAMES, before.size(), latency[0] / 1000.0, latency[MOVIES / 2] / 1000.0,
                latency[(int) Math.ceil(0.9 * MOVIES) - 1] / 1000.0, latency[MOVIES - 1] / 1000.0);
        System.out.print(report);
        Files.writeString(Path.of("target", "watch-latency.txt"), report);
        assertTrue(killedAt > 0);

        // A batch job over the same folder afterwards finds everything done.
        StringWriter batch = new StringWriter();
        int status = Main.execute(new PrintWriter(batch, true), new PrintWriter(batch, true), "job", "--movies",
                movies.toString(), "--out", out.toString(), "--master", "local[1]", "--", "-Gain", gain.toString(),
                "-DefectFile", defects.toString());
        assertEquals(Main.OK, status, batch.toString());
        assertTrue(batch.toString().contains(MOVIES + " already done with these options, 0 to correct"),
                batch.toString());
    }

    /** The watcher in its own JVM (so that it can be killed), polling fast for the test. */
    private static Process start(List<String> args, Path log) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString()));
        command.addAll(List.of(System.getProperty("spark.java.opens", "").split(" ")));
        command.removeIf(String::isEmpty);
        command.addAll(List.of("-Xmx1g", "-Dstillframe.watch.poll-seconds=0.5",
                "-Dstillframe.watch.stable-seconds=1.5", "-Dstillframe.fftw.planner=estimate", "-cp",
                System.getProperty("java.class.path"), "org.stillframe.cli.Main"));
        command.addAll(args);
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    /**
     * Reads the live movies table now and notes when each movie's row was first seen; every row must be a finished
     * movie: its outcome recorded and its frames already in the frames table. Returns the row count.
     */
    private static int rows(Path table, Map<String, Long> seen) throws Exception {
        if (!Files.isDirectory(table)) {
            return 0;
        }
        long now = System.currentTimeMillis();
        List<Map<String, Object>> rows = TableFile.read(table.toString(), List.of("stem", "status"));
        Path out = table.getParent().getParent();
        List<Map<String, Object>> frames = TableFile.read(out.resolve("tables/frames").toString(), List.of("stem"));
        for (Map<String, Object> r : rows) {
            String stem = (String) r.get("stem");
            assertTrue(Files.exists(out.resolve("_stillframe/outcomes/" + stem + ".outcome")), stem + " not finished");
            assertTrue(frames.stream().anyMatch(f -> stem.equals(f.get("stem"))), stem + " without its frames");
            seen.putIfAbsent(stem, now);
        }
        return rows.size();
    }

    private static Map<Path, FileTime> outcomes(Path out) throws Exception {
        Map<Path, FileTime> m = new HashMap<>();
        Path d = out.resolve("_stillframe/outcomes");
        if (Files.isDirectory(d)) {
            try (Stream<Path> s = Files.list(d)) {
                for (Path p : s.filter(f -> f.toString().endsWith(".outcome")).toList()) {
                    m.put(p, Files.getLastModifiedTime(p));
                }
            }
        }
        return m;
    }

    /** played.tsv: stem -> when the movie was complete in the folder. */
    private static Map<String, Long> played(Path tsv) throws Exception {
        Map<String, Long> m = new HashMap<>();
        for (String line : Files.readAllLines(tsv)) {
            String[] f = line.split("\t");
            if (f.length == 4 && !f[0].equals("movie")) {
                m.put(f[0].replace(".mrc", ""), Long.parseLong(f[3]));
            }
        }
        return m;
    }
}
