package org.stillframe.spark;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.stillframe.options.MotionCorSettings;

/** {@code --relion-star} (-OutStar 1): a finishing step that writes RELION's corrected_micrographs.star. */
final class RelionStarWorkflow implements Workflow {

    private final MotionCorSettings settings;
    private final String output;
    private final PrintWriter log;

    RelionStarWorkflow(MotionCorSettings settings, String output, PrintWriter log) {
        this.settings = settings;
        this.output = output;
        this.log = log;
    }

    @Override
    public void finish(SparkSession spark, Outcomes outcomes, JobSpec spec, List<MovieEntry> movies)
            throws IOException {
        String star = JobStore.child(output, "corrected_micrographs.star");
        String text = RelionJobStar.correctedMicrographs(outcomes.ok(), settings,
                movies);
        JobStore.write(star, text.getBytes(StandardCharsets.UTF_8));
        log.println("RELION: " + star);
    }
}
