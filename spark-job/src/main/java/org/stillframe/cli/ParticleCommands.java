package org.stillframe.cli;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.stillframe.options.MotionCorArgs;
import org.stillframe.options.MotionCorSettings;
import org.stillframe.options.SettingsFromFlags;
import org.stillframe.options.UsageException;
import org.stillframe.spark.DatasetListing;
import org.stillframe.spark.MovieEntry;

/** What the particle commands share: the dataset's first movies and the movie flags with patches by default. */
final class ParticleCommands {

    private ParticleCommands() {
    }

    /** The dataset's movies, the first {@code max} (0 = all). */
    static List<MovieEntry> movies(String dataset, int max) throws IOException {
        List<MovieEntry> entries = DatasetListing.list(dataset);
        return max > 0 && entries.size() > max ? entries.subList(0, max) : entries;
    }

    /** The MotionCor2 settings of the flags given after --, with -Patch 5 5 unless a -Patch is given. */
    static MotionCorSettings settingsWithPatches(List<String> flags) throws UsageException {
        List<String> all = new ArrayList<>(List.of("-InMrc", "movie.mrc", "-OutMrc", "sum.mrc"));
        all.addAll(flags);
        if (flags.stream().noneMatch(f -> f.equalsIgnoreCase("-Patch"))) {
            all.addAll(List.of("-Patch", "5", "5"));
        }
        return SettingsFromFlags.settings(MotionCorArgs.parse(all.toArray(String[]::new)));
    }
}
