package org.stillframe.spark;

import java.io.IOException;
import java.util.List;
import org.apache.spark.sql.SparkSession;

/**
 * One thing the job does with a dataset, in three parts: on the driver before the movies are corrected
 * ({@link #prepare}: adds its per-movie step to the job spec, which carries it to the executors), on the executors
 * per movie (that step, run by {@link MovieRunner} after the correction), and on the driver when every movie is done
 * ({@link #finish}: its outputs from the recorded outcomes). {@link StillframeJob} runs the workflows in order.
 */
interface Workflow {

    /** The job spec with this workflow's per-movie step (and what it changes in the options hash); default none. */
    default JobSpec prepare(JobSpec spec, List<MovieEntry> movies) throws IOException {
        return spec;
    }

    /** This workflow's outputs from the outcomes of the dataset's movies (read once, cached). */
    void finish(SparkSession spark, Outcomes outcomes, JobSpec spec, List<MovieEntry> movies)
            throws IOException;
}
