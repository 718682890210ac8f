package org.stillframe.io;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Opens an input for random-access reading. A plain path or a {@code file:} URI is read with the JDK (no Hadoop
 * set-up); any other scheme ({@code hdfs://}, {@code s3a://}, ...) goes through Hadoop's {@code FileSystem}, whose
 * classes are only loaded then.
 */
public final class Storage {

    private Storage() {
    }

    /** True when {@code location} names a local file (a path or a {@code file:} URI). */
    public static boolean isLocal(String location) {
        String scheme = scheme(location);
        return scheme == null || scheme.equals("file");
    }

    /** The local path of a path or {@code file:} URI. */
    public static Path localPath(String location) {
        return scheme(location) == null ? Path.of(location) : Path.of(URI.create(location));
    }

    /** Opens {@code location} for reading; the caller owns the channel. Errors name the location. */
    public static SeekableByteChannel openRead(String location) throws IOException {
        if (!isLocal(location)) {
            return HadoopChannel.open(location);
        }
        Path path = localPath(location);
        if (Files.isDirectory(path)) {
            throw new BadInputException(location, "is a directory, not a movie file");
        }
        try {
            return FileChannel.open(path, StandardOpenOption.READ);
        } catch (NoSuchFileException e) {
            throw new BadInputException(location, "no such file");
        } catch (IOException e) {
            throw new BadInputException(location, "cannot be opened: " + e.getMessage());
        }
    }

    /** The last path element of a location, e.g. "movie.tif" for "s3a://bucket/run/movie.tif". */
    public static String fileName(String location) {
        String s = location.endsWith("/") ? location.substring(0, location.length() - 1) : location;
        int slash = Math.max(s.lastIndexOf('/'), s.lastIndexOf('\\'));
        return s.substring(slash + 1);
    }

    private static String scheme(String location) {
        // A Windows drive letter ("C:") or a path without "://" is not a URI scheme.
        int colon = location.indexOf(':');
        if (colon < 2 || !location.startsWith("//", colon + 1) && !location.startsWith("file:")) {
            return null;
        }
        try {
            return new URI(location).getScheme();
        } catch (URISyntaxException e) {
            return null;
        }
    }
}
