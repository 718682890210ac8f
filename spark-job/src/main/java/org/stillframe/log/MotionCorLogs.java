package org.stillframe.log;

import java.util.Locale;
import org.stillframe.align.global.FrameShifts;

/**
 * Text in MotionCor2's layouts: the standard-output shift table that RELION parses, and the -LogDir files.
 * All shifts are the correction applied to each frame (minus the specimen's motion), in input pixels,
 * relative to the first frame used: frame 1 = (0, 0), as MotionCor2 ≥ 1.6 and MotionCor3 print them.
 */
public final class MotionCorLogs {

    private MotionCorLogs() {
    }

    /** The stdout block "Full-frame alignment shift" with one "...... Frame (  n) shift:" line per frame. */
    public static String stdoutShifts(FrameShifts shifts) {
        StringBuilder sb = new StringBuilder("Full-frame alignment shift\n");
        for (int i = 0; i < shifts.frames(); i++) {
            sb.append(String.format(Locale.ROOT, "...... Frame (%3d) shift: %9.3f %9.3f%n", i + 1, shifts.x(i),
                    shifts.y(i)));
        }
        return sb.toString();
    }

    /** The -LogDir file {@code <movie stem>-Full.log}: frame (1-based), shift x, shift y (px). */
    public static String fullLog(FrameShifts shifts) {
        StringBuilder sb = new StringBuilder("# full frame alignment\n");
        sb.append("# stillframe: shifts (px) applied to each frame, relative to frame 1\n");
        for (int i = 0; i < shifts.frames(); i++) {
            sb.append(String.format(Locale.ROOT, "%4d  %8.2f  %8.2f%n", i + 1, shifts.x(i), shifts.y(i)));
        }
        return sb.toString();
    }

    /**
     * The machine-readable per-movie table {@code <stem>.shifts.tsv}: a '#' header with the movie's facts
     * (defects repaired, alignment), then one row per frame used.
     */
    public static String table(String movie, org.stillframe.correct.CorrectionResult r,
                               org.stillframe.dose.DoseSchedule schedule, int firstFrame) {
        StringBuilder sb = new StringBuilder();
        var d = r.defects();
        sb.append("# movie\t").append(movie).append('\n');
        sb.append(String.format(Locale.ROOT, "# size\t%d\t%d\t%d%n", r.width(), r.height(), r.shifts().frames()));
        sb.append("# first_frame\t").append(firstFrame).append('\n');
        sb.append(String.format(Locale.ROOT, "# defects_repaired\t%d\t(listed %d, zero gain %d, hot %d, dead %d, "
                + "cluster %d)%n", d.total(), d.listed(), d.zeroGain(), d.hot(), d.dead(), d.cluster()));
        sb.append(String.format(Locale.ROOT, "# iterations\t%d\tfinal_error_px\t%.4f%n", r.iterations(),
                r.finalErrorPx()));
        sb.append("# shifts: px applied to each frame (minus the specimen motion), relative to the first frame used\n");
        sb.append("frame\tshift_x_px\tshift_y_px\tdose_e_per_A2\texposure_e_per_A2\n");
        for (int i = 0; i < r.shifts().frames(); i++) {
            sb.append(String.format(Locale.ROOT, "%d\t%.4f\t%.4f\t%.4f\t%.4f%n", firstFrame + i, r.shifts().x(i),
                    r.shifts().y(i), schedule.dose(i), schedule.exposureAtEnd(i)));
        }
        return sb.toString();
    }

    /** The movie's stem as MotionCor3 names its logs: the file name without .mrc/.mrcs/.tif/.tiff/.eer. */
    public static String stem(String fileName) {
        String lower = fileName.toLowerCase(Locale.ROOT);
        for (String ext : new String[] {".mrc.bz2", ".mrcs", ".mrc", ".tiff", ".tif", ".eer", ".st"}) {
            if (lower.endsWith(ext)) {
                return fileName.substring(0, fileName.length() - ext.length());
            }
        }
        return fileName;
    }
}
