package org.stillframe.options;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The settings built once on the driver: shipped to executors whole, a movie's own values applied over them. */
class MotionCorSettingsTest {

    private static MotionCorSettings settings(String... flags) throws UsageException {
        return SettingsFromFlags.settings(MotionCorArgs.parse(flags));
    }

    @Test
    void travelsWithItsPathsAndEngineOptions() throws Exception {
        MotionCorSettings s = settings("-Gain", "/data/gain.mrc", "-LogDir", "logs", "-Patch", "5", "5", "-Kv", "300",
                "-Mag", "1.02", "0.98", "30");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(s);
        }
        MotionCorSettings back;
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            back = (MotionCorSettings) in.readObject();
        }
        assertEquals("/data/gain.mrc", back.gain());
        assertEquals(Path.of("logs"), back.logDir());
        assertNull(back.dark());
        assertEquals(s.correction(), back.correction());
        assertEquals(s.mag(), back.mag());
        assertEquals(300, back.voltageKv());
        assertArrayEquals(s.sumRange(), back.sumRange());
    }

    @Test
    void defaultsComeFromReferenceConf() throws Exception {
        MotionCorSettings s = settings();
        assertArrayEquals(new double[] {3, 25}, s.sumRange());
        assertEquals(2.7, s.csMm());
        assertEquals(0.1, s.ampContrast());
    }

    @Test
    void tiltsWriteNoDwsSumUnlessAsked() throws Exception {
        assertArrayEquals(new double[] {0, 0}, SettingsFromFlags.tiltSettings(MotionCorArgs.parse(new String[0]))
                .sumRange());
        assertArrayEquals(new double[] {2, 20}, SettingsFromFlags.tiltSettings(MotionCorArgs.parse(
                new String[] {"-SumRange", "2", "20"})).sumRange());
    }

    @Test
    void aMoviesOwnValuesGoOverTheJobsUnlessItsFlagsSetThem() throws Exception {
        MotionCorArgs job = MotionCorArgs.parse(new String[] {"-Kv", "200"});
        MotionCorSettings s = SettingsFromFlags.settings(job);
        PerMovie movie = new PerMovie(0.8, 300.0, "/data/g.mrc", 12.5, 1.5, true).without(job);
        MotionCorSettings m = s.withPerMovie(movie);
        assertEquals(0.8, m.pixelSizeA());
        assertEquals(200, m.voltageKv());
        assertEquals("/data/g.mrc", m.gain());
        assertEquals(12.5, m.initDose());
        assertEquals(1.5, m.dosePerFrame());
        assertTrue(m.splitSum());
        assertTrue(m.doseWeighting());
    }

    @Test
    void aMoviesValuesAreCheckedAsItsFlagsWouldBe() throws Exception {
        MotionCorSettings s = settings();
        UsageException e = assertThrows(UsageException.class,
                () -> s.withPerMovie(new PerMovie(Double.NaN, null, null, null, null, null)));
        assertEquals("-PixSize must be positive, got NaN", e.getMessage());
        assertThrows(UsageException.class, () -> s.withPerMovie(new PerMovie(null, null, null, null, 0.0, null)));
    }
}
