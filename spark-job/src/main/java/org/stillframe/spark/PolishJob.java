package org.stillframe.spark;

import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.stillframe.extract.HalfMaps;
import org.stillframe.extract.PolishExtraction;
import org.stillframe.particles.EmpiricalWeights;
import org.stillframe.particles.PolishOptions;
import org.stillframe.particles.PolishParticle;
import org.stillframe.polish.HalfMapPair;

/**
 * The reference-based step of a job ({@code job --polish}): phase 1's result (priors, dose weights) from the
 * driver, each movie's posed particles, and the half-maps (paths every executor can read), loaded once per JVM.
 */
public record PolishJob(Map<String, List<PolishParticle>> particles, String half1, String half2, String mask,
                        double pixelSizeA, PolishOptions options, EmpiricalWeights weights, int outBox,
                        boolean float16, java.util.Set<String> plotted) implements Serializable {

    private static final Map<String, HalfMapPair> MAPS = new ConcurrentHashMap<>();

    /** The step for one movie, or null when it has no particles. */
    PolishExtraction step(String stem, Path folder) throws IOException {
        List<PolishParticle> ps = particles.get(stem);
        if (ps == null) {
            return null;
        }
        HalfMapPair maps = maps();
        return new PolishExtraction(stem, ps, maps.half1(), maps.half2(), options, weights, folder, outBox, float16,
                plotted.contains(stem));
    }

    /** The FSC-weighted half-maps, read once per executor. */
    private HalfMapPair maps() throws IOException {
        String key = half1 + "|" + half2 + "|" + mask;
        HalfMapPair p = MAPS.get(key);
        if (p == null) {
            p = HalfMaps.loadPair(Path.of(half1), Path.of(half2), mask == null ? null : Path.of(mask), pixelSizeA);
            MAPS.put(key, p);
        }
        return p;
    }

    /** What changes the results, for the options hash. */
    List<String> signature() {
        return List.of("--polish", options.toString(), half1, half2, String.valueOf(mask), String.valueOf(outBox),
                String.valueOf(float16), Integer.toHexString(particles.hashCode()),
                Integer.toHexString(java.util.Arrays.hashCode(new double[] {weights.bFactor(0),
                    weights.bFactor(weights.frames() - 1)})));
    }
}
