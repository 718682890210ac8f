package org.stillframe.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stillframe.io.mrc.MrcMode;
import org.stillframe.io.mrc.MrcReader;
import org.stillframe.parallel.Workers;
import org.stillframe.sim.SimulationParams;
import org.stillframe.sim.io.SimulationWriter;

/** {@code motioncor -Patch}: logs, model table, split and dose-weighted sums with local correction. */
class MotionCorPatchTest {

    static final int SIZE = 1024;
    static final int FRAMES = 20;

    @TempDir
    static Path dir;
    static SimulationWriter.Files movie;

    @BeforeAll
    static void simulate() throws Exception {
        // 3 x 3 patches of 341 px at 4 e/px/frame: enough signal for the patches to align.
        SimulationParams p = SimulationParams.defaults(SIZE, SIZE, FRAMES, 31).withDose(4).withContrast(0.3)
                .withLocal(4);
        try (Workers w = new Workers(2)) {
            movie = SimulationWriter.write(p, dir, "movie", MrcMode.INT16, w);
        }
    }

    static Object[] ok(String... extra) {
        List<String> a = new java.util.ArrayList<>(List.of("motioncor", "-InMrc", movie.movie().toString(),
                "-Gain", movie.gain().toString()));
        a.addAll(List.of(extra));
        Object[] r = MotionCorCommandTest.run(a.toArray(String[]::new));
        assertEquals(0, r[0], (String) r[2]);
        return r;
    }

    static float[] image(Path file) throws Exception {
        try (MrcReader r = MrcReader.open(file)) {
            float[] img = new float[r.width() * r.height()];
            r.read(0, img);
            return img;
        }
    }

    @Test
    void patchRunWritesMotionCorLogsAModelAndConsistentSums() throws Exception {
        Path logs = dir.resolve("logs");
        Path out = dir.resolve("local/sum.mrc");
        ok("-OutMrc", out.toString(), "-Patch", "3", "3", "-LogDir", logs.toString(), "-SplitSum", "1",
                "-Kv", "300", "-PixSize", "1", "-FmDose", "4");
        assertTrue(Files.exists(logs.resolve("movie-Patch-Full.log")));
        assertFalse(Files.exists(logs.resolve("movie-Full.log")));
        List<String> rows = Files.readAllLines(logs.resolve("movie-Patch-Patch.log")).stream()
                .filter(l -> !l.isBlank() && !l.startsWith("#")).toList();
        assertEquals(9 * FRAMES, rows.size());
        for (String row : rows) {
            assertEquals(8, row.trim().split("\\s+").length, row);
        }
        assertEquals(9 * FRAMES, Files.readAllLines(logs.resolve("movie-Patch-Frame.log")).stream()
                .filter(l -> !l.isBlank() && !l.startsWith("#")).count());
        String model = Files.readString(logs.resolve("movie.model.tsv"));
        assertEquals(36, model.lines().filter(l -> l.matches("\\d+\t[xy]\t.*")).count(), model);

        // The model scored against the simulation's true field: better than the global shifts alone.
        Object[] withModel = MotionCorCommandTest.run("accuracy", movie.truthTable().toString(),
                logs.resolve("movie-Patch-Full.log").toString(), "--model", logs.resolve("movie.model.tsv").toString());
        Object[] globalOnly = MotionCorCommandTest.run("accuracy", movie.truthTable().toString(),
                logs.resolve("movie-Patch-Full.log").toString());
        double local = fieldError((String) withModel[1]);
        double global = fieldError((String) globalOnly[1]);
        assertTrue(local < 0.7 * global, "field error " + local + " with the model, " + global + " without");

        // With dose weighting the halves are dose-weighted, as in MotionCor2: they add up to _DW.
        float[] sum = image(dir.resolve("local/sum_DW.mrc"));
        float[] evn = image(dir.resolve("local/sum_EVN.mrc"));
        float[] odd = image(dir.resolve("local/sum_ODD.mrc"));
        for (int i = 0; i < sum.length; i++) {
            assertEquals(sum[i], evn[i] + odd[i], 1e-3 * Math.abs(sum[i]) + 1e-3);
        }
    }

    @Test
    void patchCountsOfOneMeanWholeFrameOnlyAsInMotionCor2() throws Exception {
        Path logs = dir.resolve("one_logs");
        ok("-OutMrc", dir.resolve("one/sum.mrc").toString(), "-Patch", "1", "1", "-LogDir", logs.toString());
        assertTrue(Files.exists(logs.resolve("movie-Full.log")));
        assertFalse(Files.exists(logs.resolve("movie-Patch-Patch.log")));
    }

    private static double fieldError(String report) {
        return report.lines().filter(l -> l.startsWith("field RMS error:")).map(l -> Double.parseDouble(
                l.substring("field RMS error:".length()).trim().split(" ")[0])).findFirst().orElseThrow();
    }
}
