package org.stillframe.watch;

import com.typesafe.config.Config;
import java.io.Serializable;
import java.nio.file.FileSystems;
import java.nio.file.PathMatcher;
import java.nio.file.Paths;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * When a movie the microscope is writing counts as complete (the watcher's {@code stillframe.watch} settings):
 * <ul>
 *   <li>its name is not a temporary one ({@code ignore}: hidden names and {@code *.tmp}, {@code *.part},
 *       {@code *~} by default), so a file written under a temporary name and renamed into place is seen only
 *       once renamed;</li>
 *   <li>its size and modification time have not changed for {@code stable-seconds} (a file still growing, as
 *       SerialEM and the detectors' own software write them frame by frame);</li>
 *   <li>with {@code sidecar} set, its sidecar exists ({@code "{name}.mdoc"}: SerialEM's per-movie mdoc;
 *       {@code "{stem}.xml"}: an EPU-style metadata file), however late it comes.</li>
 * </ul>
 *
 * @param stableMillis how long size and time must stay unchanged
 * @param ignore       glob patterns of names never taken (matched against the file name)
 * @param sidecar      sidecar name template ({@code {name}}: the movie's file name, {@code {stem}}: it without its
 *                     movie extensions), or "" for none
 */
public record CompletenessRules(long stableMillis, List<String> ignore, String sidecar) implements Serializable {

    public CompletenessRules {
        if (stableMillis < 0) {
            throw new IllegalArgumentException("stable-seconds must be >= 0, got " + stableMillis / 1000.0);
        }
        ignore = List.copyOf(ignore);
        sidecar = sidecar == null ? "" : sidecar.strip();
    }

    /** The rules of a {@code stillframe.watch} configuration. */
    public static CompletenessRules of(Config watch) {
        return new CompletenessRules(Math.round(watch.getDouble("stable-seconds") * 1000),
                watch.getStringList("ignore"), watch.getString("sidecar"));
    }

    /** Whether a file of this name may be a movie at all (temporary names never are). */
    public boolean eligible(String fileName) {
        java.nio.file.Path name = Paths.get(fileName);
        for (String pattern : ignore) {
            if (MATCHERS.computeIfAbsent(pattern, p -> FileSystems.getDefault().getPathMatcher("glob:" + p))
                    .matches(name)) {
                return false;
            }
        }
        return true;
    }

    /** Compiled once: a listing of 100,000 names is checked every poll. */
    private static final Map<String, PathMatcher> MATCHERS = new ConcurrentHashMap<>();

    /** The sidecar's file name for a movie file name, or null when none is needed. */
    public String sidecarOf(String fileName, String stem) {
        if (sidecar.isEmpty()) {
            return null;
        }
        return sidecar.replace("{name}", fileName).replace("{stem}", stem);
    }

    /** One line for the log: the rules in words. */
    public String describe() {
        return String.format(Locale.ROOT, "complete when unchanged for %.1f s%s; names ignored: %s",
                stableMillis / 1000.0, sidecar.isEmpty() ? "" : " and its sidecar " + sidecar + " exists",
                String.join(" ", ignore));
    }
}
