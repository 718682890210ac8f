package org.stillframe.spark;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.stillframe.io.AtomicFiles;
import org.stillframe.io.Storage;

/**
 * The job's shared storage: a local folder or any Hadoop file system. Every file appears whole or not at all
 * (written under a unique temporary name in the same folder, then renamed), so a killed or retried task never
 * leaves a partial file and a second attempt simply replaces the first.
 */
final class JobStore {

    private JobStore() {
    }

    static String child(String dir, String name) {
        return dir.endsWith("/") ? dir + name : dir + "/" + name;
    }

    static void write(String location, byte[] bytes) throws IOException {
        if (Storage.isLocal(location)) {
            AtomicFiles.write(Storage.localPath(location), bytes);
            return;
        }
        org.apache.hadoop.fs.Path target = new org.apache.hadoop.fs.Path(location);
        FileSystem fs = target.getFileSystem(new Configuration());
        org.apache.hadoop.fs.Path temp = new org.apache.hadoop.fs.Path(target.getParent(),
                "." + target.getName() + "." + UUID.randomUUID() + ".tmp");
        try (OutputStream out = fs.create(temp, true)) {
            out.write(bytes);
        }
        replace(fs, temp, target);
    }

    /** Copies a finished local file to {@code location} (a Hadoop URI), atomically. */
    static void upload(Path local, String location) throws IOException {
        org.apache.hadoop.fs.Path target = new org.apache.hadoop.fs.Path(location);
        FileSystem fs = target.getFileSystem(new Configuration());
        org.apache.hadoop.fs.Path temp = new org.apache.hadoop.fs.Path(target.getParent(),
                "." + target.getName() + "." + UUID.randomUUID() + ".tmp");
        fs.copyFromLocalFile(false, true, new org.apache.hadoop.fs.Path(local.toUri()), temp);
        replace(fs, temp, target);
    }

    private static void replace(FileSystem fs, org.apache.hadoop.fs.Path temp, org.apache.hadoop.fs.Path target)
            throws IOException {
        if (fs.exists(target)) {
            fs.delete(target, false);
        }
        if (!fs.rename(temp, target)) {
            fs.delete(temp, false);
            throw new IOException("cannot rename " + temp + " to " + target);
        }
    }

    static byte[] read(String location) throws IOException {
        if (Storage.isLocal(location)) {
            return Files.readAllBytes(Storage.localPath(location));
        }
        org.apache.hadoop.fs.Path p = new org.apache.hadoop.fs.Path(location);
        try (InputStream in = p.getFileSystem(new Configuration()).open(p)) {
            return in.readAllBytes();
        }
    }

    static boolean exists(String location) throws IOException {
        if (Storage.isLocal(location)) {
            return Files.exists(Storage.localPath(location));
        }
        org.apache.hadoop.fs.Path p = new org.apache.hadoop.fs.Path(location);
        return p.getFileSystem(new Configuration()).exists(p);
    }

    /** Files (not folders, not hidden temporaries) directly in {@code dir} whose names end with {@code suffix}. */
    static List<String> list(String dir, String suffix) throws IOException {
        List<String> out = new ArrayList<>();
        if (Storage.isLocal(dir)) {
            Path d = Storage.localPath(dir);
            if (!Files.isDirectory(d)) {
                return out;
            }
            try (var s = Files.list(d)) {
                s.filter(f -> Files.isRegularFile(f) && f.getFileName().toString().endsWith(suffix)
                                && !f.getFileName().toString().startsWith("."))
                        .sorted().forEach(f -> out.add(f.toString()));
            }
            return out;
        }
        org.apache.hadoop.fs.Path d = new org.apache.hadoop.fs.Path(dir);
        FileSystem fs = d.getFileSystem(new Configuration());
        if (!fs.exists(d)) {
            return out;
        }
        for (FileStatus st : fs.listStatus(d)) {
            String name = st.getPath().getName();
            if (st.isFile() && name.endsWith(suffix) && !name.startsWith(".")) {
                out.add(st.getPath().toString());
            }
        }
        out.sort(null);
        return out;
    }

    static void mkdirs(String dir) throws IOException {
        if (Storage.isLocal(dir)) {
            Files.createDirectories(Storage.localPath(dir));
        } else {
            org.apache.hadoop.fs.Path d = new org.apache.hadoop.fs.Path(dir);
            d.getFileSystem(new Configuration()).mkdirs(d);
        }
    }

    /**
     * Deletes the hidden temporaries ({@code .NAME.*.part}, {@code .NAME.*.tmp}) a killed run left in {@code dir};
     * returns how many. Only one job may write to an output folder at a time.
     */
    static int removeStaleTemporaries(String dir) throws IOException {
        int removed = 0;
        if (Storage.isLocal(dir)) {
            Path d = Storage.localPath(dir);
            if (!Files.isDirectory(d)) {
                return 0;
            }
            try (var s = Files.list(d)) {
                for (Path f : s.toList()) {
                    if (isTemporary(f.getFileName().toString()) && Files.deleteIfExists(f)) {
                        removed++;
                    }
                }
            }
            return removed;
        }
        org.apache.hadoop.fs.Path d = new org.apache.hadoop.fs.Path(dir);
        FileSystem fs = d.getFileSystem(new Configuration());
        if (!fs.exists(d)) {
            return 0;
        }
        for (FileStatus st : fs.listStatus(d)) {
            if (st.isFile() && isTemporary(st.getPath().getName()) && fs.delete(st.getPath(), false)) {
                removed++;
            }
        }
        return removed;
    }

    private static boolean isTemporary(String name) {
        return name.startsWith(".") && (name.endsWith(".part") || name.endsWith(".tmp"));
    }

    /** Moves a local file into a local folder, replacing any file of that name. */
    static void moveLocal(Path from, Path to) throws IOException {
        Files.move(from, to, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
