package org.stillframe.extract;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.stillframe.io.BadInputException;
import org.stillframe.io.star.StarFile;
import org.stillframe.particles.ParticlePick;

/**
 * Particle picks: a RELION STAR file (a table with rlnMicrographName, rlnCoordinateX, rlnCoordinateY; other columns
 * are kept for the output STAR; an optics block is kept too) or a CSV file with a header naming the micrograph, x
 * and y columns (micrograph / micrograph_name / rlnMicrographName, x / rlnCoordinateX, y / rlnCoordinateY).
 * Coordinates are input pixels of the micrograph (0-based column and row of the stored image, as RELION's).
 *
 * @param columns the table's column labels (with their leading underscore)
 * @param rows    the rows, as text
 * @param optics  the optics block of a RELION 3.1 file, or null
 */
public record ParticlePicks(List<String> columns, List<String[]> rows, StarFile.Block optics) {

    static final String MICROGRAPH = "_rlnMicrographName";
    static final String X = "_rlnCoordinateX";
    static final String Y = "_rlnCoordinateY";

    public static ParticlePicks read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new BadInputException(file.toString(), "no such file");
        }
        String text = Files.readString(file);
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        ParticlePicks picks = name.endsWith(".csv") ? csv(text, file.toString()) : star(text, file.toString());
        if (picks.rows().isEmpty()) {
            throw new BadInputException(file.toString(), "holds no particles");
        }
        return picks;
    }

    private static ParticlePicks star(String text, String fileName) throws BadInputException {
        StarFile star = StarFile.parse(text, fileName);
        StarFile.Block block = star.blockWithColumn(X);
        if (block == null || block.column(MICROGRAPH) < 0 || block.column(Y) < 0) {
            throw new BadInputException(fileName, "no table with rlnMicrographName, rlnCoordinateX and rlnCoordinateY");
        }
        StarFile.Block optics = star.blocks().get("optics");
        ParticlePicks p = new ParticlePicks(List.copyOf(block.columns()), List.copyOf(block.rows()), optics);
        p.checkNumbers(fileName);
        return p;
    }

    private static ParticlePicks csv(String text, String fileName) throws BadInputException {
        List<String> lines = text.lines().map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#"))
                .toList();
        if (lines.isEmpty()) {
            throw new BadInputException(fileName, "is empty");
        }
        String[] header = lines.get(0).split(",");
        int m = -1;
        int x = -1;
        int y = -1;
        for (int i = 0; i < header.length; i++) {
            String h = header[i].strip().toLowerCase(Locale.ROOT).replaceFirst("^_", "");
            switch (h) {
                case "micrograph", "micrograph_name", "rlnmicrographname" -> m = i;
                case "x", "rlncoordinatex" -> x = i;
                case "y", "rlncoordinatey" -> y = i;
                default -> { }
            }
        }
        if (m < 0 || x < 0 || y < 0) {
            throw new BadInputException(fileName, "needs a header with micrograph, x and y columns, got '"
                    + lines.get(0) + "'");
        }
        List<String[]> rows = new ArrayList<>();
        for (int l = 1; l < lines.size(); l++) {
            String[] v = lines.get(l).split(",");
            if (v.length <= Math.max(m, Math.max(x, y))) {
                throw new BadInputException(fileName, "line " + (l + 1) + " has " + v.length + " columns");
            }
            rows.add(new String[] {v[m].strip(), v[x].strip(), v[y].strip()});
        }
        ParticlePicks p = new ParticlePicks(List.of(MICROGRAPH, X, Y), rows, null);
        p.checkNumbers(fileName);
        return p;
    }

    private void checkNumbers(String fileName) throws BadInputException {
        int x = columns.indexOf(X);
        int y = columns.indexOf(Y);
        for (int r = 0; r < rows.size(); r++) {
            try {
                Double.parseDouble(rows.get(r)[x]);
                Double.parseDouble(rows.get(r)[y]);
            } catch (NumberFormatException | ArrayIndexOutOfBoundsException e) {
                throw new BadInputException(fileName, "particle " + (r + 1) + " has no numeric coordinates");
            }
        }
    }

    /** Row numbers (0-based) of each micrograph's particles, by micrograph stem, in file order. */
    public Map<String, List<Integer>> rowsByStem() {
        int m = columns.indexOf(MICROGRAPH);
        Map<String, List<Integer>> out = new LinkedHashMap<>();
        for (int r = 0; r < rows.size(); r++) {
            out.computeIfAbsent(stem(rows.get(r)[m]), k -> new ArrayList<>()).add(r);
        }
        return out;
    }

    /** The picks of the given rows. */
    public List<ParticlePick> picks(List<Integer> rowNumbers) {
        int x = columns.indexOf(X);
        int y = columns.indexOf(Y);
        List<ParticlePick> out = new ArrayList<>();
        for (int r : rowNumbers) {
            out.add(new ParticlePick(Double.parseDouble(rows.get(r)[x]), Double.parseDouble(rows.get(r)[y])));
        }
        return out;
    }

    /** A micrograph's or movie's stem: its file name without folders and image extensions. */
    public static String stem(String path) {
        String name = path.replace('\\', '/');
        name = name.substring(name.lastIndexOf('/') + 1);
        return name.replaceFirst("(?i)(\\.mrc\\.bz2|\\.mrcs|\\.mrc|\\.tiff|\\.tif|\\.eer)$", "");
    }
}
