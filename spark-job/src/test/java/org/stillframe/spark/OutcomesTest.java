package org.stillframe.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The outcomes the finishing steps get are the same whether read on the driver or through Spark: only the dataset's
 * movies (an outcome of a movie no longer listed is left out), unreadable files skipped, in stem order.
 */
class OutcomesTest {

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

    private static MovieOutcome failed(String stem) {
        return MovieOutcome.failed(new MovieEntry("/data/" + stem + ".mrc", stem, 10, 1), "hash", "1.0", "cpu", "host",
                "/data/" + stem + ".mrc: truncated", 0.5);
    }

    @Test
    void driverAndSparkReadTheSameOutcomesOfTheDatasetOnly() throws IOException {
        Path folder = Files.createDirectories(dir.resolve("outcomes"));
        for (String stem : List.of("m3", "m1", "gone", "m2")) {
            Files.write(folder.resolve(stem + ".outcome"), MovieRunner.serialize(failed(stem)));
        }
        Files.write(folder.resolve("m4.outcome"), new byte[] {1, 2, 3}); // damaged: the movie is redone, not read
        Set<String> dataset = Set.of("m1", "m2", "m3", "m4");
        var jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        try (Outcomes outcomes = new Outcomes(jsc, folder.toString(), dataset)) {
            assertTrue(outcomes.onDriver());
            List<String> stems = outcomes.list().stream().map(MovieOutcome::stem).toList();
            assertEquals(List.of("m1", "m2", "m3"), stems);
            assertEquals(Set.copyOf(stems), Set.copyOf(outcomes.rdd().map(MovieOutcome::stem).collect()));
            assertEquals(List.of(), outcomes.ok());
        }
    }
}
