package org.stillframe.spark;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.Comparator;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.stillframe.options.MotionCorSettings;

/**
 * {@code job --tilt-series}: the dataset is the tilts of every mdoc (each tilt a movie with its own pre-exposure,
 * see {@link TiltSeriesJob}); when all are corrected the driver stacks each series and writes the tilts table.
 */
final class TiltSeriesWorkflow implements Workflow {

    private final List<TiltSeriesJob.Series> series;
    private final MotionCorSettings settings;
    private final PrintWriter log;

    private TiltSeriesWorkflow(List<TiltSeriesJob.Series> series, MotionCorSettings settings, PrintWriter log) {
        this.series = series;
        this.settings = settings;
        this.log = log;
    }

    /** Lists the series the dataset's mdoc files describe. */
    static TiltSeriesWorkflow list(String dataset, double dosePerTilt, MotionCorSettings settings, PrintWriter log)
            throws IOException {
        return new TiltSeriesWorkflow(TiltSeriesJob.list(dataset, dosePerTilt), settings, log);
    }

    /** Every tilt of every series, largest first (the job's order for balancing). */
    List<MovieEntry> movies() {
        return series.stream().flatMap(s -> s.movies().stream())
                .sorted(Comparator.comparingLong(MovieEntry::sizeBytes).reversed()).toList();
    }

    @Override
    public void finish(SparkSession spark, Outcomes outcomes, JobSpec spec, List<MovieEntry> movies)
            throws IOException {
        // Without -Kv, RELION's tilt-series STAR says 300 kV, as stillframe tilts' does.
        double kv = Double.isFinite(settings.voltageKv()) ? settings.voltageKv() : 300;
        TiltSeriesJob.assemble(spark, series, outcomes.list(), spec, settings.doseWeighting(), kv, log);
    }
}
