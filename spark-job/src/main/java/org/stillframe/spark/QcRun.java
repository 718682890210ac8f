package org.stillframe.spark;

import java.io.IOException;
import java.io.PrintWriter;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;

/** Runs {@link Qc} for the command line in a local Spark session. */
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
        SparkConf conf = new SparkConf(true).setIfMissing("spark.master", "local[*]")
                .setIfMissing("spark.app.name", "stillframe qc").setIfMissing("spark.ui.enabled", "false");
        boolean sessionBefore = SparkSession.getDefaultSession().isDefined();
        try {
            Qc.Report r = Qc.report(StillframeJob.existingOr(conf), dir);
            out.print(json ? Qc.json(r) + "\n" : Qc.text(r));
            out.flush();
            return 0;
        } finally {
            if (!sessionBefore) {
                StillframeJob.stopOwnSession();
            }
        }
    }
}
