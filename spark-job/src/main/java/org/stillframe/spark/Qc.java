package org.stillframe.spark;

import static org.apache.spark.sql.functions.col;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.stillframe.movie.MovieStatus;

/**
 * Quality control over a run's Parquet tables with Spark SQL: movies ok / failed (with the errors), drift
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

    public static Report report(SparkSession spark, String tablesDir) {
        // The schema is ours: giving it skips the footer-reading job that would infer it.
        Dataset<Row> movies = spark.read().schema(Tables.MOVIES).parquet(JobStore.child(tablesDir, "movies"));
        movies.createOrReplaceTempView("movies");
        Dataset<Row> ok = spark.sql("SELECT drift_total, drift_early, drift_late FROM movies WHERE status = 'ok'"
                + " AND drift_total IS NOT NULL");
        Stats total = stats(ok, "drift_total");
        Stats early = stats(ok, "drift_early");
        Stats late = stats(ok, "drift_late");
        List<MovieLine> lines = new ArrayList<>();
        long nOk = 0;
        long nFailed = 0;
        for (Row r : movies.select("movie", "stem", "status", "error", "drift_total", "drift_early", "drift_late",
                "drift_unit").orderBy(col("stem")).collectAsList()) {
            boolean isOk = MovieStatus.OK.label().equals(r.getString(2));
            if (isOk) {
                nOk++;
            } else {
                nFailed++;
            }
            Double t = r.isNullAt(4) ? null : r.getDouble(4);
            Double e = r.isNullAt(5) ? null : r.getDouble(5);
            Double l = r.isNullAt(6) ? null : r.getDouble(6);
            boolean outlier = isOk && t != null && l != null && (t > total.fence() || l > late.fence());
            lines.add(new MovieLine(r.getString(0), r.getString(1), r.getString(2), r.getString(3), t, e, l,
                    r.getString(7), outlier));
        }
        return new Report(nOk, nFailed, total, early, late, lines);
    }

    private static Stats stats(Dataset<Row> ok, String column) {
        if (ok.isEmpty()) {
            return new Stats(Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
        }
        double[] q = ok.stat().approxQuantile(column, new double[] {0.25, 0.5, 0.75, 0.9, 1.0}, 0.0);
        double mean = ok.agg(org.apache.spark.sql.functions.avg(column)).first().getDouble(0);
        double fence = q[2] + 3 * (q[2] - q[0]);
        return new Stats(mean, q[1], q[0], q[2], q[3], q[4], fence);
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
