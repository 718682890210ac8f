package org.stillframe.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stillframe.io.mrc.MrcMode;
import org.stillframe.parallel.Workers;
import org.stillframe.sim.SimulationParams;
import org.stillframe.sim.io.SimulationWriter;

/**
 * GPU binding through Spark resource scheduling, with real task resources: a local-cluster (a worker and an
 * executor in their own JVMs) whose GPUs come from the project's discovery script, told by
 * CUDA_VISIBLE_DEVICES that there are two; each task must take the address Spark assigned it.
 */
class GpuBindingTest {

    @TempDir
    Path dir;

    @Test
    void eachTaskUsesTheGpuSparkAssignedIt() throws Exception {
        Path movies = Files.createDirectories(dir.resolve("movies"));
        try (Workers w = new Workers(2)) {
            for (int m = 0; m < 4; m++) {
                SimulationParams p = SimulationParams.defaults(256, 256, 6, 900 + m).withDose(8).withGain(false);
                SimulationWriter.Files f = SimulationWriter.write(p, dir.resolve("sim"), "g" + m, MrcMode.INT16, w);
                Files.move(f.movie(), movies.resolve("g" + m + ".mrc"));
            }
        }
        // A fake discovery script: the real one with two GPUs made visible.
        Path script = dir.resolve("gpus.sh");
        Files.writeString(script, "#!/usr/bin/env bash\nCUDA_VISIBLE_DEVICES=0,1 exec bash "
                + Path.of("../deploy/gpu-discovery.sh").toAbsolutePath().normalize() + "\n");
        script.toFile().setExecutable(true);
        String opens = System.getProperty("spark.java.opens", "");
        TestSessions.stopRunning(); // else getOrCreate would hand back a running session without these settings
        SparkSession spark = SparkSession.builder().master("local-cluster[1,2,1024]").appName("gpu-binding")
                .config("spark.ui.enabled", "false")
                .config("spark.executor.extraClassPath", System.getProperty("java.class.path"))
                .config("spark.executor.extraJavaOptions", opens)
                // Without a Spark distribution (SPARK_HOME/jars) the worker builds the executor's class path from
                // extraClassPath alone when told the Scala version and that this is a test.
                .config("spark.executorEnv.SPARK_SCALA_VERSION", "2.13")
                .config("spark.executorEnv.SPARK_TESTING", "1")
                .config("spark.worker.resource.gpu.amount", "2")
                .config("spark.worker.resource.gpu.discoveryScript", script.toString())
                .config("spark.executor.resource.gpu.amount", "2")
                .config("spark.executor.resource.gpu.discoveryScript", script.toString())
                .config("spark.task.resource.gpu.amount", "1")
                .config("spark.serializer", "org.apache.spark.serializer.KryoSerializer")
                .config("spark.kryo.registrator", KryoRegistration.class.getName())
                .config("spark.kryo.registrationRequired", "true")
                .getOrCreate();
        try {
            StillframeJob.Summary s = StillframeJob.execute(new StillframeJob.Options(movies.toString(),
                    dir.resolve("out").toString(), List.of("-Threads", "1"), Map.of(), 60, true),
                    new PrintWriter(new StringWriter(), true));
            assertEquals(4, s.ok());
            Set<String> devices = new HashSet<>();
            for (Row r : spark.read().parquet(dir.resolve("out/tables/movies").toString()).select("device")
                    .collectAsList()) {
                devices.add(r.getString(0));
            }
            assertTrue(Set.of("gpu:0", "gpu:1").containsAll(devices) && !devices.isEmpty(), devices.toString());
            System.out.println("devices used: " + devices);
        } finally {
            spark.stop();
        }
    }
}
