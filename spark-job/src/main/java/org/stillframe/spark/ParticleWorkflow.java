package org.stillframe.spark;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.stillframe.extract.ParticleConfig;
import org.stillframe.extract.ParticlePicks;
import org.stillframe.options.MotionCorSettings;

/**
 * {@code job --particles}: each movie's picked particles are tracked and extracted on its executor; the driver
 * writes the particles table and particles.star.
 */
final class ParticleWorkflow implements Workflow {

    private final ParticlePicks picks;
    private final ParticleConfig config;
    private final MotionCorSettings settings;
    private final String output;
    private final PrintWriter log;

    private ParticleWorkflow(ParticlePicks picks, ParticleConfig config, MotionCorSettings settings, String output,
                             PrintWriter log) {
        this.picks = picks;
        this.config = config;
        this.settings = settings;
        this.output = output;
        this.log = log;
    }

    /** Reads the picks (a STAR file) on the driver. */
    static ParticleWorkflow read(String picks, ParticleConfig config, MotionCorSettings settings, String output,
                                 PrintWriter log) throws IOException {
        return new ParticleWorkflow(ParticlePicks.read(Path.of(picks)), config, settings, output, log);
    }

    @Override
    public JobSpec prepare(JobSpec spec, List<MovieEntry> movies) {
        return spec.withParticles(ParticleJob.of(picks, config, movies));
    }

    @Override
    public void finish(SparkSession spark, Outcomes outcomes, JobSpec spec, List<MovieEntry> movies)
            throws IOException {
        ParticleTables.write(spark, outcomes, picks, spec, settings, output, log);
    }
}
