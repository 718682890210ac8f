package org.stillframe.spark;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.stillframe.extract.ParticleConfig;
import org.stillframe.extract.ParticlePicks;
import org.stillframe.particles.ParticlePick;

/**
 * The per-particle step of a job ({@code job --particles}): the configuration, each movie's picks (x, y pairs by
 * stem) and the movies that get a diagnostic plot (the first ones of the dataset).
 */
public record ParticleJob(ParticleConfig config, Map<String, double[]> picks, Set<String> plotted)
        implements Serializable {

    static ParticleJob of(ParticlePicks all, ParticleConfig config, List<MovieEntry> movies) {
        Map<String, double[]> byStem = new HashMap<>();
        for (Map.Entry<String, List<Integer>> e : all.rowsByStem().entrySet()) {
            List<ParticlePick> p = all.picks(e.getValue());
            double[] xy = new double[2 * p.size()];
            for (int i = 0; i < p.size(); i++) {
                xy[2 * i] = p.get(i).x();
                xy[2 * i + 1] = p.get(i).y();
            }
            byStem.put(e.getKey(), xy);
        }
        Set<String> plotted = new HashSet<>();
        for (MovieEntry m : movies) {
            if (plotted.size() >= config.plots()) {
                break;
            }
            if (byStem.containsKey(m.stem())) {
                plotted.add(m.stem());
            }
        }
        return new ParticleJob(config, byStem, plotted);
    }

    /** The picks of a movie, or null when it has none. */
    List<ParticlePick> picksOf(String stem) {
        double[] xy = picks.get(stem);
        if (xy == null) {
            return null;
        }
        List<ParticlePick> out = new ArrayList<>();
        for (int i = 0; i + 1 < xy.length; i += 2) {
            out.add(new ParticlePick(xy[i], xy[i + 1]));
        }
        return out;
    }

    /** What changes the particle results, for the options hash. */
    List<String> signature() {
        List<String> s = new ArrayList<>(List.of("--particles", config.toString()));
        int h = 0;
        for (Map.Entry<String, double[]> e : new java.util.TreeMap<>(picks).entrySet()) {
            h = 31 * h + e.getKey().hashCode();
            h = 31 * h + java.util.Arrays.hashCode(e.getValue());
        }
        s.add(Integer.toHexString(h));
        return s;
    }
}
