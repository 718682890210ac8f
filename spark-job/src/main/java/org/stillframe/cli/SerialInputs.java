package org.stillframe.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.stillframe.pipeline.MotionCorSettings;
import org.stillframe.pipeline.MovieTask;

/**
 * The movies a command line names: one (-InMrc FILE), or with -Serial 1 every movie in a folder matching a
 * prefix (MotionCor2's batch mode). For -InMrc dir/prefix, a file in dir is taken when its name starts with
 * the prefix and continues with -InSuffix (case-insensitive; default: any .mrc/.mrcs) and contains no
 * -InSkips text; its output is -OutMrc's stem + the serial part (name minus prefix and suffix or extension)
 * + ".mrc" — e.g. prefix Stack_, suffix Raw.mrc, -OutMrc out/Corrected: Stack_1234Raw.mrc → out/Corrected1234.mrc.
 */
final class SerialInputs {

    private SerialInputs() {
    }

    static List<MovieTask> tasks(MotionCorArgs a, MotionCorSettings settings) throws UsageException {
        if (!a.has("-InMrc")) {
            throw new UsageException("-InMrc is required (the movie to correct)");
        }
        if (!a.has("-OutMrc")) {
            throw new UsageException("-OutMrc is required (where the aligned sum goes)");
        }
        Path in = Path.of(a.string("-InMrc"));
        Path out = Path.of(a.string("-OutMrc"));
        if (a.integer("-Serial", 0) == 0) {
            if (in.toAbsolutePath().normalize().equals(out.toAbsolutePath().normalize())) {
                throw new UsageException("-OutMrc must differ from -InMrc");
            }
            return List.of(new MovieTask(in, out, settings));
        }
        Path dir;
        String prefix;
        if (Files.isDirectory(in) || a.string("-InMrc").endsWith("/")) {
            dir = in;
            prefix = "";
        } else {
            dir = in.toAbsolutePath().getParent();
            prefix = in.getFileName().toString();
        }
        String suffix = a.has("-InSuffix") ? a.string("-InSuffix").toLowerCase(Locale.ROOT) : null;
        List<String> skips = a.list("-InSkips");
        String outStem = out.getFileName().toString().replaceFirst("(?i)\\.(mrc|st)$", "");
        List<MovieTask> tasks = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.sorted().toList()) {
                String name = f.getFileName().toString();
                String lower = name.toLowerCase(Locale.ROOT);
                if (!Files.isRegularFile(f) || !name.startsWith(prefix)) {
                    continue;
                }
                String rest = name.substring(prefix.length());
                String restLower = rest.toLowerCase(Locale.ROOT);
                String serial;
                if (suffix != null) {
                    if (!restLower.endsWith(suffix)) {
                        continue;
                    }
                    serial = rest.substring(0, rest.length() - suffix.length());
                } else {
                    if (!(lower.endsWith(".mrc") || lower.endsWith(".mrcs"))) {
                        continue;
                    }
                    serial = rest.replaceFirst("(?i)\\.mrcs?$", "");
                }
                if (skips.stream().anyMatch(s -> lower.contains(s.toLowerCase(Locale.ROOT)))) {
                    continue;
                }
                tasks.add(new MovieTask(f, out.resolveSibling(outStem + serial + ".mrc"), settings));
            }
        } catch (IOException e) {
            throw new UsageException("-InMrc " + in + ": cannot list " + dir + ": " + e.getMessage());
        }
        if (tasks.isEmpty()) {
            throw new UsageException("-Serial 1: no movies in " + dir + " match '" + prefix + "'"
                    + (suffix == null ? "" : " ... '" + suffix + "'"));
        }
        return tasks;
    }
}
