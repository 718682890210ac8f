package org.stillframe.spark;

import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;

/**
 * Spark sessions for tests, each with exactly the settings the test names. {@code SparkSession.builder()
 * .getOrCreate()} hands back any session still running in the JVM with that session's settings (a test that failed
 * before its {@code stop()} leaves one), and the job's {@link StillframeJob#existingOr} reuses it too; so a test
 * first stops whatever is running, and the new session's settings are checked.
 */
public final class TestSessions {

    private TestSessions() {
    }

    /** A new local session with Kryo registration required, as the job runs. */
    public static SparkSession kryo(String master) {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("spark.serializer", "org.apache.spark.serializer.KryoSerializer");
        settings.put("spark.kryo.registrator", KryoRegistration.class.getName());
        settings.put("spark.kryo.registrationRequired", "true");
        return fresh(master, settings);
    }

    /** A new session with {@code master}, no UI, and {@code settings}; any session running before is stopped. */
    public static SparkSession fresh(String master, Map<String, String> settings) {
        stopRunning();
        SparkSession.Builder b = SparkSession.builder().master(master).appName("stillframe-test")
                .config("spark.ui.enabled", "false");
        settings.forEach(b::config);
        SparkSession spark = b.getOrCreate();
        SparkConf conf = spark.sparkContext().getConf();
        Map<String, String> wanted = new LinkedHashMap<>(settings);
        wanted.put("spark.master", master);
        for (Map.Entry<String, String> e : wanted.entrySet()) {
            String got = conf.get(e.getKey(), null);
            if (!e.getValue().equals(got)) {
                spark.stop();
                throw new IllegalStateException("the test session has " + e.getKey() + "=" + got + ", not "
                        + e.getValue() + ": a session or context started elsewhere is still running");
            }
        }
        return spark;
    }

    /** Stops the active and the default session, if any (each stops its SparkContext). */
    public static void stopRunning() {
        for (scala.Option<SparkSession> s : java.util.List.of(SparkSession.getActiveSession(),
                SparkSession.getDefaultSession())) {
            if (s.isDefined()) {
                s.get().stop();
            }
        }
        SparkSession.clearActiveSession();
        SparkSession.clearDefaultSession();
    }
}
