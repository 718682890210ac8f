package org.stillframe.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.stillframe.movie.MovieTask;
import org.stillframe.options.MotionCorArgs;
import org.stillframe.options.MotionCorSettings;
import org.stillframe.options.UsageException;

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
        String flag = inputFlag(a);
        if (!a.has("-OutMrc")) {
            throw new UsageException("-OutMrc is required (where the aligned sum goes)");
        }
        Path in = Path.of(a.string(flag));
        Path out = Path.of(a.string("-OutMrc"));
        if (a.integer("-Serial", 0) == 0) {
            if (in.toAbsolutePath().normalize().equals(out.toAbsolutePath().normalize())) {
                throw new UsageException("-OutMrc must differ from " + flag);
            }
            return List.of(new MovieTask(a.string(flag), out, settings));
        }
        Path dir;
        String prefix;
        if (Files.isDirectory(in) || a.string(flag).endsWith("/")) {
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
                    String ext = extension(lower, flag);
                    if (ext == null) {
                        continue;
                    }
                    serial = rest.substring(0, rest.length() - ext.length());
                }
                if (skips.stream().anyMatch(s -> lower.contains(s.toLowerCase(Locale.ROOT)))) {
                    continue;
                }
                tasks.add(new MovieTask(f.toString(), out.resolveSibling(outStem + serial + ".mrc"), settings));
            }
        } catch (IOException e) {
            throw new UsageException(flag + " " + in + ": cannot list " + dir + ": " + e.getMessage());
        }
        if (tasks.isEmpty()) {
            throw new UsageException("-Serial 1: no movies in " + dir + " match '" + prefix + "'"
                    + (suffix == null ? "" : " ... '" + suffix + "'"));
        }
        return tasks;
    }

    /** Which of -InMrc, -InTiff, -InEer names the input (exactly one must). */
    static String inputFlag(MotionCorArgs a) throws UsageException {
        List<String> given = Stream.of("-InMrc", "-InTiff", "-InEer").filter(a::has).toList();
        if (given.isEmpty()) {
            throw new UsageException("-InMrc, -InTiff or -InEer is required (the movie to correct)");
        }
        if (given.size() > 1) {
            throw new UsageException("give one input, not " + String.join(" and ", given));
        }
        return given.get(0);
    }

    /** The movie extension a batch takes for each input flag (compressed copies too), or null. */
    private static String extension(String lowerName, String flag) {
        List<String> exts = switch (flag) {
            case "-InTiff" -> List.of(".tiff", ".tif", ".tiff.bz2", ".tif.bz2");
            case "-InEer" -> List.of(".eer", ".eer.bz2");
            default -> List.of(".mrcs", ".mrc", ".mrc.bz2", ".mrcs.bz2");
        };
        return exts.stream().filter(lowerName::endsWith).findFirst().orElse(null);
    }
}
