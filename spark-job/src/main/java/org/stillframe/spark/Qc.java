package org.stillframe.spark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.stillframe.movie.MovieStatus;

/**
 * Quality control over a run's movies table: movies ok / failed (with the errors), drift
 * statistics over the ok movies, and outliers — movies whose total or late drift lies beyond the upper
 * "far out" fence, Q3 + 3·IQR, of the dataset (Tukey), which is where beam-induced motion went wrong (charging,
 * a broken support film, stage drift) rather than the usual spread.
 */
public final class Qc {

    /** One movie's line in the report. */
    public record MovieLine(String movie, String stem, String status, String error, Double total, Double early,
                            Double late, String unit, boolean outlier) {
    }

    /** Statistics of one drift column over the ok movies. */
    public record Stats(double mean, double median, double q1, double q3, double p90, double max, double fence) {
    }

    public record Report(long ok, long failed, Stats total, Stats early, Stats late, List<MovieLine> movies) {

        public List<MovieLine> outliers() {
            return movies.stream().filter(MovieLine::outlier).toList();
        }
    }

    private Qc() {
    }

    /**
     * The report of the movies table under {@code tablesDir}, read on the driver with parquet-hadoop (one row per
     * movie, so it fits there) and the statistics computed here ({@link #report(List)}): the Spark SQL version
     * (a read and six aggregation jobs) cost ~1 s at the end of every job, more when it was the JVM's first query.
     */
    public static Report report(String tablesDir) {
        List<MovieDrift> rows = new ArrayList<>();
        try {
            for (Map<String, Object> r : TableFile.read(JobStore.child(tablesDir, "movies"), List.of("movie", "stem",
                    "status", "error", "drift_total", "drift_early", "drift_late", "drift_unit"))) {
                rows.add(new MovieDrift((String) r.get("movie"), (String) r.get("stem"), (String) r.get("status"),
                        (String) r.get("error"), (Double) r.get("drift_total"), (Double) r.get("drift_early"),
                        (Double) r.get("drift_late"), (String) r.get("drift_unit")));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(tablesDir + ": movies table: " + e.getMessage(), e);
        }
        return report(rows);
    }

    /** What QC reads of one movie's row (columns of the movies table; nulls where unknown). */
    record MovieDrift(String movie, String stem, String status, String error, Double total, Double early,
                      Double late, String unit) {
    }

    /** The report of these movies' rows, computed on the driver (movies in stem order). */
    static Report report(List<MovieDrift> rows) {
        List<MovieDrift> sorted = new ArrayList<>(rows);
        sorted.sort(Comparator.comparing(MovieDrift::stem, Qc::compareAsSpark));
        List<MovieDrift> ok = sorted.stream().filter(m -> MovieStatus.OK.label().equals(m.status())
                && m.total() != null).toList();
        Stats total = stats(ok, MovieDrift::total);
        Stats early = stats(ok, MovieDrift::early);
        Stats late = stats(ok, MovieDrift::late);
        List<MovieLine> lines = new ArrayList<>();
        long nOk = 0;
        long nFailed = 0;
        for (MovieDrift m : sorted) {
            boolean isOk = MovieStatus.OK.label().equals(m.status());
            if (isOk) {
                nOk++;
            } else {
                nFailed++;
            }
            boolean outlier = isOk && m.total() != null && m.late() != null
                    && (m.total() > total.fence() || m.late() > late.fence());
            lines.add(new MovieLine(m.movie(), m.stem(), m.status(), m.error(), m.total(), m.early(), m.late(),
                    m.unit(), outlier));
        }
        return new Report(nOk, nFailed, total, early, late, lines);
    }

    /**
     * Exact quantiles as Spark's {@code approxQuantile(column, q, 0.0)} gives them (the sorted value at rank
     * ceil(q·n), the first and last at q = 0 and 1; nulls ignored) and the mean as {@code avg} sums it (rows in
     * table order), so the report is the one the earlier Spark SQL version printed.
     */
    private static Stats stats(List<MovieDrift> ok, java.util.function.Function<MovieDrift, Double> column) {
        return stats(ok.stream().map(column).filter(java.util.Objects::nonNull).mapToDouble(Double::doubleValue)
                .toArray());
    }

    /** The statistics of these values (in table order), as {@link #stats(List, java.util.function.Function)}. */
    static Stats stats(double[] v) {
        if (v.length == 0) {
            return new Stats(Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
        }
        double sum = 0;
        for (double x : v) {
            sum += x;
        }
        double mean = sum / v.length;
        double[] s = v.clone();
        Arrays.sort(s);
        double q1 = quantile(s, 0.25);
        double q3 = quantile(s, 0.75);
        return new Stats(mean, quantile(s, 0.5), q1, q3, quantile(s, 0.9), quantile(s, 1.0), q3 + 3 * (q3 - q1));
    }

    private static double quantile(double[] sorted, double q) {
        if (q <= 0) {
            return sorted[0];
        }
        if (q >= 1) {
            return sorted[sorted.length - 1];
        }
        long rank = (long) Math.ceil(q * sorted.length);
        return sorted[(int) Math.max(1, Math.min(sorted.length, rank)) - 1];
    }

    /** Spark orders strings by their UTF-8 bytes (unsigned); Java's compareTo by UTF-16 units. */
    private static int compareAsSpark(String a, String b) {
        return Arrays.compareUnsigned(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }

    public static String text(Report r) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "QC: %d movies, %d ok, %d failed%n", r.ok() + r.failed(), r.ok(),
                r.failed()));
        String unit = r.movies().stream().filter(m -> m.total() != null).map(MovieLine::unit).findFirst()
                .orElse("px");
        if (r.ok() > 0) {
            sb.append(String.format(Locale.ROOT, "Drift (%s)      mean  median      Q3     p90     max  outlier above%n",
                    unit));
            line(sb, "total", r.total());
            line(sb, "early", r.early());
            line(sb, "late ", r.late());
        }
        List<MovieLine> outliers = r.outliers();
        sb.append(String.format(Locale.ROOT, "Outliers (total or late drift beyond Q3 + 3 IQR): %d%n",
                outliers.size()));
        for (MovieLine m : outliers) {
            sb.append(String.format(Locale.ROOT, "  %s  total %.2f  early %.2f  late %.2f%n", m.movie(), m.total(),
                    m.early(), m.late()));
        }
        for (MovieLine m : r.movies()) {
            if (!MovieStatus.OK.label().equals(m.status())) {
                sb.append("  failed: ").append(m.error()).append('\n');
            }
        }
        return sb.toString();
    }

    private static void line(StringBuilder sb, String name, Stats s) {
        sb.append(String.format(Locale.ROOT, "  %s  %10.2f %7.2f %7.2f %7.2f %7.2f %14.2f%n", name, s.mean(),
                s.median(), s.q3(), s.p90(), s.max(), s.fence()));
    }

    public static String json(Report r) {
        StringBuilder sb = new StringBuilder("{");
        sb.append("\"movies\":").append(r.ok() + r.failed()).append(",\"ok\":").append(r.ok())
                .append(",\"failed\":").append(r.failed());
        sb.append(",\"drift\":{\"total\":").append(json(r.total())).append(",\"early\":").append(json(r.early()))
                .append(",\"late\":").append(json(r.late())).append('}');
        sb.append(",\"outliers\":[");
        List<MovieLine> outliers = r.outliers();
        for (int i = 0; i < outliers.size(); i++) {
            sb.append(i > 0 ? "," : "").append(quote(outliers.get(i).movie()));
        }
        sb.append("],\"per_movie\":[");
        for (int i = 0; i < r.movies().size(); i++) {
            MovieLine m = r.movies().get(i);
            sb.append(i > 0 ? "," : "").append("{\"movie\":").append(quote(m.movie())).append(",\"status\":")
                    .append(quote(m.status())).append(",\"error\":").append(quote(m.error()))
                    .append(",\"drift_total\":").append(number(m.total())).append(",\"drift_early\":")
                    .append(number(m.early())).append(",\"drift_late\":").append(number(m.late()))
                    .append(",\"drift_unit\":").append(quote(m.unit())).append(",\"outlier\":").append(m.outlier())
                    .append('}');
        }
        return sb.append("]}").toString();
    }

    private static String json(Stats s) {
        return String.format(Locale.ROOT, "{\"mean\":%s,\"median\":%s,\"q1\":%s,\"q3\":%s,\"p90\":%s,\"max\":%s,"
                + "\"outlier_above\":%s}", number(s.mean()), number(s.median()), number(s.q1()), number(s.q3()),
                number(s.p90()), number(s.max()), number(s.fence()));
    }

    private static String number(Double v) {
        return v == null || !Double.isFinite(v) ? "null" : String.format(Locale.ROOT, "%.4f", v);
    }

    static String quote(String s) {
        if (s == null) {
            return "null";
        }
        StringBuilder sb = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.append('"').toString();
    }
}
