package org.stillframe.extract;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.stillframe.io.BadInputException;

/**
 * Per-particle trajectories ({@code STEM_trajectories.tsv}) scored against a simulated movie's truth ({@code
 * NAME_particles_truth.tsv}): RMS over particles and frames of the total correction's error, the same with each
 * particle's constant offset removed, and the error of the movie's motion alone (total minus residual). The
 * trajectories are relative to the frame their micrograph was registered to (the table's "# reference frame: K"
 * line, 1 without one), the truth to frame 1: the truth is taken relative to frame K before comparing.
 */
public final class ParticleAccuracy {

    /** Scores of the particles within a range of radii. */
    public record Score(int particles, int fallbacks, double rmsPx, double rmsCentredPx, double movieMotionRmsPx) {
    }

    private ParticleAccuracy() {
    }

    /** Scores the particles whose simulated radius (px) is in [minRadius, maxRadius). */
    public static Score score(Path truth, Path trajectories, double minRadius, double maxRadius) throws IOException {
        Map<String, double[]> t = new HashMap<>(); // "particle/frame" -> {shift x, shift y}
        for (String[] v : rows(truth, 9)) {
            double radius = Double.parseDouble(v[3]);
            if (radius >= minRadius && radius < maxRadius) {
                t.put(v[0] + "/" + v[4], new double[] {Double.parseDouble(v[5]), Double.parseDouble(v[6])});
            }
        }
        int reference = referenceFrame(trajectories);
        Map<String, double[]> relative = new HashMap<>();
        for (Map.Entry<String, double[]> e : t.entrySet()) {
            double[] atReference = t.get(e.getKey().substring(0, e.getKey().indexOf('/') + 1) + reference);
            if (atReference == null) {
                throw new BadInputException(truth.toString(), "no frame " + reference + " (the trajectories' reference)");
            }
            relative.put(e.getKey(), new double[] {e.getValue()[0] - atReference[0], e.getValue()[1] - atReference[1]});
        }
        t = relative;
        Map<String, List<double[]>> errors = new HashMap<>(); // particle -> {dx, dy, movie-only dx, dy}
        Set<String> fallbacks = new HashSet<>();
        for (String[] v : rows(trajectories, 10)) {
            double[] truthShift = t.get(v[0] + "/" + v[3]);
            if (truthShift == null) {
                continue;
            }
            double sx = Double.parseDouble(v[4]);
            double sy = Double.parseDouble(v[5]);
            errors.computeIfAbsent(v[0], k -> new java.util.ArrayList<>()).add(new double[] {sx - truthShift[0],
                sy - truthShift[1], sx - Double.parseDouble(v[6]) - truthShift[0],
                sy - Double.parseDouble(v[7]) - truthShift[1]});
            if (Boolean.parseBoolean(v[9])) {
                fallbacks.add(v[0]);
            }
        }
        double e = 0;
        double centred = 0;
        double movie = 0;
        int cells = 0;
        for (List<double[]> d : errors.values()) {
            double mx = d.stream().mapToDouble(x -> x[0]).average().orElse(0);
            double my = d.stream().mapToDouble(x -> x[1]).average().orElse(0);
            for (double[] x : d) {
                e += x[0] * x[0] + x[1] * x[1];
                centred += (x[0] - mx) * (x[0] - mx) + (x[1] - my) * (x[1] - my);
                movie += x[2] * x[2] + x[3] * x[3];
                cells++;
            }
        }
        int c = Math.max(1, cells);
        return new Score(errors.size(), fallbacks.size(), Math.sqrt(e / c), Math.sqrt(centred / c),
                Math.sqrt(movie / c));
    }

    /** The 1-based frame a trajectory table is relative to ("# reference frame: K"), 1 when it does not say. */
    static int referenceFrame(Path trajectories) throws IOException {
        if (!Files.isRegularFile(trajectories)) {
            throw new BadInputException(trajectories.toString(), "no such file");
        }
        for (String line : Files.readAllLines(trajectories)) {
            if (line.startsWith("# reference frame:")) {
                try {
                    return Integer.parseInt(line.substring("# reference frame:".length()).trim());
                } catch (NumberFormatException e) {
                    throw new BadInputException(trajectories.toString(), "bad reference frame line: " + line);
                }
            }
        }
        return 1;
    }

    private static List<String[]> rows(Path file, int columns) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new BadInputException(file.toString(), "no such file");
        }
        List<String[]> out = new java.util.ArrayList<>();
        for (String line : Files.readAllLines(file)) {
            if (line.startsWith("#") || line.isBlank() || line.startsWith("particle")) {
                continue;
            }
            String[] v = line.split("\t");
            if (v.length < columns) {
                throw new BadInputException(file.toString(), "a row has " + v.length + " columns, expected "
                        + columns);
            }
            out.add(v);
        }
        return out;
    }
}
