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
import org.stillframe.extract.BoxSize;
import org.stillframe.extract.ParticlePicks;
import org.stillframe.extract.ParticlesStar;
import org.stillframe.extract.Polishing;
import org.stillframe.extract.PosedParticles;
import org.stillframe.io.AtomicFiles;
import org.stillframe.io.BadInputException;
import org.stillframe.particles.EmpiricalWeights;
import org.stillframe.particles.HyperparameterSearch;
import org.stillframe.particles.PolishOptions;
import org.stillframe.particles.PolishParticle;
import org.stillframe.particles.ReferenceMotion;
import org.stillframe.pipeline.MotionCorSettings;
import org.stillframe.pipeline.MoviePipeline;
import org.stillframe.pipeline.MovieResult;
import org.stillframe.pipeline.MovieTask;
import org.stillframe.polish.ReferenceProjector;
import org.stillframe.spark.DatasetListing;
import org.stillframe.spark.MovieEntry;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

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

    @Option(names = "--half1", required = true, description = "Half-map 1 (MRC, the movies' pixel size).")
    Path half1;

    @Option(names = "--half2", required = true, description = "Half-map 2.")
    Path half2;

    @Option(names = "--mask", description = "Mask applied to both half-maps (MRC, same size).")
    Path mask;

    @Option(names = "--resolution", defaultValue = "5", description = "Resolution of the reference (A): the"
            + " highest frequency used (default 5).")
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

    @Option(names = "--sigma-v", defaultValue = "NaN", description = "Velocity prior (px/frame); with --sigma-d"
            + " and --sigma-a it skips the cross-validation search.")
    double sigmaV;

    @Option(names = "--sigma-d", defaultValue = "NaN", description = "Spatial correlation distance (px).")
    double sigmaD;

    @Option(names = "--sigma-a", defaultValue = "NaN", description = "Acceleration prior (px/frame^2).")
    double sigmaA;

    @Option(names = "--cv-micrographs", defaultValue = "2", description = "Micrographs for the hyperparameter"
            + " search and the dose weights (default 2).")
    int cvMicrographs;

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
            ParticlePicks all = ParticlePicks.read(particlesStar);
            Map<String, List<Integer>> byStem = all.rowsByStem();
            List<MovieEntry> entries = DatasetListing.list(movies);
            entries = new ArrayList<>(entries.stream().filter(e -> byStem.containsKey(e.stem())).toList());
            entries.sort(java.util.Comparator.comparing(MovieEntry::stem));
            if (maxMovies > 0 && entries.size() > maxMovies) {
                entries = entries.subList(0, maxMovies);
            }
            if (entries.isEmpty()) {
                throw new BadInputException(particlesStar.toString(), "names no micrograph of " + movies);
            }
            List<String> base = new ArrayList<>(flags);
            if (base.stream().noneMatch(f -> f.equalsIgnoreCase("-Patch"))) {
                base.addAll(List.of("-Patch", "5", "5"));
            }
            List<String> withIo = new ArrayList<>(List.of("-InMrc", "movie.mrc", "-OutMrc", "sum.mrc"));
            withIo.addAll(base);
            MotionCorSettings settings = MotionCorCommand.settings(MotionCorArgs.parse(withIo.toArray(String[]::new)));
            double pixel = settings.pixelSizeA();
            if (!(pixel > 0)) {
                throw new UsageException("give the movies' pixel size (-PixSize)");
            }
            ReferenceProjector map1 = Polishing.loadMap(half1, mask, pixel);
            ReferenceProjector map2 = Polishing.loadMap(half2, mask, pixel);
            List<PolishParticle> first = PosedParticles.of(all, byStem.get(entries.get(0).stem()), pixel,
                    particlesStar.toString());
            int b = box > 0 ? box + (box & 1) : Double.isFinite(diameter)
                    ? BoxSize.pixels(diameter, first.get(0).ctf().defocusUA() / 1e4, resolution,
                            first.get(0).ctf().voltageKv(), pixel)
                    : 2 * map1.mapSize();
            double maskRadius = Double.isFinite(diameter) ? Math.min(0.45 * b, 0.55 * diameter / pixel) : 0.4 * b;
            PolishOptions start = new PolishOptions(b, maskRadius, Math.min(b / 2.0 - 1, b * pixel / resolution),
                    Double.isFinite(sigmaV) ? sigmaV : 0.2, Double.isFinite(sigmaD) ? sigmaD : 1000,
                    Double.isFinite(sigmaA) ? sigmaA : 0.1);
            int t = threads > 0 ? threads : Runtime.getRuntime().availableProcessors();
            Path folder = out.resolve("Polish");
            Files.createDirectories(folder);
            List<String> log = new ArrayList<>();
            PolishOptions chosen;
            EmpiricalWeights weights;
            org.stillframe.dose.DoseSchedule schedule = null;
            try (MoviePipeline pipeline = new MoviePipeline(t)) {
                // Phase 1: the first micrographs give the hyperparameters and the dose weights.
                List<ReferenceMotion.Prepared> subset = new ArrayList<>();
                for (MovieEntry e : entries.subList(0, Math.min(Math.max(1, cvMicrographs), entries.size()))) {
                    List<PolishParticle> ps = PosedParticles.of(all, byStem.get(e.stem()), pixel,
                            particlesStar.toString());
                    Polishing.Prepare step = new Polishing.Prepare(ps, map1, map2, start);
                    MovieResult r = pipeline.run(new MovieTask(e.location(), out.resolve(e.stem() + ".mrc"), settings),
                            step, line -> { });
                    schedule = r.schedule();
                    subset.add(step.prepared());
                }
                try (org.stillframe.parallel.Workers w = new org.stillframe.parallel.Workers(t)) {
                    ReferenceMotion rm = new ReferenceMotion(w);
                    chosen = Double.isFinite(sigmaV) && Double.isFinite(sigmaD) && Double.isFinite(sigmaA) ? start
                            : HyperparameterSearch.search(rm, subset, start, line -> {
                                log.add(line);
                                o.println(line);
                                o.flush();
                            });
                    List<double[][]> trajectories = new ArrayList<>();
                    for (ReferenceMotion.Prepared d : subset) {
                        trajectories.add(rm.fit(d, chosen));
                    }
                    weights = EmpiricalWeights.fit(subset, trajectories, pixel);
                }
                AtomicFiles.writeString(out.resolve("bfactors.tsv"), Polishing.bFactorTable(weights, schedule));
                Polishing.bFactorPlot(weights, out.resolve("bfactors.png"));
                log.add(String.format(Locale.ROOT, "Priors: sigma_v %.4g px/frame, sigma_d %.4g px, sigma_a %.4g"
                        + " px/frame^2", chosen.velocitySigma(), chosen.divergence(), chosen.accelerationSigma()));
                AtomicFiles.writeString(out.resolve("polish.log"), String.join("\n", log) + "\n");
                // Phase 2: every movie.
                Set<String> done = new LinkedHashSet<>();
                int ob = outBox > 0 ? outBox : b;
                for (MovieEntry e : entries) {
                    List<PolishParticle> ps = PosedParticles.of(all, byStem.get(e.stem()), pixel,
                            particlesStar.toString());
                    Polishing.Polish step = new Polishing.Polish(e.stem(), ps, map1, map2, chosen, weights, folder, ob,
                            float16);
                    try {
                        pipeline.run(new MovieTask(e.location(), out.resolve(e.stem() + ".mrc"), settings), step,
                                line -> {
                                    if (line.startsWith("Polished:")) {
                                        o.println(e.stem() + ": " + line);
                                    }
                                });
                        done.add(e.stem());
                    } catch (BadInputException ex) {
                        err.println("stillframe particles polish: " + ex.getMessage());
                    }
                    o.flush();
                }
                Path star = out.resolve("polished_particles.star");
                AtomicFiles.writeString(star, ParticlesStar.write(centred(all, pixel), done,
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

    /** The picks with the refinement's origin folded into the coordinates (the polished images are centred). */
    private static ParticlePicks centred(ParticlePicks all, double pixel) {
        List<String> c = all.columns();
        int x = c.indexOf("_rlnCoordinateX");
        int y = c.indexOf("_rlnCoordinateY");
        int ox = c.indexOf("_rlnOriginXAngst");
        int oy = c.indexOf("_rlnOriginYAngst");
        if (ox < 0 && oy < 0) {
            return all;
        }
        List<String[]> rows = new ArrayList<>();
        for (String[] r : all.rows()) {
            String[] v = r.clone();
            if (ox >= 0) {
                v[x] = String.format(Locale.ROOT, "%.6f", Double.parseDouble(r[x]) - Double.parseDouble(r[ox]) / pixel);
                v[ox] = "0.000000";
            }
            if (oy >= 0) {
                v[y] = String.format(Locale.ROOT, "%.6f", Double.parseDouble(r[y]) - Double.parseDouble(r[oy]) / pixel);
                v[oy] = "0.000000";
            }
            rows.add(v);
        }
        return new ParticlePicks(c, rows, all.optics());
    }
}
