package org.stillframe.spark;

import java.io.IOException;
import java.util.List;
import org.apache.spark.sql.SparkSession;

/** Motion correction, which every job does: its per-movie step is the correction itself, its finish the tables. */
final class MotionCorWorkflow implements Workflow {

    @Override
    public void finish(SparkSession spark, Outcomes outcomes, JobSpec spec, List<MovieEntry> movies)
            throws IOException {
        Tables.write(spark, outcomes, spec.tablesDir());
    }
}
