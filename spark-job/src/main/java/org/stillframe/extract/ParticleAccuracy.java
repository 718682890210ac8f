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

    /**
     * Scores of the particles within a range of radii; {@code kept} and {@code movieMotionKept}: the fraction of the
     * signal a dose-weighted sum keeps along the trajectories and along the movie's motion alone
     * ({@link DoseWeighting}; NaN without one).
     */
    public record Score(int particles, int fallbacks, double rmsPx, double rmsCentredPx, double movieMotionRmsPx,
                        double kept, double movieMotionKept) {
    }

    /**
     * What a dose-weighted sum keeps of a particle's signal when its frames are misplaced by errors δ_f (each
     * particle's mean error removed: a constant shift does not blur): per frequency k,
     * K(k) = Σ_f A_f(k)² cos(2π k·(δ_f − δ̄)) / Σ_f A_f(k)², A_f Grant & Grigorieff's amplitude after frame f (the
     * sum weighted by A_f, as dose weighting does), averaged over 16 directions of k and over frequencies from 1/30 Å
     * to Nyquist in proportion to their number (a flat particle spectrum). 1 = nothing lost.
     *
     * @param dosePerFrame e/Å² per frame
     */
    public record DoseWeighting(double dosePerFrame, double pixelSizeA, double voltageKv) {

        double kept(List<double[]> errors, int component) {
            int n = errors.size();
            double mx = 0;
            double my = 0;
            for (double[] e : errors) {
                mx += e[component] / n;
                my += e[component + 1] / n;
            }
            double factor = org.stillframe.dose.CriticalExposure.voltageFactor(voltageKv);
            double num = 0;
            double den = 0;
            int steps = 48;
            for (int i = 1; i <= steps; i++) {
                double kPx = 0.5 * i / steps; // cycles per pixel
                double kA = kPx / pixelSizeA;
                if (kA < 1 / 30.0) {
                    continue;
                }
                double ne = org.stillframe.dose.CriticalExposure.of(kA, factor);
                for (int d = 0; d < 16; d++) {
                    double ux = Math.cos(Math.PI * d / 16);
                    double uy = Math.sin(Math.PI * d / 16);
                    double k = 0;
                    double w = 0;
                    for (int f = 0; f < n; f++) {
                        double a = Math.exp(-dosePerFrame * (f + 1) / (2 * ne));
                        double[] e = errors.get(f);
                        k += a * a * Math.cos(2 * Math.PI * kPx * (ux * (e[component] - mx)
                                + uy * (e[component + 1] - my)));
                        w += a * a;
                    }
                    num += kPx * k / w;
                    den += kPx;
                }
            }
            return num / den;
        }
    }

    /** Scores the particles whose simulated radius (px) is in [minRadius, maxRadius). */
    public static Score score(Path truth, Path trajectories, double minRadius, double maxRadius) throws IOException {
        return score(truth, trajectories, minRadius, maxRadius, null);
    }

    private ParticleAccuracy() {
    }

    /** The same, with the dose-weighted signal kept when {@code dose} is given (else NaN). */
    public static Score score(Path truth, Path trajectories, double minRadius, double maxRadius, DoseWeighting dose)
            throws IOException {
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
        double kept = Double.NaN;
        double movieKept = Double.NaN;
        if (dose != null && !errors.isEmpty()) {
            kept = 0;
            movieKept = 0;
            for (List<double[]> d : errors.values()) {
                kept += dose.kept(d, 0) / errors.size();
                movieKept += dose.kept(d, 2) / errors.size();
            }
        }
        return new Score(errors.size(), fallbacks.size(), Math.sqrt(e / c), Math.sqrt(centred / c),
                Math.sqrt(movie / c), kept, movieKept);
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
