package org.stillframe.io;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * MotionCor2's -DefectFile: one defect per line, four integers {@code x y w h} — the lower-left pixel of a
 * rectangle w wide and h high in the frame's own orientation (row 0 at the bottom, as MRC stores it).
 * Lines that are not four integers are skipped and rectangles are clipped to the frame, as MotionCor2 does;
 * a SerialEM/IMOD defect list (keywords CameraSize, BadColumns, ...) is refused with a clear error.
 */
public final class DefectFile {

    private DefectFile() {
    }

    /**
     * The mask of pixels (true = defect) for an nx × ny frame, from a local path or a Hadoop URI ({@code hdfs://},
     * {@code s3a://}).
     */
    public static boolean[] read(String file, int nx, int ny) throws IOException {
        List<String> lines;
        try (java.nio.channels.SeekableByteChannel ch = Storage.openRead(file)) {
            java.io.Reader r = java.nio.channels.Channels.newReader(ch, StandardCharsets.UTF_8);
            lines = new java.io.BufferedReader(r).lines().toList();
        } catch (BadInputException e) {
            throw e;
        } catch (IOException | java.io.UncheckedIOException e) {
            throw new BadInputException(file, "cannot be read: " + e.getMessage());
        }
        boolean[] mask = new boolean[nx * ny];
        for (String line : lines) {
            String t = line.trim();
            if (t.startsWith("CameraSize") || t.startsWith("BadColumns") || t.startsWith("BadPixels")
                    || t.startsWith("RotationAndFlip") || t.startsWith("K2Type")) {
                throw new BadInputException(file, "is a SerialEM defect list; -DefectFile takes lines of "
                        + "'x y w h' (convert it, or give the defect map with -Gain's orientation)");
            }
            String[] f = t.split("\\s+");
            if (f.length != 4) {
                continue;
            }
            int[] v = new int[4];
            try {
                for (int k = 0; k < 4; k++) {
                    v[k] = Integer.parseInt(f[k]);
                }
            } catch (NumberFormatException e) {
                continue;
            }
            int x0 = Math.max(0, v[0]);
            int y0 = Math.max(0, v[1]);
            int x1 = Math.min(nx, v[0] + v[2]);
            int y1 = Math.min(ny, v[1] + v[3]);
            for (int y = y0; y < y1; y++) {
                for (int x = x0; x < x1; x++) {
                    mask[y * nx + x] = true;
                }
            }
        }
        return mask;
    }

    /**
     * The text of a -DefectFile: one rectangle {x, y, w, h} per line (lower-left corner, row 0 at the bottom), after
     * a comment line that {@link #read} skips (it is not four integers).
     */
    public static String format(String comment, java.util.List<int[]> rectangles) {
        StringBuilder sb = new StringBuilder();
        sb.append("# ").append(comment.replace('\n', ' ')).append('\n');
        for (int[] r : rectangles) {
            sb.append(r[0]).append(' ').append(r[1]).append(' ').append(r[2]).append(' ').append(r[3]).append('\n');
        }
        return sb.toString();
    }
}
