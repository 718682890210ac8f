package org.stillframe.spark;

import java.io.IOException;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.stillframe.extract.ParticleExtraction;
import org.stillframe.options.MotionCorSettings;
import org.stillframe.particles.ParticlePick;
import org.stillframe.pipeline.MoviePipeline;

/**
 * What every executor needs to correct a movie: where outputs go, the settings (built once on the driver from the
 * same MotionCor2-style flags as {@code stillframe motioncor}), the workflows' per-movie steps, and the hash that
 * says whether an earlier result still holds.
 *
 * @param output       output folder (local path or Hadoop URI)
 * @param motionCor    the motioncor flags, without -InMrc/-OutMrc/-LogDir (as given: they make the options hash)
 * @param settings     the same flags as settings, built once on the driver (a movie's own values go over them)
 * @param optionsHash  hash of the stillframe version and the flags that change results
 * @param version      stillframe version
 * @param particles    the per-particle step, or null
 * @param polish       the reference-based (polishing) step, or null
 */
public record JobSpec(String output, List<String> motionCor, MotionCorSettings settings, String optionsHash,
                      String version, ParticleJob particles, PolishJob polish) implements Serializable {

    /** Flags that change where or how fast, not what: left out of the hash. */
    private static final Set<String> NOT_HASHED = Set.of("-logdir", "-threads", "-gpu", "-serial");

    public static JobSpec of(String output, List<String> motionCor, MotionCorSettings settings, String version) {
        return new JobSpec(output, List.copyOf(motionCor), settings, hash(motionCor, version), version, null, null);
    }

    /** The same job with a per-particle step after each movie (its settings and picks join the hash). */
    public JobSpec withParticles(ParticleJob p) {
        List<String> hashed = new ArrayList<>(motionCor);
        hashed.addAll(p.signature());
        return new JobSpec(output, motionCor, settings, hash(hashed, version), version, p, polish);
    }

    /** The same job with the reference-based step after each movie (phase 1's result joins the hash). */
    public JobSpec withPolish(PolishJob p) {
        List<String> hashed = new ArrayList<>(motionCor);
        hashed.addAll(p.signature());
        return new JobSpec(output, motionCor, settings, hash(hashed, version), version, particles, p);
    }

    /**
     * The workflows' step for one movie after its correction, writing under {@code folder}: the polishing one
     * (Polish/), else the particle one (Particles/); null when the movie has nothing to track.
     */
    MoviePipeline.FrameStep frameStep(String stem, Path folder) throws IOException {
        if (polish != null) {
            return polish.step(stem, folder.resolve("Polish"));
        }
        List<ParticlePick> picks = particles == null ? null : particles.picksOf(stem);
        return picks == null ? null : new ParticleExtraction(stem, picks, folder.resolve("Particles"),
                particles.config(), particles.plotted().contains(stem));
    }

    String outcomesDir() {
        return outcomesDir(output);
    }

    /** Where a job writing to {@code output} records each movie's outcome. */
    static String outcomesDir(String output) {
        return JobStore.child(JobStore.child(output, "_stillframe"), "outcomes");
    }

    String tablesDir() {
        return JobStore.child(output, "tables");
    }

    static String hash(List<String> flags, String version) {
        List<String> kept = new ArrayList<>();
        boolean skipping = false;
        for (String f : flags) {
            if (f.startsWith("-") && f.length() > 1 && Character.isLetter(f.charAt(1))) {
                skipping = NOT_HASHED.contains(f.toLowerCase(Locale.ROOT));
                if (!skipping) {
                    kept.add(f.toLowerCase(Locale.ROOT));
                }
            } else if (!skipping) {
                kept.add(f);
            }
        }
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update((version + "\n" + String.join("\u0000", kept)).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(sha.digest(), 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
