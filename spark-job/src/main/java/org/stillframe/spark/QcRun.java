package org.stillframe.spark;

import java.io.IOException;
import java.io.PrintWriter;

/** Runs {@link Qc} for the command line (on this JVM, without Spark). */
public final class QcRun {

    private QcRun() {
    }

    /** Exit status 0 when the report was printed, 2 when there are no tables there. */
    public static int run(String tables, boolean json, PrintWriter out, PrintWriter err) {
        String dir = tables;
        try {
            if (!JobStore.exists(JobStore.child(JobStore.child(dir, "movies"), "_SUCCESS"))
                    && JobStore.exists(JobStore.child(JobStore.child(JobStore.child(dir, "tables"), "movies"),
                    "_SUCCESS"))) {
                dir = JobStore.child(dir, "tables");
            }
            if (!JobStore.exists(JobStore.child(JobStore.child(dir, "movies"), "_SUCCESS"))) {
                err.println("stillframe qc: " + tables + ": no job tables here (expected movies/ written by"
                        + " stillframe job)");
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
