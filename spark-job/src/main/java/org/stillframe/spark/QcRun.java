package org.stillframe.spark;

import java.io.IOException;
import java.io.PrintWriter;

/** Runs {@link Qc} for the command line (on this JVM, without Spark). */
public final class QcRun {

    static final String NO_TABLES = "no job tables here (expected movies/ written by stillframe job)";

    private QcRun() {
    }

    /**
     * The job's tables folder given it or the job's output folder; null when neither holds the movies table, as a
     * finished job leaves it or as a watch appends to it ({@link Tables#LIVE}).
     */
    static String tablesIn(String given) throws IOException {
        for (String dir : new String[] {given, JobStore.child(given, "tables")}) {
            String movies = JobStore.child(dir, "movies");
            if (JobStore.exists(JobStore.child(movies, "_SUCCESS")) || JobStore.exists(JobStore.child(movies,
                    Tables.LIVE))) {
                return dir;
            }
        }
        return null;
    }

    /** Exit status 0 when the report was printed, 2 when there are no tables there. */
    public static int run(String tables, boolean json, PrintWriter out, PrintWriter err) {
        String dir;
        try {
            dir = tablesIn(tables);
            if (dir == null) {
                err.println("stillframe qc: " + tables + ": " + NO_TABLES);
                return 2;
            }
        } catch (IOException e) {
            err.println("stillframe qc: " + tables + ": " + e.getMessage());
            return 2;
        }
        Qc.Report r = Qc.report(dir); // read on this JVM: no Spark session to start
        out.print(json ? Qc.json(r) + "\n" : Qc.text(r));
        out.flush();
        return 0;
    }
}
