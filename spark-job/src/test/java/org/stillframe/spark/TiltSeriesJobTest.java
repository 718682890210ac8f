package org.stillframe.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stillframe.io.mrc.MrcMode;
import org.stillframe.io.mrc.MrcReader;
import org.stillframe.parallel.Workers;
import org.stillframe.sim.SimulationParams;
import org.stillframe.sim.io.SimulationWriter;

/** Tilt series through the Spark job: tilts as tasks, the stack assembled after, a tilts table; a missing tilt. */
class TiltSeriesJobTest {

    @TempDir
    Path dir;

    @Test
    void tiltsAreTasksAndTheSeriesIsStackedWhenAllAreDone() throws Exception {
        double[] angles = {0, 3, -3, -6, 6, 9, -9};
        Path frames = Files.createDirectories(dir.resolve("frames"));
        StringBuilder mdoc = new StringBuilder("PixelSpacing = 1\n\n");
        try (Workers w = new Workers(2)) {
            for (int z = 0; z < angles.length; z++) {
                SimulationParams p = SimulationParams.defaults(256, 256, 6, 700 + z).withDose(8).withContrast(0.4)
                        .withGain(false).withDrift(5);
                SimulationWriter.Files f = SimulationWriter.write(p, dir.resolve("sim"), "ts_" + z, MrcMode.INT16, w);
                if (z != 5) { // tilt 5's movie is missing: it must fail alone
                    Files.move(f.movie(), frames.resolve("ts_" + z + ".mrc"));
                }
                mdoc.append(String.format(Locale.ROOT, "[ZValue = %d]\nTiltAngle = %.1f\nExposureDose = 48\n"
                        + "SubFramePath = D:\\\\frames\\\\ts_%d.mrc\nNumSubFrames = 6\nDateTime = 25-Nov-26  11:%02d:00\n\n",
                        z, angles[z], z, z));
            }
        }
        Files.writeString(frames.resolve("ts.mrc.mdoc"), mdoc.toString());
        SparkSession spark = TestSessions.kryo("local[2]");
        try {
            Path out = dir.resolve("out");
            StillframeJob.Summary s = StillframeJob.execute(new StillframeJob.Options(frames.toString(), out.toString(),
                    List.of("-Threads", "1"), Map.of(), 60, false, true, Double.NaN), new PrintWriter(new StringWriter()));
            assertEquals(6, s.ok());
            assertEquals(1, s.failed());
            try (MrcReader st = MrcReader.open(out.resolve("ts.st"))) {
                assertEquals(6, st.frameCount());
            }
            assertEquals(List.of("-9.00", "-6.00", "-3.00", "0.00", "3.00", "6.00"),
                    Files.readAllLines(out.resolve("ts.tlt")));
            List<Row> rows = spark.read().parquet(out.resolve("tables/tilts").toString()).orderBy("z_value")
                    .collectAsList();
            assertEquals(7, rows.size());
            for (Row r : rows) {
                int z = r.getInt(1);
                assertEquals(48.0 * z, r.getDouble(4), 1e-9); // acquired in z order, 48 e/A^2 each
                assertEquals(z == 5 ? "failed" : "ok", r.getString(8));
                if (z == 5) {
                    assertEquals(-1, r.getInt(7)); // not in the stack
                } else {
                    assertTrue(r.getInt(7) >= 0 && r.getInt(7) < 6, "stack index " + r.getInt(7));
                }
            }
            assertTrue(rows.get(5).getString(9).contains("no such file"), rows.get(5).getString(9));
        } finally {
            spark.stop();
        }
    }
}
