package org.stillframe.spark;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.stillframe.report.ReportModel;
import org.stillframe.report.ReportPage;

/** Writes the QC report page of a run's tables ({@code stillframe report}, and the job at its end); no Spark. */
public final class ReportRun {

    /** The report's name beside the tables folder. */
    public static final String FILE_NAME = "report.html";

    private ReportRun() {
    }

    /**
     * Exit status 0 when the report was written to {@code target} (null: beside the tables), 2 when there are no
     * tables there or the page cannot be written.
     */
    public static int run(String tables, String target, PrintWriter out, PrintWriter err) {
        try {
            String dir = QcRun.tablesIn(tables);
            if (dir == null) {
                err.println("stillframe report: " + tables + ": " + QcRun.NO_TABLES);
                return 2;
            }
            long t0 = System.nanoTime();
            String written = write(dir, target);
            out.printf(Locale.ROOT, "QC report: %s (%.1f s)%n", written, (System.nanoTime() - t0) * 1e-9);
            out.flush();
            return 0;
        } catch (IOException | UncheckedIOException e) {
            err.println("stillframe report: " + tables + ": " + e.getMessage());
            return 2;
        }
    }

    /** Writes the report of the tables in {@code tablesDir} to {@code target} (null: beside them); its location. */
    static String write(String tablesDir, String target) throws IOException {
        return write(tablesDir, target, null);
    }

    /** As {@link #write(String, String)}, with the tables' QC report already made (null: made here). */
    static String write(String tablesDir, String target, Qc.Report qc) throws IOException {
        String output = parent(tablesDir);
        ReportModel model = ReportData.read(tablesDir, output, qc);
        String html = ReportPage.html(model, Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors())));
        String location = target != null ? target : JobStore.child(output, FILE_NAME);
        JobStore.write(location, html.getBytes(StandardCharsets.UTF_8));
        return location;
    }

    /** The job's output folder: the tables folder's parent. */
    static String parent(String tablesDir) {
        String d = tablesDir.endsWith("/") ? tablesDir.substring(0, tablesDir.length() - 1) : tablesDir;
        int slash = d.lastIndexOf('/');
        return slash > 0 ? d.substring(0, slash) : slash == 0 ? "/" : ".";
    }
}
