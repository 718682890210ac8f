package org.stillframe.spark;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.stillframe.io.BadInputException;
import org.stillframe.io.star.StarFile;
import org.stillframe.options.PerMovie;
import org.stillframe.log.MotionCorLogs;

/**
 * The movies of a dataset, from a glob ({@code /data/run1/*.tiff}), a folder (every movie file in it), a text
 * list (one location per line, relative to the list's folder) or a RELION {@code movies.star}
 * ({@code _rlnMicrographMovieName}, relative to the RELION project: the STAR file's folder or the nearest
 * parent where the first movie exists), on any Hadoop file system. Largest first, so the longest tasks start
 * first and the executors finish together.
 */
public final class DatasetListing {

    static final List<String> MOVIE_EXTENSIONS = List.of(".mrc", ".mrcs", ".tif", ".tiff", ".eer", ".mrc.bz2",
            ".mrcs.bz2", ".tif.bz2", ".tiff.bz2", ".eer.bz2");

    private DatasetListing() {
    }

    public static List<MovieEntry> list(String dataset) throws IOException {
        Configuration conf = new Configuration();
        Path path = new Path(dataset);
        FileSystem fs = path.getFileSystem(conf);
        List<FileStatus> files = new ArrayList<>();
        Map<String, StarRow> fromStar = new HashMap<>();
        String lower = dataset.toLowerCase(Locale.ROOT);
        if (isGlob(dataset)) {
            files = globOrFolder(fs, path, name -> true);
        } else if (!fs.exists(path)) {
            throw new BadInputException(dataset, "no such file or folder");
        } else if (fs.getFileStatus(path).isDirectory()) {
            files = globOrFolder(fs, path, DatasetListing::isMovie);
        } else if (lower.endsWith(".star")) {
            files = fromStar(fs, path, dataset, fromStar);
        } else if (isMovie(path.getName())) {
            files = List.of(fs.getFileStatus(path)); // one movie
        } else {
            files = fromList(fs, path, dataset);
        }
        if (files.isEmpty()) {
            throw new BadInputException(dataset, "lists no movies");
        }
        // Movies of a dataset named by a plain local path keep plain local paths (in messages and tables).
        boolean plainLocal = path.toUri().getScheme() == null;
        Map<String, String> stems = new HashMap<>();
        List<MovieEntry> movies = new ArrayList<>();
        for (FileStatus s : files) {
            String location = plainLocal && "file".equals(s.getPath().toUri().getScheme())
                    ? s.getPath().toUri().getPath() : s.getPath().toString();
            String stem = MotionCorLogs.stem(s.getPath().getName());
            String other = stems.put(stem, location);
            if (other != null) {
                throw new BadInputException(dataset, "two movies would write the same outputs '" + stem + "': "
                        + other + " and " + location);
            }
            StarRow star = fromStar.get(s.getPath().toString());
            movies.add(star == null ? new MovieEntry(location, stem, s.getLen(), s.getModificationTime())
                    : new MovieEntry(location, stem, s.getLen(), s.getModificationTime(), star.group(), star.perMovie()));
        }
        movies.sort(Comparator.comparingLong(MovieEntry::sizeBytes).reversed()
                .thenComparing(MovieEntry::location));
        return movies;
    }

    static boolean isGlob(String location) {
        return location.chars().anyMatch(c -> c == '*' || c == '?' || c == '[' || c == '{');
    }

    /** The files a glob matches, or the files in a folder whose names {@code keep} accepts. */
    static List<FileStatus> globOrFolder(FileSystem fs, Path path, java.util.function.Predicate<String> keep)
            throws IOException {
        FileStatus[] found = isGlob(path.toString()) ? fs.globStatus(path) : fs.listStatus(path);
        List<FileStatus> out = new ArrayList<>();
        for (FileStatus s : found == null ? new FileStatus[0] : found) {
            if (s.isFile() && keep.test(s.getPath().getName())) {
                out.add(s);
            }
        }
        return out;
    }

    static boolean isMovie(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return !name.startsWith(".") && MOVIE_EXTENSIONS.stream().anyMatch(lower::endsWith);
    }

    private static List<FileStatus> fromList(FileSystem fs, Path list, String dataset) throws IOException {
        List<FileStatus> out = new ArrayList<>();
        String text = new String(fs.open(list).readAllBytes(), StandardCharsets.UTF_8);
        for (String line : text.split("\\R")) {
            String t = line.strip();
            if (t.isEmpty() || t.startsWith("#")) {
                continue;
            }
            out.add(status(fs, resolve(list.getParent(), t)));
        }
        return out;
    }

    /** A movies.star row's optics group and what its optics say about the movie. */
    record StarRow(int group, PerMovie perMovie) {
    }

    /**
     * What an optics group of a movies.star says about its movies: pixel size, voltage and, where the group names
     * one (RELION 4+), the gain reference.
     */
    static Map<Integer, PerMovie> optics(StarFile file, Path root) {
        Map<Integer, PerMovie> out = new HashMap<>();
        StarFile.Block optics = file.blocks().get("optics");
        if (optics == null || optics.column("_rlnOpticsGroup") < 0) {
            return out;
        }
        for (String[] row : optics.rows()) {
            int gain = optics.column("_rlnMicrographGainName");
            PerMovie values = new PerMovie(number(optics, row, "_rlnMicrographOriginalPixelSize"),
                    number(optics, row, "_rlnVoltage"),
                    gain >= 0 && !row[gain].isEmpty() ? resolve(root, row[gain]).toUri().getPath() : null,
                    null, null, null);
            try {
                out.put(Integer.parseInt(row[optics.column("_rlnOpticsGroup")]), values);
            } catch (NumberFormatException e) {
                // a malformed group number: its movies get no defaults
            }
        }
        return out;
    }

    /** A column's number, null without the column, NaN when unreadable (then its movies fail, the rest go on). */
    private static Double number(StarFile.Block b, String[] row, String column) {
        int c = b.column(column);
        if (c < 0) {
            return null;
        }
        try {
            return Double.parseDouble(row[c]);
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    private static List<FileStatus> fromStar(FileSystem fs, Path star, String dataset, Map<String, StarRow> rows)
            throws IOException {
        StarFile file = StarFile.parse(new String(fs.open(star).readAllBytes(), StandardCharsets.UTF_8), dataset);
        StarFile.Block block = file.blockWithColumn("_rlnMicrographMovieName");
        if (block == null) {
            throw new BadInputException(dataset, "has no _rlnMicrographMovieName column (not a RELION movies.star)");
        }
        int column = block.column("_rlnMicrographMovieName");
        if (block.rows().isEmpty()) {
            return List.of();
        }
        // RELION's paths are relative to its project folder: the STAR file's folder or one of its parents.
        String first = block.rows().get(0)[column];
        Path root = star.getParent();
        while (root != null && !new Path(first).isAbsolute() && !fs.exists(new Path(root, first))) {
            root = root.getParent();
        }
        if (root == null) {
            throw new BadInputException(dataset, "movie " + first + " is not found beside the STAR file or in any"
                    + " folder above it");
        }
        Map<Integer, PerMovie> optics = optics(file, root);
        int groupColumn = block.column("_rlnOpticsGroup");
        List<FileStatus> out = new ArrayList<>();
        for (int i = 0; i < block.rows().size(); i++) {
            FileStatus st = status(fs, resolve(root, block.rows().get(i)[column]));
            int group = 1;
            if (groupColumn >= 0) {
                try {
                    group = Integer.parseInt(block.rows().get(i)[groupColumn]);
                } catch (NumberFormatException e) {
                    throw new BadInputException(dataset, "row " + (i + 1) + ": optics group '"
                            + block.rows().get(i)[groupColumn] + "' is not a number");
                }
            }
            rows.put(st.getPath().toString(), new StarRow(group, optics.getOrDefault(group, PerMovie.NONE)));
            out.add(st);
        }
        return out;
    }

    private static Path resolve(Path dir, String entry) {
        Path p = new Path(entry);
        return p.isAbsolute() || p.toUri().getScheme() != null ? p : new Path(dir, entry);
    }

    private static FileStatus status(FileSystem fs, Path p) throws IOException {
        FileSystem owner = p.getFileSystem(fs.getConf());
        if (!owner.exists(p)) {
            // A listed movie that is missing is that movie's failure, not the dataset's: keep it, size 0.
            return new FileStatus(0, false, 0, 0, 0, owner.makeQualified(p));
        }
        return owner.getFileStatus(p);
    }
}
