package org.stillframe.spark;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The parts of a run that do not grow with its movies (Spark start, listing, tables, QC), timed on the driver and
 * printed as one line, so a benchmark can tell them from the per-movie cost (issue 19; bench/job.sh reads the
 * line). Parts are kept in the order they were first timed; timing a part again adds to it.
 */
final class FixedCost {

    private final Map<String, Double> seconds = new LinkedHashMap<>();

    /** A start time for {@link #since}. */
    static long now() {
        return System.nanoTime();
    }

    /** Adds the seconds since {@code start} to {@code part}. */
    void since(String part, long start) {
        add(part, (System.nanoTime() - start) * 1e-9);
    }

    void add(String part, double s) {
        seconds.merge(part, s, Double::sum);
    }

    double total() {
        return seconds.values().stream().mapToDouble(Double::doubleValue).sum();
    }

    /** "Fixed cost: 3.1 s (Spark start 2.1 s, listing 0.3 s, tables 0.6 s, QC 0.1 s)". */
    String line() {
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "Fixed cost: %.1f s (", total()));
        String sep = "";
        for (Map.Entry<String, Double> e : seconds.entrySet()) {
            sb.append(sep).append(String.format(Locale.ROOT, "%s %.1f s", e.getKey(), e.getValue()));
            sep = ", ";
        }
        return sb.append(')').toString();
    }
}
