package org.stillframe.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import org.stillframe.extract.HalfMaps;
import org.stillframe.extract.ParticlePicks;
import org.stillframe.extract.ParticlesStar;
import org.stillframe.extract.PolishExtraction;
import org.stillframe.extract.Polishing;
import org.stillframe.extract.PolishTraining;
import org.stillframe.extract.PosedParticles;
import org.stillframe.io.AtomicFiles;
import org.stillframe.io.BadInputException;
import org.stillframe.movie.MovieTask;
import org.stillframe.options.MotionCorSettings;
import org.stillframe.options.UsageException;
import org.stillframe.particles.EmpiricalWeights;
import org.stillframe.particles.PolishOptions;
import org.stillframe.particles.PolishParticle;
import org.stillframe.pipeline.MoviePipeline;
import org.stillframe.polish.HalfMapPair;
import org.stillframe.polish.ReferenceProjector;
import org.stillframe.spark.MovieEntry;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine;

/**
 * {@code stillframe particles polish}: reference-based motion correction. Phase 1, on the first few micrographs:
 * the priors' hyperparameters by cross-validation (unless given) and the empirical dose weights. Phase 2, every
 * movie: trajectories against the references, particles re-extracted with the empirical weights.
 */
@Command(name = "polish", mixinStandardHelpOptions = true,
        description = "Reference-based motion correction (Bayesian-polishing style): per-particle trajectories"
                + " against CTF-modulated projections of the half-maps, spatial and smoothness priors chosen by"
                + " cross-validation, empirical per-frame dose weights; polished particle stacks and STAR.")
public final class ParticlesPolishCommand implements Callable<Integer> {

    @Option(names = "--movies", required = true, description = "Movies: a glob, a folder, a list or movies.star.")
    String movies;

    @Option(names = "--particles", required = true, description = "RELION 3.1 particles STAR from the refinement"
            + " (coordinates, origins, Euler angles, defocus, rlnRandomSubset, optics).")
    Path particlesStar;

    @CommandLine.Mixin
    PolishArgs polish = new PolishArgs();

    @Option(names = "--resolution", defaultValue = "NaN", description = "Optional cap (A) on the frequencies"
            + " used; by default they reach the half-maps' FSC = 0.143 resolution, weighted by the FSC.")
    double resolution;

    @Option(names = "--box", defaultValue = "0", description = "Box (px); default Rosenthal & Henderson's from"
            + " --diameter and the particles' defocus.")
    int box;

    @Option(names = "--diameter", defaultValue = "NaN", description = "Particle diameter (A): box rule and mask.")
    double diameter;

    @Option(names = "--out-box", defaultValue = "0", description = "Fourier-crop the polished particles (px).")
    int outBox;

    @Option(names = "--float16", description = "Write the stacks in 16-bit floats.")
    boolean float16;

    @Option(names = "--plots", defaultValue = "20", description = "Trajectory PNGs for the first N movies"
            + " (default 20).")
    int plots;

    @Option(names = "--max-movies", defaultValue = "0", description = "Only the first N movies.")
    int maxMovies;

    @Option(names = "--out", required = true, description = "Output folder.")
    Path out;

    @Option(names = "--threads", defaultValue = "0", description = "Worker threads, 0 = all cores.")
    int threads;

    @Parameters(paramLabel = "FLAGS", description = "MotionCor2 flags for every movie after -- (-PixSize, -Kv,"
            + " -FmDose, -Gain ...); -Patch 5 5 unless given.")
    List<String> flags = new ArrayList<>();

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        var o = spec.commandLine().getOut();
        var err = spec.commandLine().getErr();
        try {
            polish.check();
            Path half1 = polish.half1;
            Path half2 = polish.half2;
            Path mask = polish.mask;
            double sigmaV = polish.sigmaV;
            double sigmaD = polish.sigmaD;
            double sigmaA = polish.sigmaA;
            int cvMicrographs = polish.cvMicrographs;
            ParticlePicks all = ParticlePicks.read(particlesStar);
            Map<String, List<Integer>> byStem = all.rowsByStem();
            List<MovieEntry> entries = new ArrayList<>(ParticleCommands.movies(movies, 0).stream()
                    .filter(e -> byStem.containsKey(e.stem())).toList());
            entries.sort(java.util.Comparator.comparing(MovieEntry::stem));
            if (maxMovies > 0 && entries.size() > maxMovies) {
                entries = entries.subList(0, maxMovies);
            }
            if (entries.isEmpty()) {
                throw new BadInputException(particlesStar.toString(), "names no micrograph of " + movies);
            }
            MotionCorSettings settings = ParticleCommands.settingsWithPatches(flags);
            double pixel = settings.pixelSizeA();
            if (!(pixel > 0)) {
                throw new UsageException("give the movies' pixel size (-PixSize)");
            }
            HalfMapPair maps = HalfMaps.loadPair(half1, half2, mask, pixel);
            ReferenceProjector map1 = maps.half1();
            ReferenceProjector map2 = maps.half2();
            List<PolishParticle> first = PosedParticles.of(all, byStem.get(entries.get(0).stem()), pixel,
                    particlesStar.toString());
            boolean given = Double.isFinite(sigmaV) && Double.isFinite(sigmaD) && Double.isFinite(sigmaA);
            PolishOptions start = Polishing.start(box, diameter, resolution, pixel, first.get(0), maps, sigmaV,
                    sigmaD, sigmaA);
            o.println(Polishing.referenceLine(maps, start, pixel));
            int b = start.box();
            int t = threads > 0 ? threads : Runtime.getRuntime().availableProcessors();
            Path folder = out.resolve("Polish");
            Files.createDirectories(folder);
            try (MoviePipeline pipeline = new MoviePipeline(t)) {
                // Phase 1: the first micrographs give the hyperparameters and the dose weights.
                List<String[]> subset = new ArrayList<>();
                List<List<PolishParticle>> subsetParticles = new ArrayList<>();
                for (MovieEntry e : entries.subList(0, Math.min(Math.max(1, cvMicrographs), entries.size()))) {
                    subset.add(new String[] {e.location(), e.stem()});
                    subsetParticles.add(PosedParticles.of(all, byStem.get(e.stem()), pixel, particlesStar.toString()));
                }
                int ob = outBox > 0 ? outBox : b;
                Set<String> done = new LinkedHashSet<>();
                // Phase 2 of the last phase-1 movie runs while it is still open: it is not read and aligned again.
                String lastStem = subset.get(subset.size() - 1)[1];
                List<PolishParticle> lastParticles = subsetParticles.get(subsetParticles.size() - 1);
                PolishTraining.Finisher finish = (p1, cut, trajectories, frames, gain, result, pixelSize, workers,
                        lg) -> {
                    List<Path> written = new PolishExtraction(lastStem, lastParticles, map1, map2, p1.chosen(),
                            p1.weights(), folder, ob, float16, subset.size() - 1 < plots) // the first movies
                            .run(frames, gain, result, pixelSize, workers, polishedLines(o, lastStem), cut,
                                    trajectories);
                    done.add(lastStem);
                    return written;
                };
                PolishTraining.Result phase1 = PolishTraining.run(pipeline, subset, subsetParticles, map1, map2,
                        start, given, settings, out, t, line -> {
                            o.println(line);
                            o.flush();
                        }, finish, subset.size() - 1 < plots); // sums only for a plot's background
                PolishOptions chosen = phase1.chosen();
                EmpiricalWeights weights = phase1.weights();
                // Phase 2: every other movie.
                int index = 0;
                for (MovieEntry e : entries) {
                    if (done.contains(e.stem())) {
                        index++;
                        continue;
                    }
                    List<PolishParticle> ps = PosedParticles.of(all, byStem.get(e.stem()), pixel,
                            particlesStar.toString());
                    boolean plot = index++ < plots;
                    PolishExtraction step = new PolishExtraction(e.stem(), ps, map1, map2, chosen, weights, folder, ob,
                            float16, plot);
                    try {
                        // The movie's sums only as a plot's background: polishing needs the frames and motion alone.
                        pipeline.run(new MovieTask(e.location(), out.resolve(e.stem() + ".mrc"), settings),
                                plot ? step : MoviePipeline.FrameStep.withoutSums(step), polishedLines(o, e.stem()));
                        done.add(e.stem());
                    } catch (BadInputException ex) {
                        err.println("stillframe particles polish: " + ex.getMessage());
                    }
                    o.flush();
                }
                Path star = out.resolve("polished_particles.star");
                AtomicFiles.writeString(star, ParticlesStar.write(Polishing.centred(all, pixel), done,
                        stem -> "Polish/" + stem + "_polished.mrcs", pixel * b / ob, ob, settings.voltageKv()));
                o.printf(Locale.ROOT, "Polished particles of %d movies: %s; dose weights %s%n", done.size(), star,
                        out.resolve("bfactors.tsv"));
                return done.size() == entries.size() ? Main.OK : Main.BAD_INPUT;
            }
        } catch (BadInputException | UsageException | IllegalArgumentException e) {
            err.println("stillframe particles polish: " + e.getMessage());
            return Main.BAD_INPUT;
        }
    }

    /** A movie's log as the command prints it: its "Polished:" line only, prefixed with the stem. */
    private static java.util.function.Consumer<String> polishedLines(java.io.PrintWriter o, String stem) {
        return line -> {
            if (line.startsWith("Polished:")) {
                o.println(stem + ": " + line);
            }
        };
    }
}
