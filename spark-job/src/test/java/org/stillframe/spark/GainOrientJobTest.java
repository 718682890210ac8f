package org.stillframe.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.stillframe.gain.GainOrientation;
import org.stillframe.io.mrc.MrcMode;
import org.stillframe.io.mrc.MrcReader;
import org.stillframe.io.mrc.MrcWriter;
import org.stillframe.parallel.Workers;
import org.stillframe.sim.SimulationParams;
import org.stillframe.sim.io.SimulationWriter;

/**
 * The job decides a gain's orientation once, on the driver, from the first readable movies (a bad first movie is
 * passed over), applies it to every movie and records it in the movies table (issue 23).
 */
@Timeout(600)
class GainOrientJobTest {

    private static final int SIZE = 256;
    private static final GainOrientation TRUTH = new GainOrientation(1, 1);

    @TempDir
    static Path dir;
    static Path movies;
    static Path turnedGain;
    static SparkSession spark;

    @BeforeAll
    static void dataset() throws Exception {
        movies = Files.createDirectories(dir.resolve("movies"));
        Path sim = Files.createDirectories(dir.resolve("sim"));
        float[] gain = null;
        try (Workers w = new Workers(2)) {
            for (int m = 0; m < 3; m++) {
                // One detector (the simulator's pattern depends on the seed): the same sensitivity in every movie.
                SimulationParams p = SimulationParams.defaults(SIZE, SIZE, 20, 700).withDose(1).withDrift(6);
                SimulationWriter.Files f = SimulationWriter.write(p, sim, "movie" + m, MrcMode.INT16, w);
                Files.move(f.movie(), movies.resolve("movie" + m + ".mrc"));
                if (gain == null) {
                    try (MrcReader r = MrcReader.open(f.gain())) {
                        gain = new float[SIZE * SIZE];
                        r.read(0, gain);
                    }
                }
            }
        }
        float[] stored = null;
        for (GainOrientation c : GainOrientation.all()) {
            float[] candidate = c.apply(gain, SIZE, SIZE);
            if (java.util.Arrays.equals(TRUTH.apply(candidate, SIZE, SIZE), gain)) {
                stored = candidate;
            }
        }
        turnedGain = dir.resolve("gain_turned.mrc");
        MrcWriter.writeImage(turnedGain, stored, SIZE, SIZE, 1);
        // Listed first: the driver's check must pass over it, and its own task records it as failed.
        Files.writeString(movies.resolve("aaa_notes.mrc"), "not a movie\n".repeat(40));
        spark = TestSessions.kryo("local[2]");
    }

    @AfterAll
    static void stop() {
        if (spark != null) {
            spark.stop();
        }
    }

    private static String run(Path out, String... flags) throws Exception {
        StringWriter text = new StringWriter();
        List<String> motionCor = new java.util.ArrayList<>(List.of("-Threads", "1", "-Gain", turnedGain.toString()));
        motionCor.addAll(List.of(flags));
        StillframeJob.Summary s = StillframeJob.execute(new StillframeJob.Options(movies.toString(), out.toString(),
                motionCor, Map.of(), 60, false), new PrintWriter(text, true));
        assertEquals(3, s.ok(), text.toString());
        assertEquals(1, s.failed(), text.toString());
        return text.toString();
    }

    private static List<String> orientations(Path out) {
        return spark.read().parquet(out.resolve("tables/movies").toString()).where("status = 'ok'")
                .select("gain_orientation").collectAsList().stream().map(r -> r.getString(0)).distinct().toList();
    }

    @Test
    void autoDecidesOnceOnTheDriverAndEveryMovieRecordsIt() throws Exception {
        Path out = dir.resolve("auto");
        String text = run(out, "-RotGain", "2", "-GainOrient", "auto");
        assertEquals(1, text.lines().filter(l -> l.contains("Warning: the gain reference looks turned")).count(),
                text);
        assertTrue(text.contains("-GainOrient auto: the gain is turned by " + TRUTH + " for every movie"), text);
        assertTrue(text.contains("corrected sum of 3 movies' first frames"), text); // the bad one passed over
        assertEquals(List.of(TRUTH.toString()), orientations(out));
    }

    @Test
    void checkKeepsTheRequestedOrientationAndSaysSo() throws Exception {
        Path out = dir.resolve("check");
        String text = run(out, "-RotGain", "2");
        assertTrue(text.contains("use " + TRUTH + " or -GainOrient auto"), text);
        assertEquals(List.of(new GainOrientation(2, 0).toString()), orientations(out));
        Row failed = spark.read().parquet(out.resolve("tables/movies").toString()).where("status = 'failed'")
                .select("gain_orientation").first();
        assertTrue(failed.isNullAt(0));
    }
}
