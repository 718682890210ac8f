package org.stillframe.spark;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.stillframe.io.Storage;
import org.stillframe.report.ReportModel;
import org.stillframe.report.Thumbnails;

/**
 * Reads what the QC report shows from a run's tables on this JVM (parquet-hadoop, as {@link Qc} does): the movies,
 * frames, patches and tilts tables, and the thumbnails the tasks left beside the outputs. Drift statistics and
 * outliers are {@link Qc}'s, so the page and {@code stillframe qc} agree.
 */
final class ReportData {

    /** Where the job records its processing flags for the report (one per line). */
    static final String FLAGS_FILE = "flags.txt";

    private ReportData() {
    }

    /** @param qc the tables' QC report when the caller has it (the job at its end), else null: read here */
    static ReportModel read(String tablesDir, String output, Qc.Report qc) throws IOException {
        if (qc == null) {
            qc = Qc.report(tablesDir);
        }
        Map<String, Qc.MovieLine> lines = new HashMap<>();
        qc.movies().forEach(m -> lines.put(m.stem(), m));
        List<Map<String, Object>> rows = TableFile.read(JobStore.child(tablesDir, "movies"), List.of("movie", "stem",
                "status", "error", "version", "options_hash", "device", "host", "width", "height", "defects_repaired",
                "hot_pixels", "wall_s", "started_ms", "finished_ms"));
        Map<String, double[][]> shifts = frames(tablesDir);
        Map<String, PatchSums> patches = patches(tablesDir);
        Path out = Storage.isLocal(output) ? Storage.localPath(output) : null;

        TreeSet<String> versions = new TreeSet<>();
        TreeSet<String> hashes = new TreeSet<>();
        TreeSet<String> devices = new TreeSet<>();
        TreeSet<String> hosts = new TreeSet<>();
        double movieSeconds = 0;
        long first = Long.MAX_VALUE;
        long last = 0;
        Map<String, Double> localMotion = new HashMap<>();
        for (Map.Entry<String, PatchSums> e : patches.entrySet()) {
            localMotion.put(e.getKey(), e.getValue().rmsPx());
        }
        double[] localValues = qc.movies().stream().filter(m -> "ok".equals(m.status())
                && localMotion.containsKey(m.stem())).mapToDouble(m -> localMotion.get(m.stem())).toArray();
        Qc.Stats localStats = Qc.stats(localValues);
        List<ReportModel.Movie> movies = new ArrayList<>();
        Map<String, Map<String, Object>> byStem = new HashMap<>();
        for (Map<String, Object> r : rows) {
            byStem.put((String) r.get("stem"), r);
            add(versions, r.get("version"));
            add(hashes, r.get("options_hash"));
            add(devices, r.get("device"));
            add(hosts, r.get("host"));
            movieSeconds += number(r.get("wall_s"));
            if (r.get("started_ms") != null) {
                first = Math.min(first, (Long) r.get("started_ms"));
            }
            if (r.get("finished_ms") != null) {
                last = Math.max(last, (Long) r.get("finished_ms"));
            }
        }
        for (Qc.MovieLine m : qc.movies()) { // Qc's order: by stem
            Map<String, Object> r = byStem.getOrDefault(m.stem(), Map.of());
            Double local = localMotion.get(m.stem());
            boolean localOut = m.status().equals("ok") && local != null && local > localStats.fence();
            String outlier = m.outlier() ? (localOut ? "drift, local" : "drift") : localOut ? "local" : "";
            double[][] xy = shifts.getOrDefault(m.stem(), new double[2][0]);
            PatchSums p = patches.get(m.stem());
            movies.add(new ReportModel.Movie(m.stem(), m.movie(), m.status(), m.error(), m.total(), m.early(),
                    m.late(), local, (int) number(r.get("defects_repaired")), (int) number(r.get("hot_pixels")),
                    number(r.get("wall_s")), (String) r.get("device"), (String) r.get("host"), outlier, xy[0], xy[1],
                    p == null ? null : p.vectors((int) number(r.get("width")), (int) number(r.get("height"))),
                    existing(out == null ? null : Thumbnails.sumFile(out, m.stem())),
                    existing(out == null ? null : Thumbnails.spectrumFile(out, m.stem())),
                    existing(out == null ? null : out.resolve("Particles").resolve(m.stem() + "_trajectories.png"))));
        }
        String unit = qc.movies().stream().filter(m -> m.total() != null).map(Qc.MovieLine::unit).findFirst()
                .orElse("px");
        List<ReportModel.Distribution> dists = new ArrayList<>();
        dists.add(dist("drift_total", "total drift (" + unit + ")", qc, Qc.MovieLine::total, qc.total()));
        dists.add(dist("drift_early", "early drift (" + unit + ")", qc, Qc.MovieLine::early, qc.early()));
        dists.add(dist("drift_late", "late drift (" + unit + ")", qc, Qc.MovieLine::late, qc.late()));
        if (localValues.length > 0) {
            dists.add(new ReportModel.Distribution("local_motion", "local motion (px, RMS)", localValues,
                    localStats.q1(), localStats.median(), localStats.q3(), localStats.fence()));
        }
        List<String> flags = flags(output);
        return new ReportModel(output, Instant.now().toString(), qc.ok(), qc.failed(), List.copyOf(versions),
                List.copyOf(hashes), flags, List.copyOf(devices), List.copyOf(hosts), movieSeconds,
                last > first ? (last - first) / 1000.0 : 0, unit, dists, movies, tilts(tablesDir));
    }

    private static ReportModel.Distribution dist(String key, String label, Qc.Report qc,
                                                 java.util.function.Function<Qc.MovieLine, Double> column,
                                                 Qc.Stats s) {
        double[] v = qc.movies().stream().filter(m -> "ok".equals(m.status()) && m.total() != null).map(column)
                .filter(java.util.Objects::nonNull).mapToDouble(Double::doubleValue).toArray();
        return new ReportModel.Distribution(key, label, v, s.q1(), s.median(), s.q3(), s.fence());
    }

    /** Per stem, the frames' global shifts {x[], y[]} in frame order. */
    private static Map<String, double[][]> frames(String tablesDir) throws IOException {
        Map<String, TreeMap<Integer, double[]>> byStem = new HashMap<>();
        TableFile.forEach(JobStore.child(tablesDir, "frames"), List.of("stem", "frame", "shift_x_px", "shift_y_px"),
                r -> byStem.computeIfAbsent((String) r.get("stem"), k -> new TreeMap<>()).put((Integer) r.get("frame"),
                        new double[] {number(r.get("shift_x_px")), number(r.get("shift_y_px"))}));
        Map<String, double[][]> out = new HashMap<>();
        byStem.forEach((stem, f) -> {
            double[][] xy = new double[2][f.size()];
            int i = 0;
            for (double[] s : f.values()) {
                xy[0][i] = s[0];
                xy[1][i++] = s[1];
            }
            out.put(stem, xy);
        });
        return out;
    }

    /** A movie's patches as read: per patch its centre, its shifts at the first and last frame, and the RMS sums. */
    private static final class PatchSums {
        final Map<Integer, double[]> patch = new TreeMap<>(); // {cx, cy, firstFrame, x0, y0, lastFrame, x1, y1, rej}
        double squares;
        long count;

        double rmsPx() {
            return count == 0 ? 0 : Math.sqrt(squares / count);
        }

        ReportModel.Patches vectors(int width, int height) {
            int n = patch.size();
            double[] cx = new double[n];
            double[] cy = new double[n];
            double[] dx = new double[n];
            double[] dy = new double[n];
            boolean[] rejected = new boolean[n];
            int i = 0;
            for (double[] p : patch.values()) {
                cx[i] = p[0];
                cy[i] = p[1];
                dx[i] = p[6] - p[3];
                dy[i] = p[7] - p[4];
                rejected[i++] = p[8] != 0;
            }
            return new ReportModel.Patches(cx, cy, dx, dy, rejected, width, height);
        }
    }

    private static Map<String, PatchSums> patches(String tablesDir) throws IOException {
        Map<String, PatchSums> out = new HashMap<>();
        String dir = JobStore.child(tablesDir, "patches");
        if (!JobStore.exists(dir)) {
            return out;
        }
        TableFile.forEach(dir, List.of("stem", "patch", "centre_x_px", "centre_y_px", "frame", "shift_x_px",
                "shift_y_px", "rejected"), r -> {
            PatchSums s = out.computeIfAbsent((String) r.get("stem"), k -> new PatchSums());
            int frame = (Integer) r.get("frame");
            double x = number(r.get("shift_x_px"));
            double y = number(r.get("shift_y_px"));
            boolean rejected = Boolean.TRUE.equals(r.get("rejected"));
            double[] p = s.patch.computeIfAbsent((Integer) r.get("patch"), k -> new double[] {
                number(r.get("centre_x_px")), number(r.get("centre_y_px")), Integer.MAX_VALUE, 0, 0,
                Integer.MIN_VALUE, 0, 0, rejected ? 1 : 0});
            if (frame < p[2]) {
                p[2] = frame;
                p[3] = x;
                p[4] = y;
            }
            if (frame > p[5]) {
                p[5] = frame;
                p[6] = x;
                p[7] = y;
            }
            if (!rejected && Double.isFinite(x) && Double.isFinite(y)) {
                s.squares += x * x + y * y;
                s.count++;
            }
        });
        out.values().removeIf(s -> s.count == 0);
        return out;
    }

    private static List<ReportModel.TiltSeries> tilts(String tablesDir) throws IOException {
        String dir = JobStore.child(tablesDir, "tilts");
        if (!JobStore.exists(dir)) {
            return List.of();
        }
        Map<String, List<ReportModel.Tilt>> bySeries = new TreeMap<>();
        for (Map<String, Object> r : TableFile.read(dir, List.of("series", "tilt_angle", "acquisition_order",
                "pre_exposure", "stem", "status", "error"))) {
            bySeries.computeIfAbsent((String) r.get("series"), k -> new ArrayList<>()).add(new ReportModel.Tilt(
                    number(r.get("tilt_angle")), (int) number(r.get("acquisition_order")),
                    number(r.get("pre_exposure")), (String) r.get("stem"), (String) r.get("status"),
                    (String) r.get("error")));
        }
        List<ReportModel.TiltSeries> series = new ArrayList<>();
        bySeries.forEach((name, t) -> {
            List<ReportModel.Tilt> sorted = new ArrayList<>(t);
            sorted.sort(Comparator.comparingDouble(ReportModel.Tilt::angle));
            series.add(new ReportModel.TiltSeries(name, List.copyOf(sorted)));
        });
        return series;
    }

    /** The job's flags as it recorded them under _stillframe/ (empty when it did not). */
    private static List<String> flags(String output) {
        if (!Storage.isLocal(output)) {
            return List.of();
        }
        Path f = Storage.localPath(output).resolve("_stillframe").resolve(FLAGS_FILE);
        try {
            return Files.exists(f) ? Files.readAllLines(f, StandardCharsets.UTF_8) : List.of();
        } catch (IOException e) {
            return List.of();
        }
    }

    private static Path existing(Path p) {
        return p != null && Files.isRegularFile(p) ? p : null;
    }

    private static void add(TreeSet<String> set, Object v) {
        if (v instanceof String s && !s.isEmpty()) {
            set.add(s);
        }
    }

    private static double number(Object v) {
        return v instanceof Number n ? n.doubleValue() : Double.NaN;
    }
}
