package org.stillframe.io.star;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.stillframe.io.BadInputException;

/**
 * A STAR file (RELION's metadata format) as data blocks, each with key-value pairs and at most one table
 * ({@code loop_}). Column names keep their leading underscore ({@code _rlnMicrographMovieName}).
 */
public record StarFile(Map<String, Block> blocks) {

    /** One {@code data_NAME} block. */
    public record Block(String name, Map<String, String> values, List<String> columns, List<String[]> rows) {

        /** The column's index, or -1. */
        public int column(String name) {
            return columns.indexOf(name);
        }
    }

    /** The first block whose table has {@code column}, or null. */
    public Block blockWithColumn(String column) {
        return blocks.values().stream().filter(b -> b.column(column) >= 0).findFirst().orElse(null);
    }

    public static StarFile parse(String text, String fileName) throws BadInputException {
        Map<String, Block> blocks = new LinkedHashMap<>();
        Block current = null;
        boolean inLoopHeader = false;
        boolean inLoop = false;
        int lineNo = 0;
        for (String raw : text.split("\\R")) {
            lineNo++;
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            if (line.startsWith("data_")) {
                current = new Block(line.substring(5), new LinkedHashMap<>(), new ArrayList<>(), new ArrayList<>());
                blocks.put(current.name(), current);
                inLoopHeader = false;
                inLoop = false;
                continue;
            }
            if (current == null) {
                throw new BadInputException(fileName, "line " + lineNo + ": text before the first data_ block");
            }
            if (line.equals("loop_")) {
                inLoopHeader = true;
                inLoop = false;
                continue;
            }
            List<String> tokens = tokens(line);
            if (line.startsWith("_")) {
                if (inLoopHeader) {
                    current.columns().add(tokens.get(0));
                } else {
                    current.values().put(tokens.get(0), tokens.size() > 1 ? tokens.get(1) : "");
                    inLoop = false;
                }
                continue;
            }
            if (inLoopHeader || inLoop) {
                inLoopHeader = false;
                inLoop = true;
                if (tokens.size() != current.columns().size()) {
                    throw new BadInputException(fileName, "line " + lineNo + ": " + tokens.size() + " values for "
                            + current.columns().size() + " columns of data_" + current.name());
                }
                current.rows().add(tokens.toArray(String[]::new));
                continue;
            }
            throw new BadInputException(fileName, "line " + lineNo + ": '" + line + "' is outside any table");
        }
        return new StarFile(blocks);
    }

    /** Whitespace-separated tokens; a token may be quoted with ' or ". */
    private static List<String> tokens(String line) {
        List<String> out = new ArrayList<>();
        int i = 0;
        while (i < line.length()) {
            char c = line.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '"' || c == '\'') {
                int end = line.indexOf(c, i + 1);
                end = end < 0 ? line.length() : end;
                out.add(line.substring(i + 1, end));
                i = end + 1;
            } else {
                int end = i;
                while (end < line.length() && !Character.isWhitespace(line.charAt(end))) {
                    end++;
                }
                out.add(line.substring(i, end));
                i = end;
            }
        }
        return out;
    }
}
