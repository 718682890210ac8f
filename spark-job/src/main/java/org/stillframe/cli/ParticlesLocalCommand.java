package org.stillframe.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import org.stillframe.extract.ParticleConfig;
import org.stillframe.extract.ParticleExtraction;
import org.stillframe.extract.ParticlePicks;
import org.stillframe.extract.ParticlesStar;
import org.stillframe.io.AtomicFiles;
import org.stillframe.io.BadInputException;
import org.stillframe.movie.MovieResult;
import org.stillframe.movie.MovieTask;
import org.stillframe.options.MotionCorSettings;
import org.stillframe.options.UsageException;
import org.stillframe.pipeline.MoviePipeline;
import org.stillframe.spark.MovieEntry;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine;

/**
 * {@code stillframe particles local}: each movie is motion-corrected (whole frame and patches, MotionCor2 flags
 * after --), then its picked particles are tracked on their own and extracted motion-corrected and dose-weighted.
 */
@Command(name = "local", mixinStandardHelpOptions = true,
        description = "Per-particle local motion correction: track every picked particle through its movie on top"
                + " of the patch motion and write motion-corrected, dose-weighted particle stacks (.mrcs), a"
                + " particles STAR file, per-particle trajectories and diagnostic plots.")
public final class ParticlesLocalCommand implements Callable<Integer> {

    @Option(names = "--movies", required = true, description = "Movies: a glob, a folder, a list file or a RELION"
            + " movies.star.")
    String movies;

    @Option(names = "--picks", required = true, description = "Particle picks: RELION particles STAR"
            + " (rlnMicrographName, rlnCoordinateX/Y; other columns kept) or CSV (micrograph,x,y).")
    Path picks;

    @Option(names = "--out", required = true, description = "Output folder: particles.star, Particles/, sums.")
    Path out;

    @CommandLine.Mixin
    ParticleArgs particleArgs = new ParticleArgs();

    @Option(names = "--max-movies", defaultValue = "0", description = "Only process the first N movies.")
    int maxMovies;

    @Option(names = "--threads", defaultValue = "0", description = "Worker threads, 0 = all cores.")
    int threads;

    @Parameters(paramLabel = "FLAGS", description = "MotionCor2 flags for every movie, after -- (e.g. -Gain g.mrc"
            + " -PixSize 1 -Kv 300 -FmDose 1). -Patch 5 5 unless given.")
    List<String> flags = new ArrayList<>();

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        var o = spec.commandLine().getOut();
        var err = spec.commandLine().getErr();
        try {
            ParticleConfig config = particleArgs.config();
            ParticlePicks all = ParticlePicks.read(picks);
            Map<String, List<Integer>> byStem = all.rowsByStem();
            List<MovieEntry> entries = ParticleCommands.movies(movies, maxMovies);
            MotionCorSettings settings = ParticleCommands.settingsWithPatches(flags);
            Path particles = out.resolve("Particles");
            Files.createDirectories(particles);
            Set<String> done = new LinkedHashSet<>();
            double pixel = Double.NaN;
            int outSize = 0;
            int failed = 0;
            int t = threads > 0 ? threads : Runtime.getRuntime().availableProcessors();
            try (MoviePipeline pipeline = new MoviePipeline(t)) {
                int index = 0;
                for (MovieEntry e : entries) {
                    List<Integer> rows = byStem.get(e.stem());
                    index++;
                    if (rows == null) {
                        o.printf("%s: no picks, skipped%n", e.stem());
                        continue;
                    }
                    ParticleExtraction step = new ParticleExtraction(e.stem(), all.picks(rows), particles, config,
                            index <= config.plots());
                    try {
                        MovieResult r = pipeline.run(new MovieTask(e.location(), out.resolve(e.stem() + ".mrc"),
                                settings), step, line -> {
                                    if (line.startsWith("Particles:") || line.startsWith("Warning")) {
                                        o.println(e.stem() + ": " + line);
                                    }
                                });
                        double px = Double.isFinite(r.pixelSizeA()) ? r.pixelSizeA() : 1;
                        int b = config.box(px, settings.voltageKv());
                        int ob = config.outBoxPx() > 0 ? config.outBoxPx() : b;
                        pixel = px * b / ob;
                        outSize = ob;
                        done.add(e.stem());
                        o.printf("%s: %d particles -> %s%n", e.stem(), rows.size(),
                                ParticleExtraction.stack(particles, e.stem()));
                    } catch (BadInputException ex) {
                        failed++;
                        err.println("stillframe particles local: " + ex.getMessage());
                    }
                    o.flush();
                }
            }
            if (done.isEmpty()) {
                throw new BadInputException(picks.toString(), "no movie of " + movies + " was corrected (picks"
                        + " name " + byStem.size() + " micrographs; do their names match the movies?)");
            }
            Path star = out.resolve("particles.star");
            AtomicFiles.writeString(star, ParticlesStar.write(all, done,
                    stem -> "Particles/" + ParticleExtraction.stack(particles, stem).getFileName(), pixel, outSize,
                    settings.voltageKv()));
            o.printf("Particles of %d movies in %s%s%n", done.size(), star,
                    failed > 0 ? "; " + failed + " movies failed" : "");
            return failed > 0 ? Main.BAD_INPUT : Main.OK;
        } catch (BadInputException | UsageException e) {
            err.println("stillframe particles local: " + e.getMessage());
            return Main.BAD_INPUT;
        } catch (IllegalArgumentException e) {
            err.println("stillframe particles local: " + e.getMessage());
            return Main.BAD_INPUT;
        }
    }
}
