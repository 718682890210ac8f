package org.stillframe.spark;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.stillframe.extract.ParticlePicks;
import org.stillframe.options.MotionCorSettings;

/**
 * {@code job --polish}: phase 1 (priors, dose weights) on the driver, phase 2 (each movie's posed particles against
 * the half-maps) on its executor, then the polished particles, their table and the dose weights (see
 * {@link PolishDriver}).
 */
final class PolishWorkflow implements Workflow {

    private final PolishRequest request;
    private final ParticlePicks posed;
    private final MotionCorSettings settings;
    private final String output;
    private final PrintWriter log;

    private PolishWorkflow(PolishRequest request, ParticlePicks posed, MotionCorSettings settings, String output,
                           PrintWriter log) {
        this.request = request;
        this.posed = posed;
        this.settings = settings;
        this.output = output;
        this.log = log;
    }

    /** Reads the posed particles (a STAR file) on the driver. */
    static PolishWorkflow read(PolishRequest request, MotionCorSettings settings, String output, PrintWriter log)
            throws IOException {
        return new PolishWorkflow(request, ParticlePicks.read(Path.of(request.particles())), settings, output, log);
    }

    @Override
    public JobSpec prepare(JobSpec spec, List<MovieEntry> movies) throws IOException {
        return PolishDriver.prepare(request, posed, movies, settings, spec, output, log);
    }

    @Override
    public void finish(SparkSession spark, Outcomes outcomes, JobSpec spec, List<MovieEntry> movies)
            throws IOException {
        PolishDriver.finish(spark, outcomes, posed, spec, settings, output, log);
    }
}
