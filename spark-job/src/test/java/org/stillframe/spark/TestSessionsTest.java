package org.stillframe.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.Map;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

/** A session an earlier test left running does not lend its settings to the next test's session. */
class TestSessionsTest {

    @Test
    void aSessionLeftRunningIsReplacedByOneWithExactlyTheNewSettings() {
        // What a test that failed before its stop() leaves behind.
        SparkSession.builder().master("local[1]").appName("left-behind").config("spark.ui.enabled", "false")
                .config("spark.sql.shuffle.partitions", "3").config("stillframe.test.leftover", "yes")
                .getOrCreate();
        SparkSession spark = TestSessions.kryo("local[2]");
        try {
            assertEquals("local[2]", spark.sparkContext().master());
            assertEquals("true", spark.conf().get("spark.kryo.registrationRequired"));
            assertFalse(spark.sparkContext().getConf().contains("stillframe.test.leftover"));
            assertEquals("200", spark.conf().get("spark.sql.shuffle.partitions"));
        } finally {
            spark.stop();
        }
    }

    @Test
    void theJobReusesTheTestsSession() {
        SparkSession spark = TestSessions.fresh("local[1]", Map.of("stillframe.test.mark", "this test's"));
        try {
            SparkSession used = StillframeJob.session(new StillframeJob.Options("m", "o", java.util.List.of(),
                    Map.of(), 60, false));
            assertEquals("this test's", used.sparkContext().getConf().get("stillframe.test.mark"));
        } finally {
            spark.stop();
        }
    }
}
