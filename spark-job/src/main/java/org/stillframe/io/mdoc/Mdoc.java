package org.stillframe.io.mdoc;

import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.stillframe.io.BadInputException;

/**
 * A SerialEM {@code .mdoc} file: {@code key = value} lines, global ones first, then one {@code [ZValue = i]}
 * section per image (for a tilt series, per tilt). Comment sections ({@code [T = ...]}) are skipped; CRLF and LF
 * line endings both work.
 */
public record Mdoc(Map<String, String> header, List<Section> sections) {

    /** One {@code [ZValue = i]} section. */
    public record Section(int zValue, int line, Map<String, String> values) {

        public String get(String key) {
            return values.get(key);
        }

        /** A number, or {@code absent} when the key is missing; a malformed number is an error naming the line. */
        public double number(String key, double absent, String file) throws BadInputException {
            String v = values.get(key);
            if (v == null || v.isBlank()) {
                return absent;
            }
            try {
                return Double.parseDouble(v.trim().split("\\s+")[0]);
            } catch (NumberFormatException e) {
                throw new BadInputException(file, "[ZValue = " + zValue + "] (line " + line + "): " + key + " = '"
                        + v + "' is not a number");
            }
        }

        /** SerialEM's DateTime ("30-Nov-15  15:21:38"), or null when absent. */
        public LocalDateTime dateTime(String file) throws BadInputException {
            String v = values.get("DateTime");
            if (v == null || v.isBlank()) {
                return null;
            }
            try {
                return LocalDateTime.parse(v.trim().replaceAll("\\s+", " "), DATE_TIME);
            } catch (DateTimeParseException e) {
                throw new BadInputException(file, "[ZValue = " + zValue + "] (line " + line + "): DateTime '" + v
                        + "' is not dd-MMM-yy HH:mm:ss");
            }
        }
    }

    /** The tilt axis angle a title line states ("Tilt axis angle = 85.3"), or NaN. */
    public double tiltAxisAngle() {
        for (Map.Entry<String, String> e : header.entrySet()) {
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("Tilt axis angle\\s*=\\s*([-+0-9.]+)")
                    .matcher(e.getValue());
            if (e.getKey().matches("T\\d+") && m.find()) {
                return Double.parseDouble(m.group(1));
            }
        }
        return Double.NaN;
    }

    private static final DateTimeFormatter DATE_TIME = new DateTimeFormatterBuilder().parseCaseInsensitive()
            .appendPattern("dd-MMM-yy HH:mm:ss").toFormatter(Locale.ENGLISH);

    public static Mdoc parse(String text, String file) throws BadInputException {
        Map<String, String> header = new LinkedHashMap<>();
        List<Section> sections = new ArrayList<>();
        Map<String, String> current = header;
        boolean comment = false;
        int lineNo = 0;
        for (String raw : text.split("\\R")) {
            lineNo++;
            String line = raw.strip();
            if (line.isEmpty()) {
                continue;
            }
            if (line.startsWith("[")) {
                if (!line.endsWith("]")) {
                    throw new BadInputException(file, "line " + lineNo + ": section header '" + line + "' has no ]");
                }
                String inner = line.substring(1, line.length() - 1).trim();
                int eq = inner.indexOf('=');
                String key = eq < 0 ? inner : inner.substring(0, eq).trim();
                if (key.equals("T")) {
                    // Title lines carry facts too, e.g. "Tilt axis angle = 85.3, binning = 4".
                    header.putIfAbsent("T" + header.keySet().stream().filter(k -> k.matches("T\\d+")).count(),
                            eq < 0 ? "" : inner.substring(eq + 1).trim());
                    comment = true;
                    continue;
                }
                if (!key.equals("ZValue") && !key.equals("FrameSet")) {
                    throw new BadInputException(file, "line " + lineNo + ": unknown section '" + line + "'");
                }
                int z;
                try {
                    z = Integer.parseInt(inner.substring(eq + 1).trim());
                } catch (NumberFormatException | StringIndexOutOfBoundsException e) {
                    throw new BadInputException(file, "line " + lineNo + ": '" + line + "' has no section number");
                }
                current = new LinkedHashMap<>();
                sections.add(new Section(z, lineNo, current));
                comment = false;
                continue;
            }
            int eq = line.indexOf('=');
            if (eq <= 0) {
                if (comment) {
                    continue;
                }
                throw new BadInputException(file, "line " + lineNo + ": '" + line + "' is not 'key = value'");
            }
            current.put(line.substring(0, eq).trim(), line.substring(eq + 1).trim());
        }
        return new Mdoc(header, sections);
    }
}
