package org.stillframe.cli;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValue;
import java.io.File;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.stillframe.config.Defaults;
import org.stillframe.options.MotionCorArgs;
import org.stillframe.options.UsageException;
import org.stillframe.spark.StillframeJob;
import org.stillframe.spark.WatchJob;
import org.stillframe.watch.CompletenessRules;
import org.stillframe.watch.SessionMonitor;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine;

/**
 * {@code stillframe job}: corrects a whole dataset with Spark (local mode by default, or under spark-submit),
 * writing per-movie outputs and Parquet tables to the output folder and ending with the QC summary.
 */
@Command(name = "job", mixinStandardHelpOptions = true,
        description = "Correct a dataset with Spark: --movies GLOB|FOLDER|LIST.txt|movies.star --out DIR"
                + " [-- MotionCor2 flags]. Exit 0: all ok; 3: some movies failed (the rest written); 2: bad"
                + " input; 1: internal error.")
public final class JobCommand implements Callable<Integer> {

    @Option(names = "--movies", required = true, description = "Glob, folder, text list or RELION movies.star "
            + "(local path or hdfs://, s3a://, file:// URI).")
    String movies;

    @Option(names = "--out", required = true, description = "Output folder (local path or Hadoop URI).")
    String out;

    @Option(names = "--profile", description = "A HOCON profile (e.g. conf/falcon4-eer.conf) over the defaults.")
    File profile;

    @Option(names = "--master", description = "Spark master when not under spark-submit (default local[*]).")
    String master;

    @Option(names = "--tilt-series", description = "--movies names SerialEM .mdoc files (a glob, folder or file):"
            + " every tilt is corrected with its pre-exposure and even/odd sums, then each series is stacked in"
            + " angle order (OUT/NAME.st, _EVN.st, _ODD.st, .tlt, .rawtlt, NAME_tilts.tsv) and listed in tables/tilts.")
    boolean tiltSeries;

    @Option(names = "--dose-per-tilt", defaultValue = "NaN", description = "With --tilt-series: e/A^2 per tilt"
            + " where an mdoc's ExposureDose is 0 or missing.")
    double dosePerTilt;

    @Option(names = "--relion-star", description = "Also write RELION 3.1's motion STAR per movie and"
            + " OUT/corrected_micrographs.star.")
    boolean relionStar;

    @Option(names = "--particles", description = "Per-particle local motion correction after each movie: the"
            + " picks (RELION particles STAR or CSV; local file). Writes OUT/Particles/, OUT/particles.star and"
            + " tables/particles; the particle options below apply.")
    String particles;

    @Option(names = "--watch", description = "Correct movies as they are written: --movies names a folder or a"
            + " pattern in one (DIR/*.tiff); each movie is corrected once, when complete (size and time unchanged"
            + " for stillframe.watch.stable-seconds, not a temporary name, its sidecar there if one is asked for),"
            + " and its rows added to the tables at once. Stops with --until-idle or --stop-file (or is killed and"
            + " restarted: nothing is done twice).")
    boolean watch;

    @Option(names = "--until-idle", paramLabel = "DURATION", description = "With --watch: stop when nothing new has"
            + " come and nothing is left for this long (30m, 90s, 2h).")
    String untilIdle;

    @Option(names = "--stop-file", paramLabel = "FILE", description = "With --watch: stop when this file exists"
            + " (the backlog is finished first).")
    String stopFile;

    @Option(names = "--max-movies", defaultValue = "0", description = "Only process the first N movies.")
    int maxMovies;

    @CommandLine.Mixin
    ParticleArgs particleArgs = new ParticleArgs();

    @Option(names = "--polish", description = "Reference-based motion correction after each movie: the"
            + " refinement's particles STAR (poses, CTF, half sets; local file); with --half1/--half2 (paths every"
            + " executor reads), --resolution (a cap on the band; by default the half-maps' FSC 0.143), the priors"
            + " or their search, --box/--diameter, --out-box, --float16."
            + " Phase 1 (priors, dose weights) runs on the driver; writes OUT/Polish/, OUT/polished_particles.star,"
            + " OUT/bfactors.tsv and tables/particles, tables/dose_weights.")
    String polish;

    @CommandLine.Mixin
    PolishArgs polishArgs = new PolishArgs();

    @Option(names = "--conf", description = "Spark setting KEY=VALUE (repeatable).")
    List<String> sparkConf = new ArrayList<>();

    @Parameters(paramLabel = "FLAGS", description = "MotionCor2-style flags for every movie, after --.")
    List<String> flags = new ArrayList<>();

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        java.io.PrintWriter err = spec.commandLine().getErr();
        Config job;
        try {
            job = profile == null ? Defaults.root() : ConfigFactory.parseFile(profile).withFallback(Defaults.root())
                    .resolve();
            if (profile != null && !profile.isFile()) {
                err.println("stillframe job: " + profile + ": no such profile");
                return Main.BAD_INPUT;
            }
            job = job.getConfig("stillframe.job");
        } catch (ConfigException e) {
            err.println("stillframe job: " + e.getMessage());
            return Main.BAD_INPUT;
        }
        Map<String, String> conf = sparkSettings(job);
        if (master != null) {
            conf.put("spark.master", master);
        }
        for (String kv : sparkConf) {
            int eq = kv.indexOf('=');
            if (eq <= 0) {
                err.println("stillframe job: --conf wants KEY=VALUE, got '" + kv + "'");
                return Main.BAD_INPUT;
            }
            conf.put(kv.substring(0, eq), kv.substring(eq + 1));
        }
        List<String> merged = new java.util.ArrayList<>(mergeFlags(job.getStringList("motioncor"), flags));
        if (relionStar && merged.stream().noneMatch(f -> f.equalsIgnoreCase("--relion-star")
                || f.equalsIgnoreCase("-OutStar"))) {
            merged.add("--relion-star");
        }
        org.stillframe.extract.ParticleConfig particleConfig = null;
        if (particles != null) {
            try {
                particleConfig = particleArgs.config();
            } catch (UsageException e) {
                err.println("stillframe job: " + e.getMessage());
                return Main.BAD_INPUT;
            }
        }
        org.stillframe.spark.PolishRequest polishRequest = null;
        if (polish != null) {
            try {
                polishArgs.check();
                if (particles != null) {
                    throw new UsageException("--particles and --polish are separate runs");
                }
            } catch (UsageException e) {
                err.println("stillframe job: " + e.getMessage());
                return Main.BAD_INPUT;
            }
            polishRequest = new org.stillframe.spark.PolishRequest(polish, polishArgs.half1.toString(),
                    polishArgs.half2.toString(), polishArgs.mask == null ? null : polishArgs.mask.toString(),
                    particleArgs.resolution, particleArgs.box, particleArgs.diameter, particleArgs.outBox,
                    particleArgs.float16, polishArgs.sigmaV, polishArgs.sigmaD, polishArgs.sigmaA,
                    polishArgs.cvMicrographs);
        }
        StillframeJob.Options options = new StillframeJob.Options(movies, out, merged, conf,
                job.getDouble("progress-seconds"), true, tiltSeries, dosePerTilt, particles, particleConfig, maxMovies,
                polishRequest);
        if ((untilIdle != null || stopFile != null) && !watch) {
            err.println("stillframe job: --until-idle and --stop-file go with --watch");
            return Main.BAD_INPUT;
        }
        if (watch) {
            WatchJob.Settings settings;
            try {
                settings = watchSettings(profile == null ? Defaults.root() : ConfigFactory.parseFile(profile)
                        .withFallback(Defaults.root()).resolve());
            } catch (ConfigException | IllegalArgumentException e) {
                err.println("stillframe job: " + e.getMessage());
                return Main.BAD_INPUT;
            }
            return WatchJob.run(options, settings, spec.commandLine().getOut(), err);
        }
        return StillframeJob.run(options, spec.commandLine().getOut(), err);
    }

    /** The watch settings: {@code stillframe.watch} and the command line's --until-idle and --stop-file. */
    WatchJob.Settings watchSettings(Config root) {
        Config w = root.getConfig("stillframe.watch");
        double idle = 0;
        if (untilIdle != null) {
            try {
                idle = ConfigFactory.parseString("d = \"" + untilIdle.strip() + "\"").getDuration("d").toMillis() / 1000.0;
            } catch (ConfigException e) {
                throw new IllegalArgumentException("--until-idle takes a duration such as 30m, 90s or 2h, got '"
                        + untilIdle + "'");
            }
            if (!(idle > 0)) {
                throw new IllegalArgumentException("--until-idle must be positive, got '" + untilIdle + "'");
            }
        }
        double poll = w.getDouble("poll-seconds");
        if (!(poll > 0)) {
            throw new IllegalArgumentException("stillframe.watch.poll-seconds must be positive, got " + poll);
        }
        return new WatchJob.Settings(idle, stopFile, poll, CompletenessRules.of(w), w.getDouble("rate-minutes"),
                SessionMonitor.Thresholds.of(w.getConfig("alert")), w.getDouble("series-stable-seconds"));
    }

    /** The {@code spark} settings of a {@code stillframe.job} configuration, as Spark keys and values. */
    static Map<String, String> sparkSettings(Config job) {
        Map<String, String> conf = new LinkedHashMap<>();
        for (Map.Entry<String, ConfigValue> e : job.getConfig("spark").entrySet()) {
            conf.put(e.getKey().replace("\"", ""), String.valueOf(e.getValue().unwrapped()));
        }
        return conf;
    }

    /** The profile's flags with any flag also given on the command line replaced by the command line's. */
    public static List<String> mergeFlags(List<String> profile, List<String> cli) {
        return MotionCorArgs.mergeFlags(profile, cli);
    }
}
