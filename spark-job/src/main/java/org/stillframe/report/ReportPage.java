package org.stillframe.report;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

/**
 * The QC report as one self-contained HTML page: every picture a {@code data:} URI, the script and style inline,
 * nothing fetched. The movie table is HTML (it shows before any script runs); each movie's pictures sit in one
 * JSON block that the script reads only when a movie's detail is opened, so a thousand movies open quickly.
 */
public final class ReportPage {

    private ReportPage() {
    }

    /** The page's HTML; charts drawn on {@code threads} threads. */
    public static String html(ReportModel m, int threads) {
        List<String> images = MoviePictures.all(m.movies(), threads);
        StringBuilder h = new StringBuilder(1 << 20);
        h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n<title>stillframe QC: ")
                .append(esc(m.title())).append("</title>\n<style>\n").append(resource("report.css"))
                .append("</style></head>\n<body data-pictured=\"").append(images.stream().filter(x -> x != null)
                        .count()).append("\" data-movies=\"").append(m.movies().size()).append("\" data-ok=\"")
                .append(m.ok()).append("\" data-failed=\"").append(m.failed()).append("\">\n");
        h.append("<h1>stillframe QC report</h1>\n");
        summary(h, m);
        distributions(h, m);
        movieTable(h, m);
        tiltSeries(h, m);
        h.append("<script type=\"application/json\" id=\"images\">{");
        boolean first = true;
        for (int i = 0; i < m.movies().size(); i++) {
            if (images.get(i) != null) {
                h.append(first ? "\n" : ",\n").append(json(m.movies().get(i).stem())).append(':')
                        .append(images.get(i));
                first = false;
            }
        }
        h.append("}</script>\n<script>\n").append(resource("report.js")).append("</script>\n</body></html>\n");
        return h.toString();
    }

    private static void summary(StringBuilder h, ReportModel m) {
        long n = m.ok() + m.failed();
        h.append("<section id=\"summary\"><h2>Dataset</h2><dl class=\"facts\">\n");
        fact(h, "output", esc(m.title()));
        fact(h, "movies", "<span id=\"movie-count\">" + n + "</span>: <span id=\"ok-count\">" + m.ok()
                + "</span> ok, <span id=\"failed-count\" class=\"" + (m.failed() > 0 ? "failed" : "") + "\">"
                + m.failed() + "</span> failed");
        long drift = m.movies().stream().filter(x -> x.outlier().contains("drift")).count();
        long local = m.movies().stream().filter(x -> x.outlier().contains("local")).count();
        fact(h, "outliers", "<span id=\"outlier-count\">" + drift + "</span> beyond Q3 + 3 IQR of total or late"
                + " drift (as stillframe qc), " + local + " beyond it in local motion");
        fact(h, "version", esc(String.join(", ", m.versions())));
        fact(h, "options hash", esc(String.join(", ", m.optionsHashes())));
        fact(h, "flags", m.flags().isEmpty() ? "(not recorded)" : "<code>" + esc(String.join(" ", m.flags()))
                + "</code>");
        fact(h, "devices", esc(String.join(", ", m.devices())));
        fact(h, "hosts", m.hosts().size() + ": " + esc(String.join(", ", m.hosts())));
        String rate = m.spanSeconds() > 0 ? String.format(Locale.ROOT, "%.1f movies/h over %.0f s (first start to"
                + " last finish); ", n * 3600 / m.spanSeconds(), m.spanSeconds()) : "";
        fact(h, "throughput", rate + String.format(Locale.ROOT, "%.1f s per movie (task time)",
                n > 0 ? m.movieSeconds() / n : 0));
        fact(h, "written", esc(m.generated()));
        h.append("</dl>\n");
        h.append("<h2>Failed movies</h2>\n<ul id=\"failed\">\n");
        for (ReportModel.Movie x : m.movies()) {
            if (!x.ok()) {
                h.append("<li data-stem=\"").append(esc(x.stem())).append("\"><a href=\"#movie=")
                        .append(esc(x.stem())).append("\">").append(esc(x.stem())).append("</a>: <span class=\"error\">")
                        .append(esc(x.error())).append("</span></li>\n");
            }
        }
        if (m.failed() == 0) {
            h.append("<li>none</li>\n");
        }
        h.append("</ul></section>\n");
    }

    private static void distributions(StringBuilder h, ReportModel m) {
        h.append("<section id=\"distributions\"><h2>Distributions over the ok movies</h2>\n");
        for (ReportModel.Distribution d : m.distributions()) {
            h.append("<figure class=\"chart\" id=\"dist-").append(d.key()).append("\"><img class=\"dist\" alt=\"")
                    .append(esc(d.label())).append("\" onload=\"this.setAttribute('data-loaded',this.naturalWidth)\""
                            + " src=\"").append(MoviePictures.dataUri("image/png", ReportCharts.distribution(d, 480, 260)))
                    .append("\"><figcaption>").append(esc(d.label())).append(String.format(Locale.ROOT,
                            ": %d movies; Q1 %.2f, median %.2f, Q3 %.2f (nearest rank); outlier above %.2f"
                                    + " (Q3 + 3 IQR)", d.values().length, d.q1(), d.median(), d.q3(), d.fence()))
                    .append("</figcaption></figure>\n");
        }
        h.append("</section>\n");
    }

    private static final String[][] COLUMNS = {
        {"stem", "movie", "text"}, {"status", "status", "text"}, {"drift_total", "total drift", "num"},
        {"drift_early", "early", "num"}, {"drift_late", "late", "num"}, {"local_motion", "local motion (px)", "num"},
        {"defects", "defects", "num"}, {"hot_pixels", "hot pixels", "num"}, {"wall_s", "time (s)", "num"},
        {"outlier", "outlier", "text"}};

    private static void movieTable(StringBuilder h, ReportModel m) {
        h.append("<section id=\"movies\"><h2>Movies</h2>\n<div class=\"controls\"><input id=\"filter\""
                + " type=\"search\" placeholder=\"filter: name, status, error\" size=\"40\"> <label><input"
                + " id=\"flagged-only\" type=\"checkbox\"> failed and outliers only</label> <span id=\"shown\">"
                + "</span> &middot; drift in ").append(esc(m.driftUnit())).append(", click a header to sort</div>\n");
        h.append("<div id=\"detail\" hidden></div>\n");
        h.append("<table class=\"movies\" id=\"movie-table\"><thead><tr>");
        for (String[] c : COLUMNS) {
            h.append("<th data-key=\"").append(c[0]).append("\" data-type=\"").append(c[2]).append('"')
                    .append(c[2].equals("text") ? " class=\"text\"" : "").append('>').append(c[1]).append("</th>");
        }
        h.append("</tr></thead>\n<tbody>\n");
        for (ReportModel.Movie x : m.movies()) {
            String[] values = {x.stem(), x.status(), num(x.driftTotal()), num(x.driftEarly()), num(x.driftLate()),
                num(x.localMotionPx()), x.ok() ? Integer.toString(x.defects()) : "",
                x.ok() ? Integer.toString(x.hotPixels()) : "", String.format(Locale.ROOT, "%.1f", x.wallSeconds()),
                x.outlier()};
            h.append("<tr id=\"row-").append(esc(x.stem())).append("\" class=\"status-").append(esc(x.status()))
                    .append(x.outlier().contains("drift") ? " outlier" : "")
                    .append(x.outlier().contains("local") ? " local-outlier" : "").append("\" data-movie=\"").append(esc(x.movie()))
                    .append("\" data-error=\"").append(esc(x.error() == null ? "" : x.error()))
                    .append("\" data-search=\"").append(esc((x.stem() + " " + x.status() + " " + x.outlier() + " "
                            + (x.error() == null ? "" : x.error())).toLowerCase(Locale.ROOT))).append('"');
            for (int i = 0; i < COLUMNS.length; i++) {
                h.append(" data-").append(COLUMNS[i][0]).append("=\"").append(esc(values[i])).append('"');
            }
            h.append('>');
            for (int i = 0; i < COLUMNS.length; i++) {
                boolean text = COLUMNS[i][2].equals("text");
                h.append(text ? "<td class=\"text\">" : "<td>");
                if (i == 0) {
                    h.append("<a href=\"#movie=").append(esc(x.stem())).append("\" data-stem=\"")
                            .append(esc(x.stem())).append("\">").append(esc(x.stem())).append("</a>");
                } else {
                    h.append(esc(values[i]));
                }
                h.append("</td>");
            }
            h.append("</tr>\n");
        }
        h.append("</tbody></table></section>\n");
    }

    private static void tiltSeries(StringBuilder h, ReportModel m) {
        if (m.series().isEmpty()) {
            return;
        }
        h.append("<section id=\"tilt-series\"><h2>Tilt series</h2>\n");
        for (ReportModel.TiltSeries s : m.series()) {
            long failed = s.tilts().stream().filter(t -> !"ok".equals(t.status())).count();
            h.append("<details class=\"series\" data-series=\"").append(esc(s.name())).append("\"><summary>")
                    .append(esc(s.name())).append(": ").append(s.tilts().size()).append(" tilts, ").append(failed)
                    .append(" failed</summary>\n<table class=\"movies\"><thead><tr><th>tilt (°)</th><th>acquired</th>"
                            + "<th>pre-exposure (e/Å²)</th><th class=\"text\">movie</th><th class=\"text\">status"
                            + "</th></tr></thead><tbody>\n");
            for (ReportModel.Tilt t : s.tilts()) {
                h.append("<tr data-stem=\"").append(esc(t.stem())).append("\" data-angle=\"")
                        .append(String.format(Locale.ROOT, "%.1f", t.angle())).append("\"><td>")
                        .append(String.format(Locale.ROOT, "%.1f", t.angle())).append("</td><td>")
                        .append(t.acquisitionOrder()).append("</td><td>").append(num(t.preExposure()))
                        .append("</td><td class=\"text\"><a href=\"#movie=").append(esc(t.stem())).append("\">")
                        .append(esc(t.stem())).append("</a></td><td class=\"text\">").append(esc(t.status()))
                        .append(t.error() == null || t.error().isEmpty() ? "" : ": " + esc(t.error()))
                        .append("</td></tr>\n");
            }
            h.append("</tbody></table>\n<div class=\"strip\"></div></details>\n");
        }
        h.append("</section>\n");
    }

    private static void fact(StringBuilder h, String name, String html) {
        h.append("<dt>").append(name).append("</dt><dd id=\"fact-").append(name.replace(' ', '-')).append("\">")
                .append(html).append("</dd>\n");
    }

    private static String num(Double v) {
        return v == null || !Double.isFinite(v) ? "" : String.format(Locale.ROOT, "%.2f", v);
    }

    private static String num(double v) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%.2f", v) : "";
    }

    /** HTML text and attribute escaping. */
    static String esc(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> b.append("&amp;");
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }

    /** A JSON string; "<" escaped so no text can close the script element it sits in. */
    static String json(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') {
                b.append('\\').append(c);
            } else if (c < 0x20 || c == '<') {
                b.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
            } else {
                b.append(c);
            }
        }
        return b.append('"').toString();
    }

    private static String resource(String name) {
        try (InputStream in = ReportPage.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
