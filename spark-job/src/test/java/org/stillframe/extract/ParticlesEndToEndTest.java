package org.stillframe.extract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stillframe.cli.Main;
import org.stillframe.io.mrc.MrcMode;
import org.stillframe.io.mrc.MrcReader;
import org.stillframe.io.star.StarFile;
import org.stillframe.parallel.Workers;
import org.stillframe.quality.Frc;
import org.stillframe.sim.MovieSimulator;
import org.stillframe.sim.SimulationParams;
import org.stillframe.sim.io.SimulationWriter;

/**
 * {@code stillframe particles local} and {@code job --particles} on two simulated movies whose particles move on
 * their own: files, STAR, trajectories against the truth through every file format, float16, bad input.
 */
class ParticlesEndToEndTest {

    @TempDir
    static Path dir;
    static Path movies;
    static Path picks;
    static final int FRAMES = 20;

    static SimulationParams params(int m) {
        return SimulationParams.defaults(768, 768, FRAMES, 40 + m).withPixelSize(2).withDose(3)
                .withContrast(0.15).withLocal(2).withGain(false).withParticleMotion(3);
    }

    @BeforeAll
    static void simulate() throws Exception {
        movies = Files.createDirectories(dir.resolve("movies"));
        List<String> rows = new ArrayList<>();
        try (Workers w = new Workers(2)) {
            for (int m = 1; m <= 2; m++) {
                SimulationWriter.write(params(m), movies, "m" + m, MrcMode.INT16, w);
                for (String line : Files.readAllLines(movies.resolve("m" + m + "_particles.star"))) {
                    if (line.strip().startsWith("m" + m + ".mrc")) {
                        rows.add(line);
                    }
                }
            }
        }
        picks = dir.resolve("picks.star");
        Files.writeString(picks, "data_particles\nloop_\n_rlnMicrographName\n_rlnCoordinateX\n_rlnCoordinateY\n"
                + String.join("\n", rows) + "\n");
    }

    static Object[] run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = Main.execute(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Object[] {status, out.toString(), err.toString()};
    }

    static Object[] local(Path out, String... extra) {
        List<String> a = new ArrayList<>(List.of("particles", "local", "--movies", movies.resolve("m?.mrc").toString(),
                "--picks", picks.toString(), "--out", out.toString(), "--box", "96", "--diameter", "150",
                "--threads", "2"));
        a.addAll(List.of(extra));
        a.addAll(List.of("--", "-PixSize", "2", "-Kv", "300", "-FmDose", "3"));
        return run(a.toArray(String[]::new));
    }

    @Test
    void writesStacksStarTrajectoriesAndPlotsThatFollowTheTruth() throws Exception {
        Path out = dir.resolve("local");
        Object[] r = local(out, "--plots", "1");
        assertEquals(0, r[0], (String) r[2]);
        StarFile star = StarFile.parse(Files.readString(out.resolve("particles.star")), "particles.star");
        StarFile.Block particles = star.blocks().get("particles");
        StarFile.Block optics = star.blocks().get("optics");
        assertEquals("96", optics.rows().get(0)[optics.column("_rlnImageSize")]);
        assertEquals(2.0, Double.parseDouble(optics.rows().get(0)[optics.column("_rlnImagePixelSize")]), 1e-9);
        int image = particles.column("_rlnImageName");
        Map<String, Integer> perStack = new HashMap<>();
        for (String[] row : particles.rows()) {
            String[] ref = row[image].split("@");
            perStack.merge(ref[1], 1, Integer::sum);
            assertEquals(perStack.get(ref[1]), Integer.parseInt(ref[0]), "images numbered in pick order");
        }
        int total = 0;
        for (Map.Entry<String, Integer> e : perStack.entrySet()) {
            try (MrcReader stack = MrcReader.open(out.resolve(e.getKey()))) {
                assertEquals(e.getValue(), stack.frameCount());
                assertEquals(96, stack.width());
                assertEquals(MrcMode.FLOAT32, stack.header().mode());
            }
            total += e.getValue();
        }
        assertEquals(particles.rows().size(), total);
        assertTrue(Files.exists(out.resolve("Particles/m1_trajectories.png")), "plot of the first movie");
        assertFalse(Files.exists(out.resolve("Particles/m2_trajectories.png")), "--plots 1: only the first movie");

        // Through the files, computed here from the two tables (not by ParticleAccuracy): the trajectories of the
        // larger particles against the truth, and against the patch motion alone.
        Path truthTable = movies.resolve("m1_particles_truth.tsv");
        Path found = out.resolve("Particles/m1_trajectories.tsv");
        double[] large = rmsErrors(truthTable, found, 25);
        System.out.printf(java.util.Locale.ROOT, "end to end: RMS %.3f px (patch motion alone %.3f px) over %d"
                + " particles%n", large[0], large[1], (int) large[2]);
        assertTrue(large[2] >= 5, "large particles picked: " + large[2]);
        assertTrue(large[0] < 0.7 * large[1], "tracked " + large[0] + " px, patch motion alone " + large[1] + " px");
        r = run("particles", "accuracy", truthTable.toString(), found.toString());
        assertEquals(0, r[0], (String) r[2]);
        double[] all = rmsErrors(truthTable, found, 0);
        String line = ((String) r[1]).lines().filter(l -> l.startsWith("all\t")).findFirst().orElseThrow();
        String[] v = line.split("\t");
        assertEquals((int) all[2], Integer.parseInt(v[1]), line);
        assertEquals(all[0], Double.parseDouble(v[3]), 0.0005, "RMS px: " + line);
        assertEquals(all[1], Double.parseDouble(v[5]), 0.0005, "movie motion alone: " + line);
    }

    /**
     * From a simulation's per-particle truth and a trajectory table, matched by particle and frame (columns found
     * by their header names): {RMS of shift − true shift, RMS of (shift − residual) − true shift, particles} over
     * the particles of simulated radius ≥ {@code minRadius}. The truth is relative to frame 1, the trajectories to
     * the micrograph's frame, the central one by default (frame 11 of 20): the truth is taken relative to it.
     */
    static double[] rmsErrors(Path truth, Path trajectories, double minRadius) throws java.io.IOException {
        int reference = FRAMES / 2 + 1;
        assertTrue(Files.readAllLines(trajectories).contains("# reference frame: " + reference),
                "the table names its reference frame, " + reference);
        Map<String, double[]> want = new HashMap<>();
        List<String[]> t = tsv(truth);
        List<String> th = List.of(t.get(0));
        for (String[] row : t.subList(1, t.size())) {
            if (Double.parseDouble(row[th.indexOf("radius_px")]) >= minRadius) {
                want.put(row[th.indexOf("particle")] + "/" + row[th.indexOf("frame")],
                        new double[] {Double.parseDouble(row[th.indexOf("shift_x_px")]),
                            Double.parseDouble(row[th.indexOf("shift_y_px")])});
            }
        }
        Map<String, double[]> relative = new HashMap<>();
        for (Map.Entry<String, double[]> e : want.entrySet()) {
            double[] at = want.get(e.getKey().split("/")[0] + "/" + reference);
            relative.put(e.getKey(), new double[] {e.getValue()[0] - at[0], e.getValue()[1] - at[1]});
        }
        want = relative;
        List<String[]> g = tsv(trajectories);
        List<String> gh = List.of(g.get(0));
        double total = 0;
        double movieOnly = 0;
        int n = 0;
        java.util.Set<String> particles = new java.util.HashSet<>();
        for (String[] row : g.subList(1, g.size())) {
            double[] w = want.get(row[gh.indexOf("particle")] + "/" + row[gh.indexOf("frame")]);
            if (w == null) {
                continue;
            }
            double sx = Double.parseDouble(row[gh.indexOf("shift_x_px")]);
            double sy = Double.parseDouble(row[gh.indexOf("shift_y_px")]);
            double mx = sx - Double.parseDouble(row[gh.indexOf("residual_x_px")]);
            double my = sy - Double.parseDouble(row[gh.indexOf("residual_y_px")]);
            total += (sx - w[0]) * (sx - w[0]) + (sy - w[1]) * (sy - w[1]);
            movieOnly += (mx - w[0]) * (mx - w[0]) + (my - w[1]) * (my - w[1]);
            particles.add(row[gh.indexOf("particle")]);
            n++;
        }
        assertTrue(n > 0, "no particle-frame of " + trajectories + " is in " + truth);
        return new double[] {Math.sqrt(total / n), Math.sqrt(movieOnly / n), particles.size()};
    }

    /** The header row, then the data rows, of a tab-separated table with # comments. */
    static List<String[]> tsv(Path file) throws java.io.IOException {
        return Files.readAllLines(file).stream().filter(l -> !l.startsWith("#") && !l.isBlank())
                .map(l -> l.split("\t")).toList();
    }

    @Test
    void float16HalvesTheStacksAndKeepsTheirFrc() throws Exception {
        Path a = dir.resolve("f32");
        Path b = dir.resolve("f16");
        assertEquals(0, local(a, "--no-invert", "--plots", "0")[0]);
        assertEquals(0, local(b, "--no-invert", "--plots", "0", "--float16")[0]);
        Path sa = a.resolve("Particles/m1_particles.mrcs");
        Path sb = b.resolve("Particles/m1_particles.mrcs");
        assertEquals(Files.size(sa) - 1024, 2 * (Files.size(sb) - 1024), "half the data bytes");
        // The noise-free image registered as the micrograph the picks were made on (the central frame, -FmRef's
        // default): the particles are where the picks and the extracted boxes have them.
        float[] truth = new MovieSimulator(params(1)).noiseFree(FRAMES / 2);
        StarFile star = StarFile.parse(Files.readString(a.resolve("particles.star")), "particles.star");
        StarFile.Block p = star.blocks().get("particles");
        double frcA = 0;
        double frcB = 0;
        try (MrcReader ra = MrcReader.open(sa); MrcReader rb = MrcReader.open(sb)) {
            assertEquals(MrcMode.FLOAT16, rb.header().mode());
            float[] ia = new float[96 * 96];
            float[] ib = new float[96 * 96];
            int k = 0;
            for (String[] row : p.rows()) {
                if (!row[0].equals("m1.mrc")) {
                    continue;
                }
                double x = Double.parseDouble(row[1]);
                double y = Double.parseDouble(row[2]);
                if (x < 48 || y < 48 || x > 768 - 49 || y > 768 - 49) {
                    k++;
                    continue;
                }
                ra.read(k, ia);
                rb.read(k, ib);
                float[] t = cut(truth, 768, x, y);
                frcA += mean(Frc.compute(ia, t, 96, 96, 12));
                frcB += mean(Frc.compute(ib, t, 96, 96, 12));
                k++;
            }
        }
        System.out.printf(java.util.Locale.ROOT, "FRC float32 %.5f, float16 %.5f%n", frcA, frcB);
        assertTrue(frcA > 0, "particles correlate with the truth");
        assertTrue(Math.abs(frcB - frcA) < 0.005 * Math.abs(frcA), "float16 changes the FRC by < 0.5 %");
    }

    @Test
    void badInputGivesOneLineAndNoParticlesStar() throws Exception {
        Path out = dir.resolve("bad");
        Path nowhere = dir.resolve("nowhere.star");
        Object[] r = run("particles", "local", "--movies", movies.resolve("m?.mrc").toString(), "--picks",
                nowhere.toString(), "--out", out.toString(), "--box", "96");
        assertEquals(2, r[0]);
        assertTrue(((String) r[2]).contains("nowhere.star") && ((String) r[2]).strip().lines().count() == 1,
                (String) r[2]);
        Path other = dir.resolve("other.csv");
        Files.writeString(other, "micrograph,x,y\nsomeone_else.mrc,100,100\n");
        r = run("particles", "local", "--movies", movies.resolve("m?.mrc").toString(), "--picks", other.toString(),
                "--out", out.toString(), "--box", "96");
        assertEquals(2, r[0]);
        assertTrue(((String) r[2]).contains("names match"), (String) r[2]);
        Path headless = dir.resolve("headless.csv");
        Files.writeString(headless, "m1.mrc,100,100\n");
        r = run("particles", "local", "--movies", movies.resolve("m?.mrc").toString(), "--picks",
                headless.toString(), "--out", out.toString(), "--box", "96");
        assertEquals(2, r[0]);
        assertTrue(((String) r[2]).contains("header"), (String) r[2]);
        r = run("particles", "local", "--movies", movies.resolve("m?.mrc").toString(), "--picks", picks.toString(),
                "--out", out.toString());
        assertEquals(2, r[0]);
        assertTrue(((String) r[2]).contains("--diameter"), (String) r[2]);
        assertFalse(Files.exists(out.resolve("particles.star")));
    }

    @Test
    void theSparkJobRunsTheSameStepAndWritesTheParticlesTable() throws Exception {
        Path out = dir.resolve("job");
        Object[] r = run("job", "--movies", movies.resolve("m?.mrc").toString(), "--out", out.toString(),
                "--master", "local[2]", "--particles", picks.toString(), "--box", "96", "--diameter", "150",
                "--plots", "1", "--", "-PixSize", "2", "-Kv", "300", "-FmDose", "3", "-Patch", "5", "5");
        assertEquals(0, r[0], r[1] + "\n" + r[2]);
        StarFile star = StarFile.parse(Files.readString(out.resolve("particles.star")), "particles.star");
        int picked = star.blocks().get("particles").rows().size();
        assertTrue(Files.exists(out.resolve("Particles/m1_particles.mrcs")));
        SparkSession spark = org.stillframe.spark.TestSessions.fresh("local[1]", java.util.Map.of());
        try {
            List<Row> counts = spark.read().parquet(out.resolve("tables/particles").toString())
                    .groupBy("stem").count().collectAsList();
            long rows = counts.stream().mapToLong(x -> x.getLong(1)).sum();
            assertEquals((long) picked * FRAMES, rows);
            assertEquals(2, counts.size());
        } finally {
            spark.stop();
        }
    }

    private static float[] cut(float[] image, int width, double x, double y) {
        float[] out = new float[96 * 96];
        int x0 = (int) Math.round(x) - 48;
        int y0 = (int) Math.round(y) - 48;
        for (int r = 0; r < 96; r++) {
            System.arraycopy(image, (y0 + r) * width + x0, out, r * 96, 96);
        }
        return out;
    }

    private static double mean(double[] v) {
        double s = 0;
        for (int i = 1; i < v.length; i++) {
            s += v[i];
        }
        return s / (v.length - 1);
    }
}
