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
        return fullLog(shifts, false);
    }

    /** With patches ({@code -Patch-Full.log}), MotionCor3's header lines for the patch run come first. */
    public static String fullLog(FrameShifts shifts, boolean patches) {
        StringBuilder sb = new StringBuilder(patches
                ? "# Patch based alignment\n# Initial alignment based upon full frames\n\n" : "# full frame alignment\n");
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

    /**
     * MotionCor2's patch logs for -LogDir: {@code <stem>-Patch-Patch.log} (grouped by patch) or
     * {@code <stem>-Patch-Frame.log} (grouped by frame): a header, then rows of frame (1-based), patch centre
     * x, y (input px), the patch's measured shift x, y after the global shift (px), the fitted one (the model
     * at the patch plus the per-frame offset, with the patch's own constant; NaN when no model was applied),
     * and 1 for a patch the model rejected.
     */
    public static String patchLog(org.stillframe.align.patch.LocalMotion local, int width, int height,
                                  boolean byFrame) {
        return patchLog(local, width, height, byFrame, false);
    }

    /**
     * The same, for {@code -LogFile} (what RELION passes): seven columns, no rejected flag, because RELION's
     * parser takes only lines of exactly seven numbers (frame, x, y, raw x, y, fit x, y).
     */
    public static String patchLog(org.stillframe.align.patch.LocalMotion local, int width, int height,
                                  boolean byFrame, boolean sevenColumns) {
        org.stillframe.align.patch.PatchShifts p = local.patches();
        double[][][] fit = fitted(local);
        StringBuilder sb = new StringBuilder("# Patch based alignment\n");
        sb.append("# Number of patches: ").append(p.patches()).append('\n');
        sb.append(byFrame ? "# Shifts are listed per frame.\n" : "# Shifts are listed per patch.\n");
        sb.append(String.format(Locale.ROOT, "# Movie size: %d  %d  %d%n", width, height, p.frames()));
        sb.append("# Columns: frame, patch x, patch y, raw shift x, raw shift y, fit shift x, fit shift y"
                + (sevenColumns ? "\n\n" : ", rejected\n\n"));
        var layout = p.layout();
        if (byFrame) {
            for (int t = 0; t < p.frames(); t++) {
                for (int q = 0; q < p.patches(); q++) {
                    patchRow(sb, p, fit, layout, q, t, sevenColumns);
                }
                sb.append('\n');
            }
        } else {
            for (int q = 0; q < p.patches(); q++) {
                sb.append(String.format(Locale.ROOT, "#Patch %03d raw and fit shifts%n", q + 1));
                for (int t = 0; t < p.frames(); t++) {
                    patchRow(sb, p, fit, layout, q, t, sevenColumns);
                }
                sb.append('\n');
            }
        }
        return sb.toString();
    }

    /** fit[q][t] = {x, y}: what the applied correction says patch q moved by in frame t, or NaN. */
    private static double[][][] fitted(org.stillframe.align.patch.LocalMotion local) {
        org.stillframe.align.patch.PatchShifts p = local.patches();
        int n = p.frames();
        double[][][] fit = new double[p.patches()][n][2];
        double[] u = new double[2];
        for (int q = 0; q < p.patches(); q++) {
            double[] cx = new double[n];
            double[] cy = new double[n];
            double mx = 0;
            double my = 0;
            for (int t = 0; t < n; t++) {
                if (local.applied()) {
                    local.model().at(p.layout().centreX()[q], p.layout().centreY()[q], t, u);
                    cx[t] = u[0] + local.frameOffsetX()[t];
                    cy[t] = u[1] + local.frameOffsetY()[t];
                } else {
                    cx[t] = Double.NaN;
                    cy[t] = Double.NaN;
                }
                mx += (p.x()[q][t] - cx[t]) / n;
                my += (p.y()[q][t] - cy[t]) / n;
            }
            for (int t = 0; t < n; t++) {
                fit[q][t][0] = cx[t] + mx;
                fit[q][t][1] = cy[t] + my;
            }
        }
        return fit;
    }

    private static void patchRow(StringBuilder sb, org.stillframe.align.patch.PatchShifts p, double[][][] fit,
                                 org.stillframe.align.patch.PatchLayout layout, int q, int t, boolean seven) {
        // RELION reads the fit columns as numbers: with no model applied the applied local shift is zero.
        double fx = seven && Double.isNaN(fit[q][t][0]) ? 0 : fit[q][t][0];
        double fy = seven && Double.isNaN(fit[q][t][1]) ? 0 : fit[q][t][1];
        sb.append(String.format(Locale.ROOT, "%4d %8.2f %8.2f %8.2f %8.2f %8.2f %8.2f", t + 1,
                layout.centreX()[q], layout.centreY()[q], p.x()[q][t], p.y()[q][t], fx, fy));
        sb.append(seven ? "\n" : String.format(Locale.ROOT, " %4d%n", p.rejected()[q] ? 1 : 0));
    }

    /**
     * The fitted deformation model, {@code <stem>.model.tsv}: one row per coefficient in RELION's order
     * (rlnMotionModelCoeffsIdx 0–35: 0–17 x, 18–35 y; index 3·m + k − 1 within an axis, monomial m of 1, x, x²,
     * y, y², xy with x = X/W − 0.5, y = Y/H − 0.5, time power k = 1..3, t = frame − first frame).
     */
    public static String model(org.stillframe.align.patch.LocalMotion local) {
        org.stillframe.align.patch.DeformationModel model = local.model();
        String[] mono = {"1", "x", "x^2", "y", "y^2", "x*y"};
        StringBuilder sb = new StringBuilder();
        sb.append("# stillframe deformation model: u(x,y,t) = sum_k t^k * sum_m c[3m+k-1] * monomial_m(x,y), "
                + "added to the frame's global shift (px, correction sign)\n");
        sb.append(String.format(Locale.ROOT, "# image %d x %d; RMS distance of kept patches from the model %.3f px; "
                + "patches rejected %d; cross-validated ridge %.0e%n", model.width(), model.height(),
                local.rmsResidualPx(), local.rejectedPatches(), local.ridge()));
        sb.append("index\taxis\tmonomial\ttime_power\tcoefficient\n");
        double[] all = model.relionCoefficients();
        for (int i = 0; i < all.length; i++) {
            int within = i % 18;
            sb.append(String.format(Locale.ROOT, "%d\t%s\t%s\t%d\t%.9e%n", i, i < 18 ? "x" : "y",
                    mono[within / 3], within % 3 + 1, all[i]));
        }
        return sb.toString();
    }

    /** The movie's stem as MotionCor3 names its logs: the file name without .mrc/.mrcs/.tif/.tiff/.eer. */
    public static String stem(String fileName) {
        String lower = fileName.toLowerCase(Locale.ROOT);
        for (String ext : new String[] {".mrc.bz2", ".mrcs.bz2", ".tiff.bz2", ".tif.bz2", ".eer.bz2", ".mrcs", ".mrc",
            ".tiff", ".tif", ".eer", ".st", ".bz2"}) {
            if (lower.endsWith(ext)) {
                return fileName.substring(0, fileName.length() - ext.length());
            }
        }
        return fileName;
    }
}
