package org.stillframe.io.star;

import java.util.List;
import java.util.Locale;

/**
 * Writes STAR text as RELION 3.1 does: each block preceded by {@code # version 30001}, key-value blocks with
 * the value right-aligned, tables as {@code loop_} with numbered column labels. Values are written as given
 * (callers format numbers); a value with spaces is quoted.
 */
public final class StarWriter {

    private final StringBuilder sb = new StringBuilder();

    /** A key-value block ({@code data_general}). Pairs: label, value, label, value, ... */
    public StarWriter values(String block, String... pairs) {
        header(block);
        for (int i = 0; i + 1 < pairs.length; i += 2) {
            sb.append(String.format(Locale.ROOT, "%-40s %12s%n", pairs[i], quote(pairs[i + 1])));
        }
        sb.append(" \n");
        return this;
    }

    /** A table: the column labels, then rows of values. */
    public StarWriter table(String block, List<String> columns, List<String[]> rows) {
        header(block);
        sb.append("loop_ \n");
        for (int c = 0; c < columns.size(); c++) {
            sb.append(columns.get(c)).append(" #").append(c + 1).append(" \n");
        }
        for (String[] row : rows) {
            for (int c = 0; c < row.length; c++) {
                sb.append(c == 0 ? "" : " ").append(String.format(Locale.ROOT, "%12s", quote(row[c])));
            }
            sb.append(" \n");
        }
        sb.append(" \n");
        return this;
    }

    private void header(String block) {
        sb.append("\n# version 30001\n\ndata_").append(block).append("\n\n");
    }

    private static String quote(String v) {
        if (v.isEmpty()) {
            return "\"\"";
        }
        return v.chars().anyMatch(Character::isWhitespace) ? "\"" + v + "\"" : v;
    }

    /** Fixed-point with 6 decimals, as RELION writes doubles. */
    public static String num(double v) {
        return String.format(Locale.ROOT, "%.6f", v);
    }

    @Override
    public String toString() {
        return sb.toString();
    }
}
