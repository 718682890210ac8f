package org.stillframe.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.IntStream;
import java.util.concurrent.Callable;
import org.stillframe.io.mrc.MrcMode;
import org.stillframe.parallel.Workers;
import org.stillframe.sim.Detector;
import org.stillframe.sim.SimulationParams;
import org.stillframe.sim.io.MovieSetWriter;
import org.stillframe.sim.io.SessionPlayer;
import org.stillframe.sim.io.SimulationWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code stillframe simulate}: dose-fractionated movies with ground truth. */
@Command(name = "simulate", mixinStandardHelpOptions = true,
        description = {"Simulate movies with known motion, Poisson noise, gain and hot pixels.",
                "Writes NAME.mrc, NAME_gain.mrc, NAME_noisefree.mrc, NAME_truth.tsv and NAME_truth.conf per movie."})
public final class SimulateCommand implements Callable<Integer> {

    @Option(names = "--out", defaultValue = ".", description = "Output folder (default: ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--name", defaultValue = "movie", description = "Movie name (default: ${DEFAULT-VALUE}).")
    String name;

    @Option(names = "--movies", defaultValue = "1",
            description = "Number of movies; with more than one they are NAME_001, NAME_002, ... (default: 1).")
    int movies;

    @Option(names = "--size", defaultValue = "2048", description = "Frame size: N or WxH (default: 2048).")
    String size;

    @Option(names = "--frames", defaultValue = "40", description = "Frames per movie (default: 40).")
    int frames;

    @Option(names = "--pixel-size", defaultValue = "1.0", description = "Pixel size in A (default: 1.0).")
    double pixelSize;

    @Option(names = "--dose", defaultValue = "1.0", description = "Exposure per frame in e/A^2 (default: 1.0).")
    double dose;

    @Option(names = "--drift", defaultValue = "20", description = "Total whole-frame motion path in px (default: 20).")
    double drift;

    @Option(names = "--local", defaultValue = "0",
            description = "Largest local deformation at the last frame in px (default: 0).")
    double local;

    @Option(names = "--particle-motion", defaultValue = "0", description = "Largest motion of a particle on its "
            + "own at the last frame, px (default: 0). Also writes NAME_particles.star (the picks) and "
            + "NAME_particles_truth.tsv.")
    double particleMotion;

    @Option(names = "--particle-motion-decay", defaultValue = "0", description = "With --projections: time"
            + " constant of the particles' own motion in frames (default: drawn from 2-6 per movie, a burst; e.g."
            + " 400 for a steady motion).")
    double particleMotionDecay;

    @Option(names = "--projections", defaultValue = "0", description = "Instead of the phantom: this many"
            + " particles of one 3D density (CTF-modulated projections at random orientations, spatially correlated"
            + " own motion), with NAME_particles.star (poses, defocus, half sets), NAME_half1/2.mrc, NAME_mask.mrc"
            + " (soft sphere: the density's radius + 4 px, 6 px cosine edge) and the truth; for particles polish.")
    int projections;

    @Option(names = "--half-map-fsc", defaultValue = "0", paramLabel = "S", description = "--projections: noisy"
            + " half-maps as a refinement gives them: each half the density plus its own noise (seeded from the"
            + " movie's), coloured so that the halves' FSC is 0.5 at S × Nyquist (0 < S <= 1; S = 0.9: FSC"
            + " 0.99/0.90/0.67/0.5 at 0.25/0.5/0.75/0.9 Nyquist). Default: off (both halves the true density).")
    double halfMapFsc;

    @Option(names = "--particle-radius", defaultValue = "20", description = "--projections: the density's radius"
            + " (px, default 20).")
    double particleRadius;

    @Option(names = "--defocus", defaultValue = "1.5", description = "--projections: defocus (um, default 1.5).")
    double defocusUm;

    @Option(names = "--contrast", defaultValue = "0.15",
            description = "Darkening of a particle's densest part (default: 0.15).")
    double contrast;

    @Option(names = "--no-gain", description = "Uniform detector: no gain pattern and no gain reference.")
    boolean noGain;

    @Option(names = "--hot-pixels", defaultValue = "0", description = "Number of hot pixels (default: 0).")
    int hotPixels;

    @Option(names = "--damage", description = "Radiation damage: high frequencies fade with exposure "
            + "(Grant & Grigorieff's critical exposure).")
    boolean damage;

    @Option(names = "--voltage", defaultValue = "300", description = "Voltage in kV (default: 300).")
    double voltage;

    @Option(names = "--mode", defaultValue = "1", description = "MRC mode of the movie: 0, 1, 2, 6 or 12 (default: 1).")
    int mode;

    @Option(names = "--format", defaultValue = "mrc", description = "Movie format: mrc or eer (EER: 65001"
            + " compression, no gain pattern, with NAME_fmint.txt) (default: ${DEFAULT-VALUE}).")
    String format;

    @Option(names = "--eer-split", defaultValue = "10", description = "EER: raw frames per simulated frame"
            + " (default: ${DEFAULT-VALUE}).")
    int eerSplit;

    @Option(names = "--movie-set", description = "With --movies N: all movies on one camera (its gain pattern and"
            + " persistent dead/hot columns and pixels), each its own specimen; writes NAME_001.mrc, ...,"
            + " NAME_gain_truth.mrc and NAME_defects_truth.txt, for stillframe gain.")
    boolean movieSet;

    @Option(names = "--play", defaultValue = "0", paramLabel = "SECONDS", description = "With --movie-set: play a"
            + " session, a movie into --into every SECONDS (for stillframe job --watch): some whole, some growing in"
            + " chunks, some under a temporary name renamed at the end; the camera's truth goes to --out, each"
            + " movie's delivery to OUT/played.tsv.")
    double play;

    @Option(names = "--into", description = "With --play: the folder the movies are written into (default OUT/movies).")
    Path into;

    @Option(names = "--chunked-every", defaultValue = "2", description = "With --play: every Nth movie grows in"
            + " chunks (0: none; default ${DEFAULT-VALUE}).")
    int chunkedEvery;

    @Option(names = "--renamed-every", defaultValue = "3", description = "With --play: every Nth movie is written"
            + " under NAME.part and renamed (0: none; default ${DEFAULT-VALUE}).")
    int renamedEvery;

    @Option(names = "--chunk-seconds", defaultValue = "2", description = "With --play: how long a chunked or renamed"
            + " movie takes to write (default ${DEFAULT-VALUE}).")
    double chunkSeconds;

    @Option(names = "--seed", defaultValue = "1", description = "Random seed of the first movie (default: 1).")
    long seed;

    @Option(names = "--threads", defaultValue = "0", description = "Worker threads, 0 = all cores.")
    int threads;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        PrintWriter stdout = spec.commandLine().getOut();
        int[] wh;
        MrcMode mrcMode = MrcMode.of(mode);
        try {
            wh = parseSize(size);
            if (mrcMode == null || mrcMode == MrcMode.PACKED4) {
                throw new IllegalArgumentException("--mode must be 0, 1, 2, 6 or 12, got " + mode);
            }
            if (!format.equals("mrc") && !format.equals("eer")) {
                throw new IllegalArgumentException("--format must be mrc or eer, got " + format);
            }
            if (format.equals("eer") && (!noGain || eerSplit < 1)) {
                throw new IllegalArgumentException("--format eer needs --no-gain (EER counts are whole electrons)"
                        + " and --eer-split >= 1");
            }
            if (movies < 1) {
                throw new IllegalArgumentException("--movies must be at least 1");
            }
            if (movieSet && (projections > 0 || !format.equals("mrc"))) {
                throw new IllegalArgumentException("--movie-set writes MRC movies of the phantom (no --projections,"
                        + " no --format eer)");
            }
            if (play != 0 && (!movieSet || !(play > 0) || !(chunkSeconds >= 0))) {
                throw new IllegalArgumentException("--play takes a positive interval in seconds and needs --movie-set");
            }
            if (halfMapFsc != 0 && (projections <= 0 || !(halfMapFsc > 0 && halfMapFsc <= 1))) {
                throw new IllegalArgumentException("--half-map-fsc takes a fraction of Nyquist in (0, 1] and needs"
                        + " --projections, got " + halfMapFsc);
            }
            params(wh, seed); // validates
        } catch (IllegalArgumentException e) {
            err.println("stillframe simulate: " + e.getMessage());
            return Main.BAD_INPUT;
        }
        try (Workers workers = new Workers(threads > 0 ? threads : Runtime.getRuntime().availableProcessors())) {
            return simulate(wh, workers, stdout);
        } catch (IllegalArgumentException e) {
            err.println("stillframe simulate: " + e.getMessage());
            return Main.BAD_INPUT;
        }
    }

    private int simulate(int[] wh, Workers workers, PrintWriter stdout) throws IOException {
        MrcMode mrcMode = MrcMode.of(mode);
        if (movieSet && play > 0) {
            return playSession(wh, workers, stdout);
        }
        if (movieSet) {
            org.stillframe.sim.io.MovieSetWriter.Files set = org.stillframe.sim.io.MovieSetWriter.write(
                    params(wh, seed), movies, seed * 7919L + 17, out, name, mrcMode, workers);
            stdout.printf(Locale.ROOT, "%d movies %s_001.mrc ... on one camera: %d x %d x %d, %.2f e/A^2/frame;"
                    + " true gain %s, true defects %s%n", movies, out.resolve(name), wh[0], wh[1], frames, dose,
                    set.gain().getFileName(), set.defects().getFileName());
            return Main.OK;
        }
        for (int m = 0; m < movies; m++) {
            String movieName = movies == 1 ? name : String.format(Locale.ROOT, "%s_%03d", name, m + 1);
                if (projections > 0) {
                    Path written = org.stillframe.sim.io.ProjectionWriter.write(new org.stillframe.sim.ProjectionParams(
                            wh[0], wh[1], frames, pixelSize, dose, projections, particleRadius, contrast,
                            defocusUm * 1e4, voltage, drift, Math.max(particleMotion, 0.01), 400, damage,
                            seed + m, seed, particleMotionDecay), out, movieName, halfMapFsc, workers);
                    stdout.printf(Locale.ROOT, "%s: %d x %d x %d, %d particles; %s_particles.star, %s_half1.mrc,"
                            + " %s_half2.mrc (%s), %s_mask.mrc%n", written, wh[0], wh[1], frames, projections,
                            movieName, movieName, movieName, halfMapFsc > 0 ? String.format(Locale.ROOT,
                            "FSC 0.5 at %.2f Nyquist", halfMapFsc) : "noise-free", movieName);
                    continue;
                }
                SimulationParams p = params(wh, seed + m);
                SimulationWriter.Files files = format.equals("eer")
                        ? SimulationWriter.writeEer(p, out, movieName, eerSplit, workers)
                        : SimulationWriter.write(p, out, movieName, mrcMode, workers);
                stdout.printf(Locale.ROOT, "%s: %d x %d x %d, %.2f e/A^2/frame, truth in %s%n", files.movie(),
                        p.width(), p.height(), p.frames(), p.dosePerFrame(), files.truthTable().getFileName());
                stdout.flush();
        }
        return Main.OK;
    }

    /**
     * Plays the movie set as a session: each movie is made in a hidden staging folder, then delivered into the
     * movie folder at its time (a movie every --play seconds), deliveries overlapping as a detector's writes and
     * a transfer's renames do.
     */
    private int playSession(int[] wh, Workers workers, PrintWriter stdout) throws IOException {
        long detectorSeed = seed * 7919L + 17;
        SimulationParams params = params(wh, seed);
        Detector detector = Detector.random(wh[0], wh[1], detectorSeed);
        Files.createDirectories(out);
        Path[] truth = MovieSetWriter.writeTruth(detector, detectorSeed, pixelSize, out, name);
        Path folder = into != null ? into : out.resolve("movies");
        stdout.printf(Locale.ROOT, "Playing %d movies into %s, one every %.1f s (%d x %d x %d); true gain %s, true"
                + " defects %s%n", movies, folder, play, wh[0], wh[1], frames, truth[0], truth[1]);
        stdout.flush();
        List<String> names = IntStream.range(0, movies).mapToObj(m -> MovieSetWriter.movieName(name, m)).toList();
        long start = System.currentTimeMillis();
        new SessionPlayer(play, chunkSeconds, chunkedEvery, renamedEvery).play(names, (m, staged) ->
                MovieSetWriter.writeMovie(params, m, detector, detectorSeed, staged, MrcMode.of(mode), workers),
                out.resolve(".staging"), folder, out.resolve("played.tsv"), stdout);
        stdout.printf(Locale.ROOT, "Played %d movies in %.1f s%n", movies, (System.currentTimeMillis() - start) / 1000.0);
        return Main.OK;
    }

    private SimulationParams params(int[] wh, long movieSeed) {
        return new SimulationParams(wh[0], wh[1], frames, pixelSize, dose, drift, local, contrast, !noGain,
                hotPixels, 30, voltage, movieSeed, damage, particleMotion);
    }

    static int[] parseSize(String s) {
        String[] parts = s.toLowerCase(Locale.ROOT).split("x");
        try {
            if (parts.length == 1) {
                int n = Integer.parseInt(parts[0]);
                return new int[] {n, n};
            }
            if (parts.length == 2) {
                return new int[] {Integer.parseInt(parts[0]), Integer.parseInt(parts[1])};
            }
        } catch (NumberFormatException e) {
            // fall through
        }
        throw new IllegalArgumentException("--size takes N or WxH, got '" + s + "'");
    }
}
