package org.stillframe.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stillframe.io.mrc.MrcMode;
import org.stillframe.parallel.Workers;
import org.stillframe.sim.SimulationParams;
import org.stillframe.sim.io.SimulationWriter;

/** The deploy/ wrappers: valid bash, the GPU requests each cluster needs, and a real local-mode run. */
class DeployScriptsTest {

    static final Path DEPLOY = Path.of("../deploy").toAbsolutePath().normalize();

    @TempDir
    Path dir;

    @Test
    void everyScriptIsValidBash() throws Exception {
        try (var s = Files.list(DEPLOY)) {
            for (Path f : s.filter(p -> p.toString().endsWith(".sh")).toList()) {
                Result r = run(List.of("bash", "-n", f.toString()), Map.of());
                assertEquals(0, r.status(), f + ": " + r.output());
            }
        }
    }

    @Test
    void clusterWrappersRequestOneGpuPerTaskWithTheDiscoveryScript() throws Exception {
        Path fakeSpark = Files.createDirectories(dir.resolve("spark/bin"));
        Files.writeString(fakeSpark.resolve("spark-submit"), "#!/bin/sh\nexit 0\n");
        fakeSpark.resolve("spark-submit").toFile().setExecutable(true);
        // A built jar is not needed for a dry run; stand-ins keep the wrappers from building one.
        Map<String, String> env = Map.of("SPARK_HOME", dir.resolve("spark").toString(), "DRY_RUN", "1",
                "MASTER", "spark://head:7077", "K8S_MASTER", "k8s://https://api:6443", "IMAGE", "stillframe:1");
        for (String script : List.of("submit-standalone.sh", "submit-yarn.sh", "submit-k8s.sh")) {
            Result r = run(List.of("bash", DEPLOY.resolve(script).toString(), "--movies", "hdfs:///m/*.tiff",
                    "--out", "hdfs:///out"), env);
            assertEquals(0, r.status(), script + ": " + r.output());
            String cmd = r.output();
            assertTrue(cmd.contains("spark.task.resource.gpu.amount=1"), script + ": " + cmd);
            assertTrue(cmd.contains("spark.executor.resource.gpu.amount="), script + ": " + cmd);
            assertTrue(cmd.contains("gpu-discovery.sh"), script + ": " + cmd);
            assertTrue(cmd.contains("spark.executor.extraJavaOptions=-XX:+UseTransparentHugePages")
                    && cmd.contains("spark.executorEnv.GLIBC_TUNABLES=glibc.malloc.hugetlb=1"), script + ": " + cmd);
            assertTrue(cmd.contains("org.stillframe.cli.Main") && cmd.contains(" job --movies hdfs:///m/\\*.tiff"),
                    script + ": " + cmd);
        }
        Result k8s = run(List.of("bash", DEPLOY.resolve("submit-k8s.sh").toString(), "--movies", "x", "--out", "y"),
                env);
        assertTrue(k8s.output().contains("spark.executor.resource.gpu.vendor=nvidia.com"), k8s.output());
        Result cpu = run(List.of("bash", DEPLOY.resolve("submit-yarn.sh").toString(), "--movies", "x", "--out", "y"),
                Map.of("SPARK_HOME", dir.resolve("spark").toString(), "DRY_RUN", "1", "CPU_ONLY", "1"));
        assertTrue(!cpu.output().contains("gpu") && cpu.output().contains("spark.task.cpus=4"), cpu.output());
    }

    @Test
    void theDiscoveryScriptReportsVisibleGpusInSparksFormat() throws Exception {
        Result r = run(List.of("bash", DEPLOY.resolve("gpu-discovery.sh").toString()),
                Map.of("CUDA_VISIBLE_DEVICES", "2,3"));
        assertEquals("{\"name\":\"gpu\",\"addresses\":[\"2\",\"3\"]}", r.output().strip());
    }

    @Test
    void theLocalWrapperRunsTheJobInLocalMode() throws Exception {
        Path movies = Files.createDirectories(dir.resolve("movies"));
        try (Workers w = new Workers(2)) {
            SimulationParams p = SimulationParams.defaults(256, 256, 6, 31).withDose(8).withGain(false);
            Files.move(SimulationWriter.write(p, dir.resolve("sim"), "d0", MrcMode.INT16, w).movie(),
                    movies.resolve("d0.mrc"));
        }
        Path out = dir.resolve("out");
        Result r = run(List.of("bash", DEPLOY.resolve("submit-local.sh").toString(), "--movies", movies.toString(),
                "--out", out.toString(), "--", "-Threads", "1"),
                Map.of("STILLFRAME_CLASSPATH", System.getProperty("java.class.path"), "CORES", "1"));
        assertEquals(0, r.status(), r.output());
        assertTrue(r.output().contains("QC: 1 movies, 1 ok, 0 failed"), r.output());
        assertTrue(Files.exists(out.resolve("d0.mrc")));
        assertTrue(Files.exists(out.resolve("tables/movies/_SUCCESS")));
    }

    record Result(int status, String output) {
    }

    static Result run(List<String> command, Map<String, String> env) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().remove("SPARK_HOME");
        pb.environment().putAll(env);
        Process p = pb.start();
        String output = new String(p.getInputStream().readAllBytes());
        return new Result(p.waitFor(), output);
    }
}
