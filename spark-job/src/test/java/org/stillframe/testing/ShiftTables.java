package org.stillframe.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.stillframe.align.global.FrameShifts;
import org.stillframe.quality.ShiftError;

/**
 * Per-frame shift tables in tests, read one way: the simulator's ground truth ({@code NAME_truth.tsv}) and our
 * shift tables ({@code -Full.log}, {@code NAME.shifts.tsv}), and their error after removing a constant offset.
 */
public final class ShiftTables {

    private ShiftTables() {
    }

    /** The true correction per frame of a simulated movie: shift_x_px, shift_y_px of {@code NAME_truth.tsv}. */
    public static double[][] truth(Path truthTable) throws IOException {
        return columns(truthTable, 3, 4);
    }

    /** The shifts of a table whose rows start with frame, shift x, shift y (our -Full.log, shifts.tsv). */
    public static double[][] shifts(Path table) throws IOException {
        return columns(table, 1, 2);
    }

    /** Two numeric columns of a whitespace table, one row per line that starts with a frame number. */
    public static double[][] columns(Path file, int colX, int colY) throws IOException {
        List<double[]> rows = new ArrayList<>();
        for (String line : Files.readAllLines(file)) {
            String[] t = line.trim().split("\\s+");
            if (line.startsWith("#") || t.length <= Math.max(colX, colY) || !t[0].matches("\\d+")) {
                continue;
            }
            rows.add(new double[] {Double.parseDouble(t[colX]), Double.parseDouble(t[colY])});
        }
        return rows.toArray(double[][]::new);
    }

    /**
     * RMS error (px) of the first {@code shifts.length} frames against the truth once a constant offset is removed
     * (the reference frame is a choice): {@link ShiftError#rms}.
     */
    public static double rmsAgainstTruth(double[][] shifts, double[][] truth) {
        return ShiftError.rms(asShifts(shifts), asShifts(truth));
    }

    /** {@link #rmsAgainstTruth(double[][], double[][])} of a table of {@link #shifts(Path)}. */
    public static double rmsAgainstTruth(Path shiftsTable, double[][] truth) throws IOException {
        return rmsAgainstTruth(shifts(shiftsTable), truth);
    }

    private static FrameShifts asShifts(double[][] rows) {
        double[] x = new double[rows.length];
        double[] y = new double[rows.length];
        for (int i = 0; i < rows.length; i++) {
            x[i] = rows[i][0];
            y[i] = rows[i][1];
        }
        return new FrameShifts(x, y);
    }
}
